"""Each audience reads its own words: "ท่าน" for the reporter, "ผู้แจ้ง" for staff.

Checked on the sources (templates and label tables), so a new page cannot slip the wrong
audience's wording in; the staff and tracking pages are checked rendered in
tests/browser/test_audiences.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal import labels as reporter_labels
from portal.staff import labels as staff_labels

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
REPORTER_TEMPLATES = [
    *sorted((TEMPLATES / "public").glob("*.html")),
    *sorted((TEMPLATES / "tracking").glob("*.html")),
    *sorted((TEMPLATES / "email").glob("case_*")),
    *sorted((TEMPLATES / "email").glob("_reporter.*")),
]
STAFF_TEMPLATES = [
    *sorted((TEMPLATES / "staff").glob("*.html")),
    *sorted((TEMPLATES / "admin").glob("*.html")),
    *sorted((TEMPLATES / "email").glob("staff_*")),
]
STAFF_WORDS = re.compile("ผู้แจ้ง|ผู้ร้อง")
# How the reporter's own pages speak of what the reporter did or is asked for.
REPORTER_WORDS = re.compile("จากท่าน|ท่านส่ง|ท่านยื่น|ท่านแจ้ง|ท่านยืนยัน|ท่านโต้แย้ง|ท่านประเมิน"
                            "|เรื่องของท่าน")


def _strings(*tables: dict) -> list[str]:
    return [str(text) for table in tables for text in table.values()]


def test_the_lists_are_not_empty():
    assert len(REPORTER_TEMPLATES) >= 10 and len(STAFF_TEMPLATES) >= 20


@pytest.mark.parametrize("path", REPORTER_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_reporter_template_uses_the_staff_wording(path):
    assert not STAFF_WORDS.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", STAFF_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_staff_template_uses_the_reporter_wording(path):
    text = path.read_text(encoding="utf-8")
    assert not REPORTER_WORDS.findall(text)
    for phrase in _strings(reporter_labels.STATUS, reporter_labels.EVENT):
        if "ท่าน" in phrase:
            assert phrase not in text


def test_reporter_labels_speak_to_the_reporter(app):
    texts = _strings(reporter_labels.STATUS, reporter_labels.STATUS_HELP, reporter_labels.EVENT,
                     reporter_labels.OUTCOME, reporter_labels.DECLINE_REASON)
    assert not [t for t in texts if STAFF_WORDS.search(t)]
    assert "รอข้อมูลเพิ่มเติมจากท่าน" in texts and "ท่านส่งข้อมูลเพิ่มเติม" in texts


def test_staff_labels_speak_of_the_reporter(app):
    texts = _strings(staff_labels.STATUS, staff_labels.EVENT)
    assert not [t for t in texts if "ท่าน" in t]
    assert "รอข้อมูลเพิ่มเติมจากผู้แจ้ง" in texts and "ผู้แจ้งส่งข้อมูลเพิ่มเติม" in texts
    assert set(staff_labels.STATUS) == set(reporter_labels.STATUS)
    assert set(staff_labels.EVENT) == set(reporter_labels.EVENT)
