"""The data dictionary of the open data: every column of the files, every figure's meaning.

Published at a stable URL (``/reports/data-dictionary.json``) and inside every XLSX, in Thai
and English. Tests check each published JSON file against it, so a figure added without a
description here is caught.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Column(NamedTuple):
    name: str
    type: str  # string, integer, number, date, boolean
    th: str
    en: str


TABLE_COLUMNS = (
    Column("office_code", "string", "รหัสสำนักงาน", "Office code"),
    Column("period", "string",
           "รหัสช่วงเวลา: 2026-10 (เดือน ค.ศ.), 2026-Q4 (ไตรมาส), fy2569-h1 (ครึ่งปีงบประมาณแรก "
           "ต.ค.–มี.ค.), fy2569 (ปีงบประมาณ พ.ศ.)",
           "Period: 2026-10 (month), 2026-Q4 (quarter), fy2569-h1 (first half of the fiscal "
           "year, Oct–Mar), fy2569 (Buddhist-era fiscal year)"),
    Column("version", "integer", "ฉบับที่ของรายงาน (ฉบับแก้ไขมีเลขถัดไป)",
           "Report version (a correction has the next number)"),
    Column("section", "string", "หมวดของตัวเลข (ดูรายการหมวดด้านล่าง)",
           "Section of the figure (see the sections below)"),
    Column("item_key", "string", "รหัสของแถว เช่น ประเภทเรื่อง ช่องทาง รหัสโรงเรียน",
           "Key of the row described, e.g. a case type, a channel, a school code"),
    Column("item_label_th", "string", "ชื่อของแถวภาษาไทย", "Name of the row in Thai"),
    Column("item_label_en", "string", "ชื่อของแถวภาษาอังกฤษ", "Name of the row in English"),
    Column("measure", "string", "ชื่อตัวชี้วัด (ดูรายการด้านล่าง)",
           "Name of the measure (see the list below)"),
    Column("value", "number",
           "ค่า ว่างเมื่อปกปิด (ดูคอลัมน์ mark) หรือไม่มีข้อมูล",
           "Value; empty when hidden (see the mark column) or unknown"),
    Column("mark", "string",
           "เหตุที่ค่าว่างเพราะการปกปิด: small, protected, inherited หรือ withheld "
           "(ดูรายการ marks) ว่างเมื่อแสดงค่า",
           "Why a hidden value is empty: small, protected, inherited or withheld (see "
           "marks); empty when the value is shown"),
)

# The marks of hidden cells, the same in the page, the PDF, CSV, XLSX and JSON.
MARKS = (
    {"mark": "small", "symbol": "<3 (< threshold)",
     "th": "จำนวน 1 ถึงน้อยกว่าเกณฑ์ปกปิด (min_cell) จึงไม่แสดง",
     "en": "From 1 to below the threshold (min_cell): not shown"},
    {"mark": "protected", "symbol": "–",
     "th": "ปกปิดเพื่อไม่ให้คำนวณย้อนหาช่อง small จากผลรวมได้ ค่าจริงเป็น 0 หรือไม่น้อยกว่าเกณฑ์",
     "en": "Hidden so that no small cell can be worked out from the sums; the value is 0 "
           "or at least the threshold"},
    {"mark": "inherited", "symbol": "*",
     "th": "ในรายงานไตรมาส ครึ่งปี หรือปีงบประมาณ: มีเดือนในช่วงนี้ที่ปกปิดช่องนี้ "
           "ค่าเป็นเท่าใดก็ได้",
     "en": "In a quarter, half-year or fiscal-year report: a month inside it hides this "
           "cell; the value may be anything"},
    {"mark": "withheld", "symbol": "×",
     "th": "ทั้งกลุ่ม (เช่น โรงเรียนทุกแห่งในอำเภอหนึ่ง) มีเรื่องน้อยเกินกว่าจะแสดงรายแถว "
           "ค่าเป็นเท่าใดก็ได้",
     "en": "The whole group (e.g. every school of one district) has too few cases to show "
           "row by row; the value may be anything"},
)

# The ``office`` and ``period`` objects of the JSON's figures (also in the table's columns).
OBJECTS = {
    "office": {"id": ("integer", "รหัสภายในระบบ", "Internal id"),
               "code": ("string", "รหัสสำนักงาน", "Office code"),
               "name_th": ("string", "ชื่อสำนักงานภาษาไทย", "Office name in Thai"),
               "name_en": ("string", "ชื่อสำนักงานภาษาอังกฤษ", "Office name in English"),
               "address_th": ("string", "ที่อยู่", "Address (Thai)"),
               "phone": ("string", "โทรศัพท์", "Telephone"),
               "email": ("string", "อีเมล", "E-mail")},
    "period": {"key": ("string", "รหัสช่วงเวลา (ดูคอลัมน์ period)", "Period key (see period)"),
               "kind": ("string", "month, quarter, half, fiscal_year หรือ range",
                        "month, quarter, half, fiscal_year or range"),
               "start": ("date", "วันแรก (ค.ศ.)", "First day (CE)"),
               "end": ("date", "วันสุดท้าย (ค.ศ.)", "Last day (CE)"),
               "label_th": ("string", "ชื่อช่วงเวลาภาษาไทย (พ.ศ.)", "Thai label (BE)"),
               "label_en": ("string", "ชื่อช่วงเวลาภาษาอังกฤษ", "English label"),
               "fiscal_year_be": ("integer", "ปีงบประมาณ พ.ศ.", "Fiscal year (BE)")},
}

DATASET_COLUMNS = (
    Column("month", "string", "เดือนที่รับเรื่อง (YYYY-MM ค.ศ. ตามเวลาประเทศไทย)",
           "Month received (YYYY-MM, Common Era, Bangkok time)"),
    Column("case_type", "string", "ประเภทเรื่อง: complaint, suggestion, question, compliment",
           "Case type: complaint, suggestion, question, compliment"),
    Column("channel_group", "string",
           "กลุ่มช่องทาง: online (เว็บไซต์ อีเมล Facebook LINE), offline (มาด้วยตนเอง "
           "โทรศัพท์ หนังสือ)",
           "Channel group: online (web, e-mail, Facebook, LINE), offline (walk-in, phone, "
           "letter)"),
    Column("status_group", "string",
           "สถานะ ณ วันที่เผยแพร่: completed (ดำเนินการแล้วเสร็จ) in_progress (อยู่ระหว่างดำเนินการ)",
           "Status when published: completed, in_progress"),
    Column("reply_deadline", "string",
           "การแจ้งผลแก่ผู้แจ้ง: on_time (ภายในกำหนด), late (เกินกำหนด), pending (ยังไม่ครบกำหนด), "
           "not_judged (เรื่องที่รวมกับเรื่องอื่น)",
           "Reporter told a result or progress: on_time, late, pending (still within the "
           "deadline), not_judged (merged cases)"),
)

DATASET_RULES_TH = (
    "หนึ่งแถวต่อหนึ่งเรื่อง เฉพาะเรื่องร้องเรียนทั่วไป ไม่รวมเรื่องร้องเรียนการทุจริตและเรื่องที่เคยเป็น"
    "ความลับ (เผยแพร่เป็นจำนวนรวมของสำนักงานเท่านั้น)",
    "ไม่มีข้อความที่ผู้แจ้งเขียน ไม่มีชื่อ ที่อยู่ ช่องทางติดต่อ เลขรับเรื่อง หรือลำดับแถว แถวเรียงตามค่า"
    "ในคอลัมน์ ไม่ใช่ตามลำดับที่รับเรื่อง",
    "ไม่มีโรงเรียน อำเภอ หมวดหมู่ ผลการพิจารณา หรือคะแนนความพึงพอใจ ตัวเลขเหล่านี้อยู่ในตารางของรายงาน"
    "ซึ่งปกปิดช่องที่มีจำนวนน้อยแล้ว",
    "ปรับให้หยาบก่อน: เดือนแทนวันที่ กลุ่มช่องทางแทนช่องทาง กลุ่มสถานะแทนสถานะ",
    "แล้วตัดแถวที่มีค่าทุกคอลัมน์ตรงกันน้อยกว่า k เรื่อง (k-anonymity) ทุกการรวมคอลัมน์จึงมีอย่างน้อย k "
    "แถว จำนวนแถวที่ตัดออกระบุในแผ่น about และใน JSON",
)
DATASET_RULES_EN = (
    "One row per case of the general stream only: corruption reports and cases ever on the "
    "confidential track are left out (published as office totals only).",
    "No text written by reporters, no names, addresses, contacts, case numbers or row "
    "numbers; rows are sorted by their values, not in the order received.",
    "No school, district, category, outcome or satisfaction: the report's tables publish "
    "those, with small cells hidden.",
    "Generalised first: the month instead of the day, channel groups, status groups.",
    "Then rows whose values in all columns fewer than k cases share are dropped "
    "(k-anonymity), so every combination of columns has at least k rows; the about sheet "
    "and the JSON say how many were dropped.",
)


def dictionary_document() -> dict[str, Any]:
    """The whole dictionary as a JSON-ready document."""
    from portal.reports.sections import SECTIONS

    def columns(cols):
        return [c._asdict() for c in cols]

    return {
        "table": {"description_th": "ตารางตัวเลขของรายงาน (CSV, XLSX แผ่น data)",
                  "description_en": "The report's figures (CSV, XLSX sheet data)",
                  "columns": columns(TABLE_COLUMNS)},
        "sections": SECTIONS,
        "objects": {name: {field: {"type": kind, "th": th, "en": en}
                           for field, (kind, th, en) in fields.items()}
                    for name, fields in OBJECTS.items()},
        "marks": [dict(m) for m in MARKS],
        "cases": {"description_th": "ชุดข้อมูลรายเรื่องแบบไม่ระบุตัวตน สำหรับผู้วิจัย",
                  "description_en": "Anonymised case-level data set for researchers",
                  "rules_th": list(DATASET_RULES_TH), "rules_en": list(DATASET_RULES_EN),
                  "columns": columns(DATASET_COLUMNS)},
    }
