"""What points to one pupil: a class with its room (ป.5/2, ม.3/1, ชั้นประถมศึกษาปีที่ 4 ห้อง 2),
a roll number (เลขที่ 12) and a student number. A grade alone (ชั้น ป.6) is no one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from portal.publishing.pii.text import Hit, hit

# ป/ม/อ alone begins many words (รวม 3/4): without its dot it stands alone or after นักเรียน.
_LETTER = r"(?:(?<![\u0e01-\u0e4e.])|(?<=นักเรียน)|(?<=ชั้น)|(?<=ห้อง))[ปมอ]\s?|[ปมอ]\.\s?"
_GRADE = (rf"(?:ชั้น\s*)?(?:(?:{_LETTER}|ประถม\s?|มัธยม\s?|อนุบาล\s?"
          r"|(?:ประถมศึกษา|มัธยมศึกษา|อนุบาล)\s*ปีที่\s?)[1-6])")
_ROOM = r"(?:\s?/\s?\d{1,2}(?![\d/])|\s*ห้อง(?:ที่)?\s?\d{1,2}(?!\d))"
_ROLL = r"\s*(?:เลขที่|เลขที|ลำดับที่)\s?\d{1,2}(?![\d/])"
# ป.5/2 or ชั้นประถมศึกษาปีที่ 4 ห้อง 2, with or without a roll number after it.
CLASS_ROOM = re.compile(rf"{_GRADE}{_ROOM}(?:{_ROLL})?")
# A grade without its room is still one pupil when the roll number follows (ป.5 เลขที่ 12).
CLASS_ROLL = re.compile(rf"{_GRADE}{_ROLL}")
# "นักเรียนเลขที่ 12", "เลขที่ 12 ห้อง 2": a roll number said to be one.
PUPIL_ROLL = re.compile(r"(?:นักเรียน|ด\.[ชญ]\.|เด็ก(?:ชาย|หญิง))\s*(?:คน)?\s*(?:เลขที่|ลำดับที่)"
                        r"\s?\d{1,2}(?![\d/])|(?:เลขที่|ลำดับที่)\s?\d{1,2}\s*ห้อง(?:ที่)?\s?\d{1,2}")
STUDENT_NUMBER = re.compile(r"(?:เลขประจำตัวนักเรียน|รหัส(?:ประจำตัว)?นักเรียน|student\s*id)"
                            r"\s*(?:คือ|:)?\s*\d{3,8}(?!\d)", re.IGNORECASE)


def find_pupils(text: str) -> Iterator[Hit]:
    for pattern in (CLASS_ROOM, CLASS_ROLL, PUPIL_ROLL):
        for match in pattern.finditer(text):
            yield hit("class_roll", match)
    for match in STUDENT_NUMBER.finditer(text):
        yield hit("student_id", match)
