"""People's names: after a title (นาย, นางสาว, ด.ญ., ครู, ผอ., ร.ต.อ. …); after a kinship word
(ลุง, ป้า, ยาย …) or an elder's title (คุณยาย, กำนัน) when a given name follows, listed or not;
a child's nickname after น้อง; a given name and a surname from PyThaiNLP's name lists; and
again wherever a name once found stands alone.

Job titles that begin like a title (นายช่าง, นายอำเภอ, นายกเทศมนตรี, ครูผู้ช่วย) name no one,
nor does a title inside a place's name (ตำบลนางัว)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from portal.publishing.pii.gazetteer import Gazetteer
from portal.publishing.pii.name_lists import (
    dictionary,
    family_names,
    given_names,
    name_follower,
    unlisted_name,
)
from portal.publishing.pii.names_data import (
    FAMILY_TITLES,
    KIN_TITLES,
    LOOSE_TITLES,
    NOT_KIN_NAMES,
    NOT_NAMES,
    NOT_NAMES_AFTER_ANY,
    NOT_NICKNAMES,
    TITLES,
)
from portal.publishing.pii.text import THAI, Hit

_TITLE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_START = "[ก-ฮเ-ไ]"  # a name begins with a consonant or a leading vowel, never with a mark


def _titled_pattern(titles: str, not_names: tuple[str, ...]) -> re.Pattern[str]:
    """A title, then a name that begins with none of ``not_names``, and maybe a surname."""
    no = _alternatives(not_names)
    no_surname = _alternatives(NOT_NAMES_AFTER_ANY)  # ใหญ่สม, สมบัติวงศ์ are surnames
    # ทนาย, ขอบคุณ, บุญคุณ, พระคุณ, คุณนาย: a title inside a word is no title.
    return re.compile(
        rf"(?<!ท)(?<!ขอบ)(?<!บุญ)(?<!พระ)(?<!(?<!ขอบ)คุณ)(?P<title>{titles})\s?"
        rf"(?P<name>(?!{no}){_START}[{THAI}]{{1,}}(?: (?!{no_surname}){_START}[{THAI}]{{2,}})?)"
    )


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_LOOSE = "|".join(re.escape(t) for t in sorted(LOOSE_TITLES - {"อ."}, key=len, reverse=True))
_STRICT = "|".join(re.escape(t) for t in sorted(set(TITLES) - LOOSE_TITLES, key=len,
                                                   reverse=True))
STRICT_TITLED = _titled_pattern(_STRICT, NOT_NAMES_AFTER_ANY)
LOOSE_TITLED = _titled_pattern(rf"{_LOOSE}|(?<![ก-๎.])อ\.", NOT_NAMES)
_KIN = re.compile(rf"(?<![{THAI}])(?:{'|'.join(sorted(KIN_TITLES, key=len, reverse=True))})\s?")
# น้องต้นข้าว, น้อง บีม, น้องBeam (not พี่น้อง, ลูกน้อง).
_NICKNAME = re.compile(rf"(?<!พี่)(?<!ลูก)น้อง\s?(?!{_alternatives(NOT_NICKNAMES)})"
                       rf"(?P<name>[ก-ฮเ-ไ][{THAI}]+|[A-Z][a-z]+)")
LATIN_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Master)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
_LONGEST_NAME = 16


def find_names(text: str, places: Gazetteer) -> Iterator[Hit]:
    """Every name, once per place in the text; names once found are also found alone."""
    found = [*_titled(text, places), *_kin(text), *_listed(text, places)]
    found += [Hit("person_name", m.start(), _name_end(m)) for m in _NICKNAME.finditer(text)]
    yield from found
    yield from _repeated(text, found)


def _titled(text: str, places: Gazetteer) -> Iterator[Hit]:
    for match in _titled_matches(text):
        if match.re is LOOSE_TITLED and not _loose_name(text, match):
            continue
        if _title_begins_word(text, match):
            continue
        if places.place_at(text, match.start()) or places.place_at(text, match.start("name")):
            continue
        yield Hit("person_name", match.start(), _name_end(match))
    for match in LATIN_TITLED.finditer(text):
        yield Hit("person_name", match.start(), match.end())


def _title_begins_word(text: str, match: re.Match[str]) -> bool:
    """นายพล, นางนวล, นายแบบ: title and what follows make a Thai word, unless a longer given
    name follows the title (นายกมล is กมล, not นายก), or a surname follows it (นางนวล ศรีสุข)."""
    at, name_at = match.start(), match.start("name")
    if name_at != match.end("title") or " " in match.group("name"):
        return False
    word = next((n for n in range(min(24, len(text) - at), name_at - at, -1)
                 if text[at:at + n] in dictionary()), 0)
    if not word:
        return False
    return not any(text[name_at:name_at + n] in given_names()
                   for n in range(min(16, len(text) - name_at), at + word - name_at, -1))


def _name_end(match: re.Match[str]) -> int:
    """Where the name ends: before the verb glued to it (นายสมชายได้รับ → นายสมชาย)."""
    first, space, surname = match.group("name").partition(" ")
    follow = name_follower(surname or first)
    start = match.start("name") + (len(first) + len(space) if surname else 0)
    return start + follow if follow else match.end()


def _loose_name(text: str, match: re.Match[str]) -> bool:
    """After ครู, คุณ, นาง, ผอ. …: a known given name, a name and a surname, or a name up to
    the verb after it (ครูลาป่วย and ครูเพิ่ม 2 อัตรา are no one)."""
    first, _, surname = match.group("name").partition(" ")
    if len(first) < 3:
        return False
    return (bool(surname) or any(first[:n] in given_names() for n in range(len(first), 2, -1))
            or (match.group("title") in FAMILY_TITLES
                and bool(unlisted_name(text, match.group("title"), match.start("name")))))


def _titled_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of strict titles, then of loose ones where no strict one stands."""
    strict = list(STRICT_TITLED.finditer(text))
    yield from strict
    for match in LOOSE_TITLED.finditer(text):
        if not any(m.start() <= match.start() < m.end() for m in strict):
            yield match


def _kin(text: str) -> Iterator[Hit]:
    """ลุงสมาน, ป้าบุญมี, น้องมะลิ: a kinship word names someone when a given name follows."""
    for match in _KIN.finditer(text):
        length = (_name_at(text, match.end(), given_names())
                  or unlisted_name(text, match.group(0).strip(), match.end()))
        if length and text[match.end():match.end() + length] not in NOT_KIN_NAMES:
            yield Hit("person_name", match.start(), match.end() + length)


def _listed(text: str, places: Gazetteer) -> Iterator[Hit]:
    """สมชาย ใจดี: a known given name, a space, a known surname; or an unknown word standing
    alone before a surname that is no Thai word (สุนีย์ แก้วมณี)."""
    for space in re.finditer(r"(?<=[ก-๎]) (?=[ก-ฮเ-ไ])", text):
        at = space.start()
        family = _name_at(text, at + 1, family_names())
        if not family or places.place_at(text, at + 1):
            continue
        given = _name_ending(text, at, given_names())
        if not given and text[at + 1:at + 1 + family] not in dictionary():
            given = _lone_word_before(text, at)  # not for surnames that are words (ชมเชย)
        if given:
            yield Hit("person_name", at - given, at + 1 + family)


def _lone_word_before(text: str, at: int) -> int:
    """The length of the word before ``at`` when it stands alone and is no function word."""
    word = re.search(rf"(?:^|[^{THAI}])([ก-ฮเ-ไ][{THAI}]{{2,11}})$", text[max(0, at - 14):at])
    return len(word.group(1)) if word and word.group(1) not in NOT_NAMES else 0


def _name_at(text: str, pos: int, names: frozenset[str]) -> int:
    """The length of the longest name in ``names`` starting at ``pos`` and ending a word."""
    for length in range(min(_LONGEST_NAME, len(text) - pos), 2, -1):
        if text[pos:pos + length] in names and _word_ends(text, pos + length):
            return length
    return 0


def _name_ending(text: str, end: int, names: frozenset[str]) -> int:
    for length in range(min(_LONGEST_NAME, end), 2, -1):
        if text[end - length:end] in names and _word_starts(text, end - length):
            return length
    return 0


def _word_ends(text: str, pos: int) -> bool:
    """Not in the middle of a syllable: no mark or following vowel comes next."""
    return pos >= len(text) or not re.match(r"[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]", text[pos])


def _word_starts(text: str, pos: int) -> bool:
    return pos == 0 or not re.match(r"[เ-ไ]", text[pos - 1])


def _repeated(text: str, found: list[Hit]) -> Iterator[Hit]:
    """A given name or surname found once is personal wherever else it stands."""
    parts: set[str] = set()
    for each in found:
        words = re.sub(rf"^(?:{_TITLE})\s?", "", text[each.start:each.end]).split()
        parts.update(w for w in words if len(w) >= 4 and re.fullmatch(f"[{THAI}]+", w))
    for part in parts:
        for match in re.finditer(re.escape(part), text):
            yield Hit("person_name", match.start(), match.end())
