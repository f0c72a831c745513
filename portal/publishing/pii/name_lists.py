"""PyThaiNLP's lists of Thai given names, surnames and words, loaded on first use, and the
test for a name no list holds: a word after a title up to the verb that follows it."""

from __future__ import annotations

import re
from functools import cache

from portal.publishing.pii.names_data import FAMILY_TITLES, KIN_TITLES, NOT_NAMES

# Words that end a name written straight after a title: ลุงคำพันแจ้งว่า, คุณยายบัวผันเป็น.
_AFTER_NAME = re.compile(r"แจ้ง|เป็น|ได้|ซึ่ง|ที่|และ|ขอ|บอก|เล่า|กล่าว|ถูก|ร้อง|ผู้|ให้|จะ|ก็|ยัง|เคย"
                         r"|กับ|ของ|เพื่อ|โดย|จาก|ว่า|คือ|อายุ|อยู่|ไม่|มัก|พา|นำ|ช่วย|รับ|ส่ง|ไป")


@cache
def given_names() -> frozenset[str]:
    from pythainlp.corpus import thai_female_names, thai_male_names  # loaded on first use

    names = thai_female_names() | thai_male_names()
    return frozenset(n for n in names if len(n) >= 3 and n not in NOT_NAMES)  # not ที่, และ


@cache
def family_names() -> frozenset[str]:
    from pythainlp.corpus import thai_family_names

    return frozenset(n for n in thai_family_names() if len(n) >= 3)


@cache
def dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@cache
def _continuations() -> dict[str, frozenset[str]]:
    """For each title, the letters after it in Thai words that begin with it (ป้า → ย, ป้าย)."""
    titles = set(KIN_TITLES) | FAMILY_TITLES
    lengths = sorted({len(t) for t in titles})
    found: dict[str, set[str]] = {t: set() for t in titles}
    for word in dictionary():
        for length in lengths:
            if len(word) > length and word[:length] in found:
                found[word[:length]].add(word[length])
    return {t: frozenset(letters) for t, letters in found.items()}


def name_follower(word: str) -> int:
    """Where in ``word`` (a name and what is glued to it) a verb after the name begins, or 0."""
    follow = _AFTER_NAME.search(word, 3)
    return follow.start() if follow else 0


def unlisted_name(text: str, title: str, pos: int) -> int:
    """The length of a name no list holds at ``pos`` after ``title``: three to ten letters up to
    a space or a verb that follows names, when title and name together begin no Thai word."""
    if pos >= len(text) or text[pos] in _continuations().get(title, ()):
        return 0
    run = re.match(r"[\u0e01-\u0e4e]{3,}", text[pos:pos + 24])
    if not run:
        return 0
    word = run.group(0)
    if word.startswith(NOT_NAMES):  # ยายของเด็ก, ลุงที่ขายของ
        return 0
    length = name_follower(word) or len(word)
    return length if 3 <= length <= 10 else 0
