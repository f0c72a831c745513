"""The privacy check of a public text: what in it may identify a person.

It runs on every save of a draft and again at approval, and names each finding so the author
can fix it: Thai personal names after a title (นาย, นางสาว, ด.ญ., ครู, ผอ. …), phone numbers
in any spelling (Thai or Arabic digits, spaces, dashes, dots, +66, or the digits written as
Thai words), 13-digit national IDs whose check digit is right, e-mail addresses, LINE IDs,
links other than the office's own, and what the case itself knows: the reporter's name,
phone, e-mail and LINE ID and the respondent's name. It finds; it never rewrites the text.

Thai has no spaces between words and Python's ``\\w`` splits Thai at vowel and tone marks,
so Thai letters are matched with ``[\\u0E01-\\u0E4E]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI = "\u0e01-\u0e4e"

# Titles before a name, longest first so นางสาว wins over นาง and พระครู over ครู.
TITLES = sorted([
    "นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "ครู", "คุณครู",
    "ผอ.", "ผู้อำนวยการ", "รองผู้อำนวยการ", "รอง ผอ.", "คุณ", "อาจารย์", "ดร.", "นพ.", "พญ.",
    "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "จ.ส.อ.", "ส.ต.ต.", "ด.ต.", "พ.ต.ท.", "พระครู",
], key=len, reverse=True)
# Titles that also begin ordinary words: the word after them must be three letters or more.
_LOOSE_TITLES = {"คุณ", "ครู", "คุณครู", "อาจารย์", "นาง"}
# Words that follow a title without being a name: roles, places, plain Thai words.
NOT_NAMES = (
    "โรงเรียน", "สำนักงาน", "เขต", "สพป", "กลุ่ม", "ฝ่าย", "ประจำ", "ผู้สอน", "ผู้ดูแล", "ทุก",
    "ที่", "และ", "ได้", "ใน", "ของ", "จะ", "ก็", "ไม่", "มีการ", "มีความ", "เป็น", "ให้", "กับ",
    "แล้ว", "ว่า", "อัตรา", "พี่เลี้ยง", "เวร", "ใหญ่", "ท่าน", "ภาพ", "ธรรม", "ค่า", "สมบัติ",
    "ประโยชน์", "ลักษณะ", "วุฒิ", "การ", "อำเภอ", "กรัฐ", "กเทศ", "กอบต", "กองค์การ", "กสมาคม",
    "กฯ", "จ้าง", "หน้า", "ทุน", "ทะเบียน", "ฟ้า", "งาม", "พยาบาล", "แบบ", "ผู้", "ชำนาญ", "ชั้น",
    "หลาย", "บาง", "ทั้ง", "นี้", "นั้น", "คนที่", "คนอื่น", "คนเดียว", "สอน", "ประถม", "มัธยม",
    "อนุบาล", "ปฐมวัย", "ต้อง", "ควร", "ช่วย", "เวลา", "ความ", "พิเศษ", "ตรวจ", "ศึกษา", "ร่วม",
    "คณะ", "ทำ", "เรียน", "ทราบ", "ขอ", "แนะแนว", "ใหม่", "เก่า", "มาก", "เข้า", "ออก", "ภาษา",
    "ด้าน", "คณิต", "วิชา", "สังคม", "พละ", "ดนตรี", "ศิลปะ", "สำหรับ", "ต่าง", "เอง", "อยู่",
    "ไป", "มาที่", "มาให้", "มาถึง", "คือ", "จึง", "ยัง", "เพื่อ", "ซึ่ง", "ด้วย", "เรา", "ทาง",
    "เคย",
)
_NOT_NAME = "|".join(sorted((re.escape(w) for w in NOT_NAMES), key=len, reverse=True))
_TITLE = "|".join(re.escape(t) for t in TITLES)
# ทนาย, ขอบคุณ, บุญคุณ, พระคุณ: a title inside these words is no title.
_TITLE_RE = re.compile(
    rf"(?<!ท)(?<!ขอบ)(?<!บุญ)(?<!พระ)(?P<title>{_TITLE}) ?"
    rf"(?P<name>(?!{_NOT_NAME})[{THAI}]{{2,}}(?: (?!{_NOT_NAME})[{THAI}]{{3,}})?)"
)
_LATIN_TITLE_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")

# A run of digits with the separators people type inside phone numbers and IDs.
_NUMBER_RUN = re.compile(r"(?<![\d])\+?\d(?:[\d\s.\-()]{6,24})\d(?![\d])")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'()]+", re.IGNORECASE)
_LINE_RE = re.compile(
    r"(?<![A-Za-z])(?:line|ไลน์|ไลน)\s*(?:(?:id|ไอดี)\s*[:：=]?|[:：=]|(?=@))\s*"
    r"(?P<id>@?[A-Za-z0-9._\-]{3,})",
    re.IGNORECASE,
)
# Digits written out in Thai words: "ศูนย์แปดหนึ่ง…" (สอง, not ส, so no word hides a digit).
DIGIT_WORDS = {"ศูนย์": "0", "หนึ่ง": "1", "สอง": "2", "สาม": "3", "สี่": "4", "ห้า": "5",
               "หก": "6", "เจ็ด": "7", "แปด": "8", "เก้า": "9", "โท": "2"}
_DIGIT_WORD = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))
_SPELLED_RE = re.compile(rf"(?:(?:{_DIGIT_WORD})[\s\-]?){{9,13}}")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing found: its kind (see :data:`KINDS`) and the text as it stands in the draft."""

    kind: str
    text: str


KINDS = ("person_name", "phone", "national_id", "email", "line_id", "url", "reporter_name",
         "reporter_phone", "reporter_email", "reporter_line_id", "respondent_name")


@dataclass
class KnownPeople:
    """What the case knows about its people, to be looked for in the text."""

    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_line_id: str = ""
    respondent: str = ""
    allowed_hosts: set[str] = field(default_factory=set)


def national_id_valid(digits: str) -> bool:
    """The check digit of a 13-digit Thai national ID: (11 − Σ dᵢ·(14−i) mod 11) mod 10."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def is_phone_number(digits: str) -> bool:
    """Thai numbers: mobile 06/08/09 + 8 digits, landline 02–07 + 7 digits, or +66 for 0."""
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if len(digits) == 10:
        return digits[0] == "0" and digits[1] in "689"
    return len(digits) == 9 and digits[0] == "0" and digits[1] in "234567"


def check_text(text: str, known: KnownPeople | None = None) -> list[Finding]:
    """Every finding in ``text``, sorted, each once."""
    known = known or KnownPeople()
    plain = text.translate(THAI_DIGITS)  # one character for one: positions stay the same
    found: set[Finding] = set()
    found.update(_names(plain))
    found.update(_numbers(plain))
    found.update(_spelled_numbers(plain))
    found.update(Finding("email", m.group(0)) for m in _EMAIL_RE.finditer(plain))
    found.update(Finding("line_id", m.group(0).strip()) for m in _LINE_RE.finditer(plain))
    found.update(_foreign_links(plain, known.allowed_hosts))
    found.update(_known(plain, known))
    return sorted({_as_written(f, plain, text) for f in found})


def _as_written(finding: Finding, plain: str, text: str) -> Finding:
    """The finding in the draft's own digits (Thai digits were read as Arabic)."""
    at = plain.find(finding.text)
    return finding if at < 0 else Finding(finding.kind, text[at:at + len(finding.text)])


def _names(text: str) -> Iterable[Finding]:
    for match in _TITLE_RE.finditer(text):
        title, name = match.group("title"), match.group("name")
        if title in _LOOSE_TITLES and len(name.split()[0]) < 3:
            continue
        yield Finding("person_name", match.group(0).strip())
    for match in _LATIN_TITLE_RE.finditer(text):
        yield Finding("person_name", match.group(0))


def _numbers(text: str) -> Iterable[Finding]:
    for match in _NUMBER_RUN.finditer(text):
        raw = match.group(0).strip(" .-()")
        digits = re.sub(r"\D", "", raw)
        if national_id_valid(digits):
            yield Finding("national_id", raw)
        elif is_phone_number(digits) and (raw.startswith(("0", "+")) or digits.startswith("66")):
            yield Finding("phone", raw)
        else:
            # Two numbers side by side ("โทร 081 234 5678 หรือ 042 511 234"): each on its own.
            for part in re.split(r"\s{2,}|\s(?=0)", raw):
                digits = re.sub(r"\D", "", part)
                if part != raw and is_phone_number(digits) and part.startswith("0"):
                    yield Finding("phone", part.strip(" .-()"))


def _spelled_numbers(text: str) -> Iterable[Finding]:
    words = re.compile(_DIGIT_WORD)
    for match in _SPELLED_RE.finditer(text):
        digits = "".join(DIGIT_WORDS[w] for w in words.findall(match.group(0)))
        if is_phone_number(digits):
            yield Finding("phone", match.group(0).strip())
        elif national_id_valid(digits):
            yield Finding("national_id", match.group(0).strip())


def _foreign_links(text: str, allowed_hosts: set[str]) -> Iterable[Finding]:
    for match in _URL_RE.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
        if host.removeprefix("www.") not in {h.removeprefix("www.") for h in allowed_hosts}:
            yield Finding("url", url)


def _known(text: str, known: KnownPeople) -> Iterable[Finding]:
    lowered = text.casefold()
    for part in _name_parts(known.reporter_name):
        if part.casefold() in lowered:
            yield Finding("reporter_name", part)
    for part in _name_parts(known.respondent):
        if part.casefold() in lowered:
            yield Finding("respondent_name", part)
    for value, kind in ((known.reporter_email, "reporter_email"),
                        (known.reporter_line_id, "reporter_line_id")):
        value = value.strip().lstrip("@")
        if len(value) >= 3 and value.casefold() in lowered:
            yield Finding(kind, value)
    phone = re.sub(r"\D", "", known.reporter_phone.translate(THAI_DIGITS))
    if len(phone) >= 9:
        tail = phone[-9:]  # the same number with 0 or +66 in front
        for match in _NUMBER_RUN.finditer(text):
            if re.sub(r"\D", "", match.group(0)).endswith(tail):
                yield Finding("reporter_phone", match.group(0).strip())


def _name_parts(name: str) -> list[str]:
    """The words of a person's name worth looking for: no titles, no short or common words."""
    words = re.sub(rf"^(?:{_TITLE})\s?", "", name.strip()).split()
    stripped = [re.sub(rf"^(?:{_TITLE})", "", w) if w not in TITLES else "" for w in words]
    return [w for w in stripped if len(w) >= 3 and not w.startswith(NOT_NAMES)
            and not re.fullmatch(r"[\d\W]+", w)]
