"""The kinds of personal data issue 17 added to the privacy check, generated in many spellings:
a pupil's class and roll number, house addresses, vehicle plates, LINE IDs in any word order,
obfuscated e-mail; and what stays unflagged: the office's own contacts, its places, job titles."""

from __future__ import annotations

import geothai
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.publishing.pii.addresses import _NOT_PLATE
from portal.publishing.pii.gazetteer import office_gazetteer, province_names
from portal.publishing.privacy import KnownPeople, check_text, load_reference_data

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
BEFORE = ["ผู้ปกครองแจ้งว่า", "ตามที่", "สำนักงานได้ตรวจสอบ", ""]
AFTER = ["ได้รับการช่วยเหลือแล้ว", "ขอบคุณที่แจ้ง", ""]
NAKHON_PHANOM = [s.name_th for d in geothai.districts("48") for s in geothai.subdistricts(d.code)]
SCHOOLS = [f"โรงเรียนบ้าน{name.removeprefix('บ้าน')}" for name in NAKHON_PHANOM]  # ตัวอย่าง
OFFICE = KnownPeople(  # ตัวอย่าง: the demo office's published contacts
    allowed_hosts={"nkp2.example"},
    office_contacts={"042-000-000", "contact@nkp2.example", "@nkp2.example",
                     "https://www.facebook.com/nakhonpanom2"},
    places=office_gazetteer({"48"}, SCHOOLS))


@pytest.fixture(autouse=True, scope="module")
def _reference_data_loaded():
    """The first check loads the name lists and the gazetteer (~0.3 s): not within a deadline."""
    load_reference_data()
    check_text("ตำบลนาทม", OFFICE)


def digits(draw, text: str) -> str:
    return text.translate(THAI_DIGITS) if draw(st.booleans()) else text


def kinds(text: str) -> set[str]:
    return {f.kind for f in check_text(text, OFFICE)}


def sentence(draw, middle: str) -> str:
    return f"{draw(st.sampled_from(BEFORE))} {middle} {draw(st.sampled_from(AFTER))}".strip()


@st.composite
def classes(draw) -> str:
    grade = draw(st.integers(1, 6))
    prefix = draw(st.sampled_from(["ป.", "ม.", "ชั้น ป.", "ชั้นม.", "ป", "ประถมศึกษาปีที่ ",
                                   "ชั้นมัธยมศึกษาปีที่ ", "อ."]))
    room = draw(st.integers(1, 12))
    roll = draw(st.sampled_from(["", f" เลขที่ {draw(st.integers(1, 45))}"]))
    separator = draw(st.sampled_from(["/", " ห้อง ", " ห้องที่ "]))
    return sentence(draw, "นักเรียน" + digits(draw, f"{prefix}{grade}{separator}{room}{roll}"))


@given(text=classes())
def test_a_class_with_its_room_is_found(text):
    assert "class_roll" in kinds(text), text


@given(grade=st.integers(1, 6), level=st.sampled_from(["ป.", "ม.", "ประถมศึกษาปีที่ "]))
def test_a_grade_alone_is_no_one(grade, level):
    assert kinds(f"นักเรียนชั้น {level}{grade} ทุกคนได้รับหนังสือเรียนครบ") == set()


@st.composite
def addresses(draw) -> str:
    house = str(draw(st.integers(1, 999)))
    if draw(st.booleans()):
        house += f"/{draw(st.integers(1, 99))}"
    moo = draw(st.sampled_from(["หมู่ ", "หมู่ที่ ", "ม.", "ม. "])) + str(draw(st.integers(1, 20)))
    tambon = draw(st.sampled_from(["ต.", "ตำบล"])) + draw(st.sampled_from(NAKHON_PHANOM))
    lead = draw(st.sampled_from(["บ้านเลขที่ ", "เลขที่ ", ""]))
    return sentence(draw, "ผู้ร้องอยู่" + digits(draw, f"{lead}{house} {moo} {tambon}"))


@given(text=addresses())
def test_a_house_address_is_found(text):
    assert "address" in kinds(text), text


CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F) if chr(c) not in "ฃฅอฮ"]


@st.composite
def plates(draw) -> str:
    letters = draw(st.lists(st.sampled_from(CONSONANTS), min_size=2, max_size=2).map("".join)
                   .filter(lambda pair: pair not in _NOT_PLATE))
    lead = draw(st.sampled_from(["", "1", "2", "9"]))
    number = str(draw(st.integers(1, 9999)))
    province = draw(st.sampled_from(["", " " + draw(st.sampled_from(province_names()))]))
    where = draw(st.sampled_from(["รถทะเบียน ", "รถตู้ ", "ป้ายทะเบียน ", "รถกระบะ "]))
    return sentence(draw, where + digits(draw, f"{lead}{letters} {number}{province}"))


@given(text=plates())
def test_a_vehicle_plate_is_found(text):
    assert "vehicle_plate" in kinds(text), text


handles = st.from_regex(r"[a-z][a-z0-9_.]{2,12}[a-z0-9]", fullmatch=True)


@given(handle=handles, form=st.sampled_from([
    "ไอดีไลน์ {}", "ไลน์ {}", "LINE ID: {}", "Line: {}", "@{}", "{} คือไอดีไลน์", "ไลน์ไอดี {}",
    "ID Line {}", "แอดไลน์ {}", "ไลน์ของผู้ปกครองคือ {}", "line id = {}"]))
@settings(max_examples=200)
def test_a_line_id_is_found_in_any_word_order(handle, form):
    text = f"ติดต่อผู้แจ้ง {form.format(handle)} ได้ตลอดเวลา"
    found = [f.text for f in check_text(text, OFFICE) if f.kind == "line_id"]
    assert any(handle in f for f in found), (text, found)


@given(local=st.from_regex(r"[a-z][a-z0-9.]{2,10}[a-z]", fullmatch=True),
       domain=st.sampled_from(["gmail", "hotmail", "yahoo", "outlook"]),
       tld=st.sampled_from(["com", "co.th"]),
       at=st.sampled_from([" [at] ", "(at)", " at ", " แอท ", " @ ", "[@]"]),
       dot=st.sampled_from([" [dot] ", "(dot)", " dot ", " ดอท ", "."]))
def test_an_obfuscated_email_is_found(local, domain, tld, at, dot):
    address = f"{local}{at}{domain}{dot}{tld.replace('.', dot)}"
    found = [f.text for f in check_text(f"ส่งหลักฐานมาที่ {address} แล้ว", OFFICE)
             if f.kind == "email"]
    assert any(local in f for f in found), (address, found)


@pytest.mark.parametrize("text", [
    "ติดต่อสำนักงาน โทร 042-000-000 หรือ ๐๔๒ ๐๐๐ ๐๐๐",
    "อีเมล contact@nkp2.example หรือ contact [at] nkp2 [dot] example",
    "ไลน์ @nkp2.example หรือ LINE ID: @nkp2.example",
    "เพจ https://www.facebook.com/nakhonpanom2 และ https://nkp2.example/board",
    "โพสต์ https://www.facebook.com/nakhonpanom2/posts/123 และประกาศ https://www.obec.go.th/x",
])
def test_the_office_contacts_are_no_findings(text):
    assert kinds(text) == set()


@pytest.mark.parametrize("link", [
    "https://www.facebook.com/somchai.jaidee", "facebook.com/nakhonpanom22",
    "https://line.me/ti/p/~somchai", "https://drive.google.com/file/d/1",
])
def test_other_pages_on_facebook_and_line_are_found(link):
    assert kinds(f"ดูภาพที่ {link} ได้") == {"url"}


def test_the_office_places_are_no_names():
    flagged = [name for name in NAKHON_PHANOM
               if kinds(f"ชาวตำบล{name}และโรงเรียนบ้าน{name.removeprefix('บ้าน')}ร่วมกิจกรรม")
               or kinds(f"ผู้ปกครองจาก{name}ขอบคุณโรงเรียน")]
    assert flagged == []


@pytest.mark.parametrize("text", [
    "นายช่างโยธาตรวจอาคาร", "นายอำเภอนาทมเป็นประธาน", "นายกเทศมนตรีมอบทุน",
    "นายกองค์การบริหารส่วนตำบลร่วมงาน", "นายก อบต. มอบรางวัล", "นายกสมาคมศิษย์เก่ามอบทุน",
    "ครูผู้ช่วยทุกคนผ่านการประเมิน", "นายทะเบียนแก้ไขข้อมูล", "นางพยาบาลตรวจสุขภาพนักเรียน",
    "ครูพี่เลี้ยงดูแลครูผู้ช่วย", "ผู้อำนวยการสถานศึกษาประชุม", "ครูอัตราจ้างได้รับค่าจ้าง",
])
def test_job_titles_that_begin_like_titles_are_no_names(text):
    assert kinds(text) == set()
