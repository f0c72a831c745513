"""The privacy check on Thai text: names after titles, phone numbers, national IDs and more,
with generated names, numbers and IDs in many spellings."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from portal.publishing.privacy import (
    NOT_NAMES,
    KnownPeople,
    check_text,
    is_phone_number,
    load_reference_data,
    national_id_valid,
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Syllables Thai given names and surnames are made of, marks included.
SYLLABLES = ["สม", "ศรี", "ชาย", "ใจ", "ดี", "มะ", "ลิ", "กัญ", "ญา", "ประ", "เสริฐ", "วิ", "ไล",
             "พร", "ทิพ", "ย์", "สุ", "ดา", "อรุณ", "รัตน์", "นภา", "ธนา", "กร", "พัช", "รี", "บุญ",
             "เรือง", "ปิยะ", "นุช", "จันทร์", "เพ็ญ", "ทอง", "สุข", "แก้ว", "มณี", "วงศ์", "ศักดิ์",
             "เกียรติ", "ณัฐ", "ธิดา", "ภูมิ", "ใหญ่", "น้อย", "ฤทธิ์", "ไพ", "ศาล", "อุ", "ษา"]
TITLES = ["นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง", "ครู",
          "ผอ.", "ผู้อำนวยการ", "คุณครู", "อาจารย์"]
BEFORE = ["ผู้ปกครองแจ้งว่า", "สำนักงานได้ประสานกับ", "ตามที่", "เมื่อวันจันทร์", ""]
AFTER = ["ได้แก้ไขเรียบร้อยแล้ว", "ดูแลห้องน้ำของโรงเรียน", "และคณะครูร่วมกันซ่อม", ""]
# Plain sentences of outcome summaries: none names or reaches anyone.
SAFE = [
    "โรงเรียนได้ซ่อมห้องน้ำนักเรียนเรียบร้อยแล้ว",
    "สำนักงานเขตพื้นที่ได้ตรวจสอบและแนะนำให้โรงเรียนปรับปรุงอาหารกลางวัน",
    "ผู้อำนวยการโรงเรียนรับทราบและแก้ไขภายใน 7 วัน",
    "คุณภาพอาหารดีขึ้นตามที่ท่านแจ้ง ขอบคุณทุกท่าน",
    "ครูประจำชั้นได้ติดตามนักเรียนทุกคน",
    "งบประมาณ 15,000 บาท ดำเนินการเมื่อ 12 มีนาคม 2567",
    "นายอำเภอและนายกเทศมนตรีร่วมตรวจเยี่ยม",
    "ทนายความของสำนักงานให้คำแนะนำแล้ว",
    "ติดต่อ LINE Official Account ของสำนักงานได้",
]



@pytest.fixture(autouse=True, scope="module")
def _reference_data_loaded():
    """The first check loads the name lists and the gazetteer (~0.3 s): not within a deadline."""
    load_reference_data()


names = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map("".join)


def thai_or_arabic(text: str, draw) -> str:
    """Each digit of ``text`` in Thai or Arabic, as the draw decides."""
    return "".join(THAI_DIGITS[int(c)] if c.isdigit() and draw(st.booleans()) else c
                   for c in text)


@st.composite
def phone_numbers(draw) -> tuple[str, str]:
    """(digits, as written): mobile or landline, spaced, dashed, dotted, +66, Thai digits."""
    if draw(st.booleans()):
        digits = draw(st.sampled_from("689")) + draw(st.text("0123456789", min_size=8,
                                                             max_size=8))
        groups = [digits[:2], digits[2:5], digits[5:]]
    else:
        digits = draw(st.sampled_from("234567")) + draw(st.text("0123456789", min_size=7,
                                                                max_size=7))
        groups = [digits[:1], digits[1:4], digits[4:]]
    sep = draw(st.sampled_from(["", "-", " ", "."]))
    prefix = draw(st.sampled_from(["0", "+66 ", "+66"]))
    written = prefix + sep.join(groups)
    return "0" + digits, thai_or_arabic(written, draw)


@st.composite
def national_ids(draw) -> str:
    first = draw(st.text("0123456789", min_size=12, max_size=12).filter(lambda d: d[0] != "0"))
    total = sum(int(d) * (13 - i) for i, d in enumerate(first))
    digits = first + str((11 - total % 11) % 10)
    if draw(st.booleans()):
        digits = "-".join([digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]])
    return thai_or_arabic(digits, draw)


@given(title=st.sampled_from(TITLES), name=names, surname=names,
       before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER),
       space=st.sampled_from(["", " "]))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_a_name_after_a_title_is_found(title, name, surname, before, after, space):
    assume(not name.startswith(NOT_NAMES))
    text = f"{before} {title}{space}{name} {surname} {after}".strip()
    found = [f for f in check_text(text) if f.kind == "person_name"]
    assert any(name in f.text for f in found), (text, found)


@given(number=phone_numbers(), before=st.sampled_from(["โทร", "เบอร์ติดต่อ ", "ติดต่อได้ที่ ",
                                                       "(", ""]))
@settings(max_examples=300)
def test_a_phone_number_is_found_in_any_spelling(number, before):
    digits, written = number
    text = f"ผู้ปกครอง{before}{written} ได้รับการแก้ไขแล้ว"
    phones = [f for f in check_text(text) if f.kind == "phone"]
    assert phones, text
    plain = phones[0].text.translate(str.maketrans(THAI_DIGITS, "0123456789"))
    assert "".join(c for c in plain if c.isdigit()).endswith(digits[1:])


@given(national_id=national_ids(), before=st.sampled_from(["เลขประจำตัว ", "บัตร", "ID "]))
@settings(max_examples=300)
def test_a_valid_national_id_is_found_with_or_without_dashes(national_id, before):
    found = check_text(f"นักเรียน{before}{national_id} ได้รับทุนแล้ว")
    assert [f.text for f in found if f.kind == "national_id"] == [national_id]


@given(national_id=national_ids(), wrong=st.integers(1, 9))
def test_a_wrong_check_digit_is_no_national_id(national_id, wrong):
    digits = "".join(c for c in national_id.translate(str.maketrans(THAI_DIGITS, "0123456789"))
                     if c.isdigit())
    broken = digits[:12] + str((int(digits[12]) + wrong) % 10)
    assert not national_id_valid(broken)
    assert not [f for f in check_text(f"เลข {broken}") if f.kind == "national_id"]


@given(sentences=st.lists(st.sampled_from(SAFE), min_size=1, max_size=4),
       amount=st.integers(1, 999_999), year=st.integers(2560, 2570))
def test_plain_outcome_text_has_no_findings(sentences, amount, year):
    text = " ".join(sentences) + f" ใช้งบประมาณ {amount:,} บาท ในปี {year}"
    assert check_text(text) == []


def test_phone_numbers_spelled_as_thai_words_are_found():
    found = check_text("โทรมาที่ ศูนย์แปดหนึ่ง สองสามสี่ ห้าหกเจ็ดแปด ได้")
    assert [f.kind for f in found] == ["phone"]


def test_email_line_and_foreign_links_are_found_but_the_office_link_is_not():
    text = ("ส่งอีเมลถึง somchai.j@example.com หรือ LINE ID: somchai_99 "
            "ดูภาพที่ https://drive.example.net/x และที่ https://portal.test/outcomes/3")
    found = check_text(text, KnownPeople(allowed_hosts={"portal.test"}))
    assert {(f.kind, f.text) for f in found} == {
        ("email", "somchai.j@example.com"), ("line_id", "LINE ID: somchai_99"),
        ("url", "https://drive.example.net/x")}


@given(name=names, surname=names, phone=phone_numbers())
@settings(max_examples=100)
def test_the_reporter_and_respondent_from_the_case_are_found(name, surname, phone):
    assume(not name.startswith(NOT_NAMES) and not surname.startswith(NOT_NAMES))
    assume(len(name) >= 3 and len(surname) >= 3 and name != surname)
    digits, _written = phone
    known = KnownPeople(reporter_name=f"นางสาว{name} {surname}", reporter_phone=digits,
                        reporter_email="parent@example.com", reporter_line_id="@parent_line",
                        respondent=f"นาย{surname}{name} ครูโรงเรียนบ้านนาทม")
    text = (f"ตามที่ {name} แจ้งทางหมายเลข {digits[:3]}-{digits[3:6]}-{digits[6:]} "
            "และอีเมล PARENT@example.com ไลน์ parent_line")
    kinds = {f.kind for f in check_text(text, known)}
    assert {"reporter_name", "reporter_phone", "reporter_email", "reporter_line_id"} <= kinds
    assert "respondent_name" in {f.kind for f in check_text(f"เรื่องของ {surname}{name}", known)}


def test_phone_and_id_rules():
    assert is_phone_number("0812345678") and is_phone_number("042511234")
    assert is_phone_number("66812345678")
    assert not is_phone_number("1812345678") and not is_phone_number("0112345678")
    assert national_id_valid("1103702071831") is (
        (11 - sum(int(d) * (13 - i) for i, d in enumerate("110370207183")) % 11) % 10 == 1)
