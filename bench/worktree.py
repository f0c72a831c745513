"""An earlier revision of the portal checked out beside this one, for benchmarks that measure
the current code against it in the same run (``--against REV``)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check_revision(revision: str) -> None:
    """Exit at once, before any work, when ``revision`` is not a commit of this repository."""
    known = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet",
                            f"{revision}^{{commit}}"], capture_output=True)
    if known.returncode != 0:
        raise SystemExit(f"--against {revision}: not a commit of this repository")


@contextlib.contextmanager
def checkout_of(revision: str, scratch: Path) -> Iterator[Path]:
    """A temporary git worktree of ``revision`` under ``scratch``, ready to run: its compiled
    catalogues and font subsets (build output, not in git) made, this checkout's virtual
    environment linked in. Removed afterwards."""
    path = scratch / "against"
    added = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path),
                            revision], capture_output=True, text=True)
    if added.returncode != 0:
        raise SystemExit(f"--against {revision}: {added.stderr.strip()}")
    try:
        subprocess.run([str(ROOT / ".venv" / "bin" / "pybabel"), "compile", "--use-fuzzy",
                        "-d", "portal/translations"], cwd=path, check=True, capture_output=True)
        subprocess.run(["cp", "-r", str(ROOT / "static" / "fonts"), str(path / "static")],
                       check=True)
        (path / ".venv").symlink_to(ROOT / ".venv")
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                       capture_output=True)
