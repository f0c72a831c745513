"""The shipped list of primary service area offices (สพป.) and `flask office import --primary`."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Category, Office
from portal.offices.cli import PRIMARY_CSV
from portal.offices.provisioning import CODE, CSV_COLUMNS

# Offices per province (77 provinces, 183 offices), stated here apart from the CSV.
OFFICES_PER_PROVINCE = {
    "กรุงเทพมหานคร": 1, "กระบี่": 1, "กาญจนบุรี": 4, "กาฬสินธุ์": 3, "กำแพงเพชร": 2,
    "ขอนแก่น": 5, "จันทบุรี": 2, "ฉะเชิงเทรา": 2, "ชลบุรี": 3, "ชัยนาท": 1, "ชัยภูมิ": 3,
    "ชุมพร": 2, "เชียงราย": 4, "เชียงใหม่": 6, "ตรัง": 2, "ตราด": 1, "ตาก": 2, "นครนายก": 1,
    "นครปฐม": 2, "นครพนม": 2, "นครราชสีมา": 7, "นครศรีธรรมราช": 4, "นครสวรรค์": 3,
    "นนทบุรี": 2, "นราธิวาส": 3, "น่าน": 2, "บึงกาฬ": 1, "บุรีรัมย์": 4, "ปทุมธานี": 2,
    "ประจวบคีรีขันธ์": 2, "ปราจีนบุรี": 2, "ปัตตานี": 3, "พระนครศรีอยุธยา": 2, "พะเยา": 2,
    "พังงา": 1, "พัทลุง": 2, "พิจิตร": 2, "พิษณุโลก": 3, "เพชรบุรี": 2, "เพชรบูรณ์": 3,
    "แพร่": 2, "ภูเก็ต": 1, "มหาสารคาม": 3, "มุกดาหาร": 1, "แม่ฮ่องสอน": 2, "ยโสธร": 2,
    "ยะลา": 3, "ร้อยเอ็ด": 3, "ระนอง": 1, "ระยอง": 2, "ราชบุรี": 2, "ลพบุรี": 2, "ลำปาง": 3,
    "ลำพูน": 2, "เลย": 3, "ศรีสะเกษ": 4, "สกลนคร": 3, "สงขลา": 3, "สตูล": 1,
    "สมุทรปราการ": 2, "สมุทรสงคราม": 1, "สมุทรสาคร": 1, "สระแก้ว": 2, "สระบุรี": 2,
    "สิงห์บุรี": 1, "สุโขทัย": 2, "สุพรรณบุรี": 3, "สุราษฎร์ธานี": 3, "สุรินทร์": 3,
    "หนองคาย": 2, "หนองบัวลำภู": 2, "อ่างทอง": 1, "อำนาจเจริญ": 1, "อุดรธานี": 4,
    "อุตรดิตถ์": 2, "อุทัยธานี": 2, "อุบลราชธานี": 5,
}
TH_PREFIX = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา"
EN_SUFFIX = " Primary Educational Service Area Office"


def _rows() -> list[dict[str, str]]:
    with PRIMARY_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
        return list(reader)


def test_the_list_has_every_office_of_every_province_once():
    rows = _rows()
    assert len(OFFICES_PER_PROVINCE) == 77 and sum(OFFICES_PER_PROVINCE.values()) == 183
    assert len(rows) == 183
    assert Counter(row["province_th"] for row in rows) == OFFICES_PER_PROVINCE
    assert len({row["code"] for row in rows}) == 183
    # One set of letters per province, the area number after them when it has several.
    letters = {row["province_th"]: row["code"].rstrip("0123456789") for row in rows}
    assert len(set(letters.values())) == 77
    for row in rows:
        assert CODE.match(row["code"]) and row["code"] == row["code"].upper(), row
        assert row["code"] == letters[row["province_th"]] + row["area_no"], row
        assert row["hostname"] == "" and row["province_en"], row


def test_names_follow_the_official_pattern():
    rows = {row["code"]: row for row in _rows()}
    for row in rows.values():
        single = OFFICES_PER_PROVINCE[row["province_th"]] == 1
        area = "" if single else f" เขต {row['area_no']}"
        assert row["name_th"] == f"{TH_PREFIX}{row['province_th']}{area}", row
        area = "" if single else f" {row['area_no']}"
        assert row["name_en"] == f"{row['province_en']}{EN_SUFFIX}{area}", row
    assert rows["NP2"]["name_th"] == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครพนม เขต 2"
    assert rows["NP2"]["name_en"] == "Nakhon Phanom Primary Educational Service Area Office 2"
    assert rows["BG"]["name_th"] == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาบึงกาฬ"
    assert rows["BK"]["name_en"] == "Bangkok Primary Educational Service Area Office"


# Creating 182 offices copies the template's settings into each (4–12 s on SQLite, 25 s on
# PostgreSQL, on a busy two-core machine): one backend shows the import; the copy itself runs
# on both in test_provisioning.py.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_import_primary_creates_every_office_once(app, office):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["office", "import", "--primary"])
    assert first.exit_code == 0, first.output
    assert "created 182, updated 1, unchanged 0" in first.output  # NP2 is the demo office
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 183
    db.session.expire_all()
    np2 = db.session.scalar(sa.select(Office).where(Office.code == "NP2"))
    assert np2.id == office.id and np2.province_th == "นครพนม"
    assert np2.name_th == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครพนม เขต 2"
    korat7 = db.session.scalar(sa.select(Office).where(Office.code == "NR7"))
    template_categories = sa.select(sa.func.count()).select_from(Category)
    assert db.session.scalar(template_categories.where(Category.office_id == korat7.id)) == (
        db.session.scalar(template_categories.where(Category.office_id == office.id))
    )
    versions = dict(db.session.execute(sa.select(Office.code, Office.settings_version)).all())

    second = runner.invoke(args=["office", "import", "--primary"])
    assert second.exit_code == 0, second.output
    assert "created 0, updated 0, unchanged 183" in second.output
    db.session.expire_all()
    assert dict(db.session.execute(sa.select(Office.code, Office.settings_version)).all()) == (
        versions
    )


def test_import_takes_exactly_one_source(app, office, tmp_path):
    runner = app.test_cli_runner()
    listed = tmp_path / "offices.csv"
    listed.write_text(",".join(CSV_COLUMNS) + "\n", encoding="utf-8")
    for args in ([], ["--sample", "--primary"], [str(listed), "--primary"]):
        refused = runner.invoke(args=["office", "import", *args])
        assert refused.exit_code == 2 and "--primary" in refused.output, args
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 1
