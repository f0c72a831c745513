"""Where someone lives or what they drive: house addresses (บ้านเลขที่ 12 หมู่ 5 ต.นาทม) and
Thai vehicle plates (กข 1234, 1กข 234 นครพนม)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from portal.publishing.pii.gazetteer import Gazetteer, province_names
from portal.publishing.pii.text import THAI, Hit, hit

_HOUSE = r"(?:บ้านเลขที่|เลขที่บ้าน|บ้าน\s?เลขที่)\s?\d{1,4}(?:\s?/\s?\d{1,4})?"
# 12/3 ม.4 or เลขที่ 45 ถนน…: a house number before the village number or the street.
_VILLAGE_NUMBER = r"(?:หมู่(?:ที่)?\s?\d|ม\.\s?\d)"
_HOUSE_NUMBER = r"\d{1,4}(?:\s?/\s?\d{1,4})?"
_NUMBERED = (rf"(?:เลขที่\s?{_HOUSE_NUMBER}(?=\s*(?:{_VILLAGE_NUMBER}|ถนน|ถ\.|ซอย|ซ\.))"
             rf"|{_HOUSE_NUMBER}(?=\s*{_VILLAGE_NUMBER}))")
_MOO = r"หมู่(?:ที่)?\s?\d{1,2}(?![\d/])"
_SOI = rf"(?:ซอย|ซ\.)\s?[{THAI}A-Za-z]*\s?\d{{1,3}}(?![\d/])"
# What may follow the start of an address and belongs to it.
_PART = (rf"(?:\s*(?:{_MOO}|ม\.\s?\d{{1,2}}(?![\d/])|(?:ซอย|ซ\.)\s?[{THAI}A-Za-z0-9]+"
         rf"|(?:ถนน|ถ\.)\s?[{THAI}]+|(?:ตำบล|ต\.|อำเภอ|อ\.|จังหวัด|จ\.)\s?[{THAI}]+"
         rf"|บ้าน(?!เลขที่)[{THAI}]+|\d{{5}}(?!\d)))")
ADDRESS = re.compile(rf"(?:{_HOUSE}|{_NUMBERED}|{_MOO}|{_SOI}"
                     rf"|ม\.\s?\d{{1,2}}(?![\d/])(?=\s*(?:ต\.|ตำบล|บ้าน)))(?:{_PART})*")
# Before these, หมู่ 3 is the public address of a school or an office, not a home.
_PUBLIC_PLACE = re.compile(rf"(?:โรงเรียน|สำนักงาน|วัด|อบต\.?|เทศบาล|ศูนย์)[{THAI}]{{0,25}}$")
_LIVES = re.compile(r"อยู่|อาศัย|บ้านพัก|ของ|ที่")

# Two-letter words that stand before a number in plain text (คน 30, งบ 5000, นม 200).
_TWO_LETTER_WORDS = (
    "คน ผล จน ลด นม รถ งบ ยก กม ชม ซม มม กก ตร ลบ ทบ รส กร ชน บท ขน มด ปม ผม รบ สด หก ปก ตก "
    "ลง นก จด กด พบ ทน รอ ขอ คอ พอ หอ ตอ กอ ปอ ยอ ลอ ศก พศ คศ จศ รศ ผศ ดร นพ พญ สส สว อบ "
    "อย สพ ศธ มท นร กค ผอ ปส รร ตช จบ ขส ชด ทม วท"
)
_NOT_PLATE = frozenset(_TWO_LETTER_WORDS.split())
_UNIT = re.compile(r"\s?(?:บาท|คน|ราย|ครั้ง|วัน|เดือน|ปี|ชั่วโมง|ชม|นาที|กิโล|เมตร|กม|หลัง|ห้อง|แห่ง"
                   r"|โรง|เครื่อง|ชุด|เล่ม|ตัว|ลำ|คัน|กล่อง|ถุง|ชิ้น|%|เปอร์เซ็นต์|ทุน|ข้อ|จุด|ไร่"
                   r"|ตัน|ลิตร|หน้า|รูป|ท่าน|เรื่อง|ฉบับ|โครงการ|แผ่น|ลูก|ต้น|ขวด)")
_PLATE_WORD = re.compile(r"(?:ทะเบียน|ป้าย|รถ(?:ยนต์|จักรยานยนต์|กระบะ|ตู้)?|จักรยานยนต์)"
                         rf"[{THAI}\s]{{0,12}}$")


@cache
def _plate_pattern() -> re.Pattern[str]:
    provinces = "|".join(province_names())
    return re.compile(
        rf"(?<![{THAI}\d])(?P<lead>\d)?(?P<letters>[ก-ฮ]{{1,3}})(?:[\s-]?(?P<num>\d{{1,4}})"
        rf"(?:\s?(?P<prov>{provinces})|(?![\d/.,:{THAI}]))"
        rf"|\s(?P<prov2>{provinces})\s?(?P<num2>\d{{1,4}})(?![\d/.,:{THAI}]))"
    )


def find_addresses(text: str, places: Gazetteer) -> Iterator[Hit]:
    for match in ADDRESS.finditer(text):
        found = hit("address", match)
        if not match.group(0).startswith(("หมู่", "ม.")) or not _public_place(text, found, places):
            yield found


def _public_place(text: str, found: Hit, places: Gazetteer) -> bool:
    """หมู่ 3 right after a school's or an office's name is where that school stands."""
    head = text[:found.start].rstrip()
    public = _PUBLIC_PLACE.search(head[-40:])
    if public and not _LIVES.search(public.group(0)):
        return True
    span = places.place_at(text, len(head) - 1) if head else None
    return span is not None and span[1] == len(head) and text[span[0]:].startswith("โรงเรียน")


def find_plates(text: str) -> Iterator[Hit]:
    for match in _plate_pattern().finditer(text):
        if _is_plate(text, match):
            yield hit("vehicle_plate", match)


def _is_plate(text: str, match: re.Match[str]) -> bool:
    """A digit before the letters or a province after them makes a plate; else two letters
    that are no word, or letters after ทะเบียน or รถ, unless a unit follows (รวม 5 คัน)."""
    if match.group("lead") or match.group("prov") or match.group("prov2"):
        return True
    letters = match.group("letters")
    common = len(letters) != 2 or letters in _NOT_PLATE
    if common and _UNIT.match(text, match.end()):
        return False
    return not common or bool(_PLATE_WORD.search(text[max(0, match.start() - 24):match.start()]))
