"""Place names that are not personal data: the office's own districts, subdistricts, schools
and the villages the schools are named after, from geothai and the office's school list.

A title inside a place (นาง in ตำบลนางัว, นาย in นายูง) names no one. The office's own places
and the provinces are trusted anywhere in a text; the rest of the country's only after a place
word (ตำบล, อ., บ้าน …), so that a person called นางแก้ว is still found although a tambon far
away has that name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

# Words before a place's name; บ้าน not in ผู้ใหญ่บ้าน, ชาวบ้าน, แม่บ้าน (ผู้ใหญ่บ้านสมัย is a man).
_PLACE_WORD = re.compile(r"(?:ตำบล|(?<![ก-๎.])[ตอจ]\.|อำเภอ|จังหวัด|(?<!ใหญ่)(?<!ชาว)(?<!แม่)บ้าน"
                         r"|โรงเรียน|รร\.|หมู่บ้าน|แขวง|เขต|ชุมชน|วัด)\s?$")
# A mark or a following vowel: a place that ends before one ends inside a syllable.
_INSIDE_SYLLABLE = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_SCHOOL_PREFIXES = ("โรงเรียน", "ชุมชน", "อนุบาล", "บ้าน")
# Endings of Thai school names after the village's (โรงเรียนบ้านนาทมวิทยา → บ้านนาทม).
SCHOOL_ENDINGS = ("วิทยาคม", "วิทยาคาร", "วิทยา", "ศึกษา", "ราษฎร์บำรุง", "ราษฎร์อุทิศ",
                  "พัฒนา", "ประชาสรรค์", "ประชาสามัคคี", "ประชาบำรุง", "มิตรภาพ", "สามัคคี",
                  "เหนือ", "ใต้", "ใหม่", "น้อย", "ใหญ่", "โนนสูง", "หนองแวง")


class Gazetteer:
    """Place names by their first two letters; ``local`` ones need no place word before."""

    def __init__(self, local: Iterable[str] = (), national: Iterable[str] | None = None):
        self.local = frozenset(local)
        self.national = national_names() if national is None else frozenset(national)
        self._names = self.local | self.national
        lengths: dict[str, set[int]] = {}
        for name in self._names:
            lengths.setdefault(name[:2], set()).add(len(name))
        # For each first two letters, the lengths of the names that begin so.
        self._lengths = {k: tuple(sorted(v)) for k, v in lengths.items()}
        self._longest = max(map(len, self._names), default=0)

    def place_at(self, text: str, pos: int) -> tuple[int, int] | None:
        """The span of a known place in ``text`` that covers position ``pos``, if any."""
        for start in range(max(0, pos - self._longest + 1), pos + 1):
            for length in self._lengths.get(text[start:start + 2], ()):
                name = text[start:start + length]
                if (start + length > pos and name in self._names
                        and not _INSIDE_SYLLABLE.match(text, start + length)
                        and self._trusted(name, text, start)):
                    return start, start + length
        return None

    def _trusted(self, name: str, text: str, start: int) -> bool:
        return name in self.local or bool(_PLACE_WORD.search(text[max(0, start - 12):start]))


@cache
def default_gazetteer() -> Gazetteer:
    """The country's places, each trusted after a place word; a province's name anywhere."""
    return Gazetteer(local=province_names())


def _rows(name: str) -> list[list[str]]:
    return json.loads(files("geothai").joinpath(f"_data/{name}.json").read_text("utf-8"))


@cache
def national_names() -> frozenset[str]:
    """Every province, district and subdistrict of Thailand (geothai)."""
    return frozenset(row[1] for kind in ("provinces", "districts", "subdistricts")
                     for row in _rows(kind))


@cache
def province_names() -> tuple[str, ...]:
    """The 77 provinces, longest first (as a plate ends: กข 1234 นครพนม)."""
    return tuple(sorted((row[1] for row in _rows("provinces")), key=len, reverse=True))


@cache
def areas_of(province_codes: tuple[str, ...]) -> frozenset[str]:
    """The districts and subdistricts of the given provinces (two-digit codes, e.g. 48)."""
    return frozenset(row[1] for kind in ("districts", "subdistricts") for row in _rows(kind)
                     if row[0][:2] in province_codes)


def school_places(school_names: Iterable[str]) -> set[str]:
    """Each school's name and the village it is named after (โรงเรียนบ้านนาทมวิทยา → บ้านนาทม)."""
    places: set[str] = set()
    for full in school_names:
        name = re.sub(r"\s*\(.*?\)\s*", "", full).strip()
        places.update(n for n in (full.strip(), name) if n)
        stem = name
        for prefix in _SCHOOL_PREFIXES:
            stem = stem.removeprefix(prefix)
        for ending in SCHOOL_ENDINGS:
            if stem.endswith(ending) and len(stem) > len(ending) + 1:
                stem = stem.removesuffix(ending)
                break
        if len(stem) >= 2:
            places.add("บ้าน" + stem)
        if len(stem) >= 4:  # shorter, a village's name is too often a word (แพง, นา)
            places.add(stem)
    return places


def office_gazetteer(province_codes: Iterable[str], school_names: Iterable[str]) -> Gazetteer:
    """The office's places: its provinces' districts and subdistricts, its schools, their
    villages."""
    local = areas_of(tuple(sorted(set(province_codes)))) | school_places(school_names)
    return Gazetteer(local=local | set(province_names()))
