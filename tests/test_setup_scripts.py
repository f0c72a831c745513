"""scripts/test and scripts/run install Debian packages without failing on another apt's lock."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Stand-ins for apt-get and sudo that record their arguments, one call per line.
RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


def test_apt_install_waits_for_the_dpkg_lock(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("apt-get", "sudo"):
        (bin_dir / name).write_text(RECORDER)
        (bin_dir / name).chmod(0o755)
    calls = tmp_path / "calls"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CALLS": str(calls)}
    subprocess.run(
        ["bash", "-c", "source scripts/_apt.sh && apt_install chromium"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    apt_calls = [
        line for line in calls.read_text().splitlines() if "update" in line or "install" in line
    ]
    assert any(" update " in f" {c} " for c in apt_calls)
    assert any("install -y -qq chromium" in c for c in apt_calls)
    for call in apt_calls:
        assert "-o DPkg::Lock::Timeout=600" in call, call


def test_no_script_calls_apt_get_directly():
    for script in ("scripts/test", "scripts/run", "scripts/_env.sh"):
        text = (ROOT / script).read_text()
        assert "apt-get" not in text, f"{script} should install through apt_install"
