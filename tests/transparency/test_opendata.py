"""Open data read back by real readers; the JSON checked against its published dictionary."""

from __future__ import annotations

import csv
import fnmatch
import io
import json
from datetime import date, datetime

from openpyxl import load_workbook

from portal.extensions import db
from portal.reports.opendata import flatten
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from tests.inbox.factories import make_case, schools
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, october_cases

TYPES = {"integer": int, "number": (int, float), "boolean": bool, "string": str,
         "date": str, "datetime": str}


def _has_type(value, kind: str) -> bool:
    if value is None or value == "":
        return True  # unknown or suppressed
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[kind])


def _published(office):
    cases = october_cases(office)
    version = publish_report(office, parse_period(OCTOBER), now=AFTER_OCTOBER)
    db.session.commit()
    return cases, version


def _rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads Thai"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_and_xlsx_read_back_with_the_published_figures(app, client, office):
    _cases, version = _published(office)
    rows = _rows(client.get(f"/reports/{OCTOBER}/v1.csv").data)
    by_key = {(r["section"], r["item_key"], r["measure"]): r for r in rows}
    assert by_key[("totals", "", "received")]["value"] == "5"
    assert by_key[("streams", "corruption", "received")]["value"] == "1"
    assert by_key[("streams", "general", "received")]["item_label_th"] == "เรื่องร้องเรียนทั่วไป"
    assert by_key[("by_channel", "phone", "count")]["value"] == "4"
    assert {r["office_code"] for r in rows} == {office.code}
    assert {r["period"] for r in rows} == {OCTOBER} and {r["version"] for r in rows} == {"1"}
    assert all(not any("๐" <= ch <= "๙" for ch in r["value"]) for r in rows)  # Arabic digits

    book = load_workbook(io.BytesIO(client.get(f"/reports/{OCTOBER}/v1.xlsx").data))
    assert book.sheetnames == ["data", "dictionary", "about"]
    sheet = list(book["data"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    assert list(header) == list(rows[0].keys())
    assert len(body) == len(rows)
    cells = {(r[3], r[4] or "", r[7]): r[8] for r in body}
    assert cells[("totals", "", "received")] == 5  # a number, not text
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["period"] == OCTOBER and about["version"] == 1
    assert about["starts_on_date"].date() == date(2026, 10, 1)
    assert [c[0] for c in book["dictionary"].iter_rows(values_only=True)][1:] == list(header)


def test_json_matches_its_data_dictionary(app, client, office):
    _published(office)
    document = json.loads(client.get(f"/reports/{OCTOBER}/v1.json").data)
    dictionary = json.loads(client.get("/reports/data-dictionary.json").data)
    assert document["dictionary"].endswith("/reports/data-dictionary.json")
    assert document["meta"]["period"] == OCTOBER and document["meta"]["final"] is True
    sections = dictionary["sections"]
    undocumented, wrong_type = [], []
    rows = flatten(document["figures"])
    assert rows
    for row in rows:
        section = sections.get(row.section)
        kinds = [k for pattern, k in (section or {}).get("measures", {}).items()
                 if fnmatch.fnmatchcase(row.measure, pattern)]
        if not kinds:
            undocumented.append((row.section, row.measure))
        elif not _has_type(row.value, kinds[0]):
            wrong_type.append((row.section, row.measure, row.value))
    assert undocumented == [], f"figures missing from the dictionary: {undocumented}"
    assert wrong_type == []
    documented = {c["name"] for c in dictionary["table"]["columns"]}
    assert documented == set(_rows(client.get(f"/reports/{OCTOBER}/v1.csv").data)[0])


def test_case_level_data_is_k_anonymous_in_csv_xlsx_and_json(app, client, office):
    app.config["PORTAL_OPEN_DATA_K"] = 3
    cases, _version = _published(office)
    lone = schools(office)[1]
    make_case(office, "เรื่องเดียวของโรงเรียนนี้", received_at=datetime(2026, 10, 20, 3, 0),
              school_id=lone.id)
    db.session.commit()
    publish_report(office, parse_period(OCTOBER), note="เพิ่มเรื่องที่บันทึกช้า",
                   now=AFTER_OCTOBER)
    db.session.commit()
    data = client.get(f"/reports/{OCTOBER}/v2.cases.csv").data
    text = data.decode("utf-8-sig")
    rows = _rows(data)
    # Four phone complaints share every value; the late web one is alone and dropped; the
    # corruption report is never a row.
    assert len(rows) == 4
    assert list(rows[0]) == ["month", "case_type", "channel_group", "status_group",
                             "reply_deadline"]
    assert {tuple(r.values()) for r in rows} == {
        ("2026-10", "complaint", "offline", "in_progress", "late")}
    for secret in ("ข้อความส่วนตัวของผู้ร้อง", "เรื่องทดสอบ", "เบาะแส", cases[0].number,
                   "เรื่องเดียวของโรงเรียนนี้", schools(office)[0].code, lone.code, "2026-10-05"):
        assert secret not in text

    book = load_workbook(io.BytesIO(client.get(f"/reports/{OCTOBER}/v2.cases.xlsx").data))
    assert book.sheetnames == ["data", "dictionary", "about"]
    sheet = list(book["data"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(rows[0]) and len(sheet) == 5
    about = dict(list(book["about"].iter_rows(values_only=True))[1:])
    assert about["office_code"] == office.code and about["period"] == OCTOBER
    assert (about["k"], about["rows_published"], about["rows_dropped"]) == (3, 4, 1)
    assert about["version"] == 2 and "เดือน" in about["generalised.received"]

    document = json.loads(client.get(f"/reports/{OCTOBER}/v2.cases.json").data)
    assert document["k"] == 3 and document["dropped"] == 1
    assert document["meta"]["period"] == OCTOBER and document["meta"]["rows_published"] == 4
    assert [list(r.values()) for r in document["rows"]] == [list(r.values()) for r in rows]
    assert {g["key"] for g in document["generalisations"]} >= {"received", "channel", "place"}
    dictionary = json.loads(client.get("/reports/data-dictionary.json").data)
    assert [c["name"] for c in dictionary["cases"]["columns"]] == list(rows[0])
