"""What a staff password must be: long, not common, not guessable from who its owner is."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128  # hashing a megabyte "password" would be a cheap way to burn CPU
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
# Rows people walk along: a password inside one of these (or reversed) is a sequence.
SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ",
    "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",  # without the obsolete ฃ and ฅ
    "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",  # ... and ฆ, as people often type it
)
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e",
                       "$": "s", "5": "s", "7": "t"})
_EDGE = string.digits + string.punctuation + string.whitespace + "๐๑๒๓๔๕๖๗๘๙"
_REPEATED_UNIT = re.compile(r"^(.{1,6}?)\1+$", re.S)

TOO_SHORT = _l("รหัสผ่านต้องยาวอย่างน้อย %(min)d ตัวอักษร ลองใช้หลายคำต่อกันเป็นวลีที่ท่านจำได้",
               min=MIN_LENGTH)
TOO_LONG = _l("รหัสผ่านยาวเกิน %(max)d ตัวอักษร กรุณาตั้งให้สั้นลง", max=MAX_LENGTH)
COMMON = _l("รหัสผ่านนี้เป็นรหัสที่คนใช้กันมากและถูกเดาได้ง่าย กรุณาตั้งรหัสอื่น")
PATTERN = _l("รหัสผ่านนี้เป็นตัวอักษรเรียงกันหรือซ้ำกัน ซึ่งเดาได้ง่าย กรุณาตั้งรหัสอื่น")
RULES = _l("อย่างน้อย %(min)d ตัวอักษร ไม่ใช่รหัสที่คนใช้กันมาก และไม่มีชื่อหรืออีเมลของท่านอยู่ในนั้น "
           "ลองใช้หลายคำต่อกันเป็นวลีที่ท่านจำได้", min=MIN_LENGTH)
PERSONAL = _l("รหัสผ่านต้องไม่มีชื่อของท่านหรือชื่อบัญชีอีเมลของท่านอยู่ในนั้น")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "", name: str = ""):
    """Why ``password`` is refused for the person with ``email`` and ``name``, else None.

    Returns a translatable message, the first problem found.
    """
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    folded = password.casefold()
    if _is_common(folded):
        return COMMON
    if _is_pattern(folded):
        return PATTERN
    if any(part in folded for part in personal_parts(email, name)):
        return PERSONAL
    return None


def _is_common(folded: str) -> bool:
    common = common_passwords()
    core = folded.strip(_EDGE)
    candidates = {folded, core, core.translate(_LEET), folded.translate(_LEET).strip(_EDGE)}
    return any(c in common for c in candidates if c)


def _is_pattern(folded: str) -> bool:
    if len(set(folded)) <= 3 or _REPEATED_UNIT.match(folded):
        return True
    # Repeated so that a run may wrap around ("7890123456"), and reversed for walks back.
    return any(folded in run or folded in run[::-1] for run in (s * 3 for s in SEQUENCES))


def personal_parts(email: str, name: str) -> set[str]:
    """The bits of a person's identity a password must not contain (case-insensitive)."""
    local = email.partition("@")[0].casefold()
    parts = {local} if len(local) >= 3 else set()
    parts |= {p for p in re.split(r"[._+\-\d]+", local) if len(p) >= 4}
    parts |= {w for w in name.casefold().split() if len(w) >= 3}
    return parts
