"""The README names every account that ``scripts/run`` (seed-demo) prints."""

from __future__ import annotations

import re
from pathlib import Path

from portal.demo.seed import DEMO_STAFF

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_demo_account_with_its_role():
    text = README.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+@nkp2\.example)` \| [^|]+\|$", text, re.MULTILINE))
    assert listed == {email for email, *_ in DEMO_STAFF}
    assert "`deputy@nkp2.example` | deputy director, approver" in text
