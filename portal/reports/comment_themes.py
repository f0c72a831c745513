"""What reporters' satisfaction comments are about, as counts: the report never quotes them.

A comment is matched to every theme whose words it contains (so one comment may count under
two themes); a comment matching none counts as "other". The words are Thai stems that a
short comment about handling uses; the report says the count is by keyword.
"""

from __future__ import annotations

from collections.abc import Iterable

THEMES = (
    ("speed", "ความรวดเร็ว", "Speed", ("เร็ว", "ช้า", "นาน", "ทันเวลา", "ไว", "รอ")),
    (
        "manner",
        "ความเอาใจใส่ของเจ้าหน้าที่",
        "Staff manner and care",
        ("สุภาพ", "มารยาท", "ใส่ใจ", "ใจดี", "บริการ", "ไม่สนใจ", "เจ้าหน้าที่"),
    ),
    (
        "clarity",
        "ความชัดเจนของคำตอบ",
        "Clarity of the answer",
        ("ชัดเจน", "อธิบาย", "เข้าใจ", "คำตอบ", "ข้อมูล"),
    ),
    (
        "result",
        "ผลการแก้ไขปัญหา",
        "Whether the problem was solved",
        ("แก้ไข", "แก้ปัญหา", "ดีขึ้น", "เหมือนเดิม", "ผลการ"),
    ),
)
OTHER = ("other", "เรื่องอื่น", "Other")


def comment_themes(comments: Iterable[str]) -> dict:
    """``{comments, themes: [{key, label_th, label_en, count}]}`` for the non-empty comments."""
    counts = {key: 0 for key, *_ in THEMES}
    other = total = 0
    for comment in comments:
        text = (comment or "").strip()
        if not text:
            continue
        total += 1
        found = [key for key, _th, _en, words in THEMES if any(w in text for w in words)]
        for key in found:
            counts[key] += 1
        other += not found
    themes = [
        {"key": key, "label_th": th, "label_en": en, "count": counts[key]}
        for key, th, en, _words in THEMES
    ]
    themes.append({"key": OTHER[0], "label_th": OTHER[1], "label_en": OTHER[2], "count": other})
    return {"comments": total, "themes": themes}
