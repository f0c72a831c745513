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
           "ค่า ว่างเมื่อปกปิดเพราะจำนวนน้อย (อาจระบุตัวผู้ร้องได้) หรือไม่มีข้อมูล",
           "Value; empty when suppressed as a small cell (could identify a reporter) "
           "or unknown"),
)

DATASET_COLUMNS = (
    Column("row", "integer", "ลำดับแถว (ไม่ใช่เลขรับเรื่อง)", "Row number (not the case number)"),
    Column("received_on", "date", "วันที่รับเรื่อง (ค.ศ. ตามเวลาประเทศไทย)",
           "Day received (Common Era, Bangkok time)"),
    Column("case_type", "string", "ประเภทเรื่อง: complaint, suggestion, question, compliment",
           "Case type: complaint, suggestion, question, compliment"),
    Column("channel", "string", "ช่องทางที่รับเรื่อง", "Channel the case arrived by"),
    Column("category", "string", "หมวดหมู่ (ว่างเมื่อจำนวนน้อยกว่าเกณฑ์)",
           "Category (empty when below the small-cell threshold)"),
    Column("district", "string", "อำเภอของโรงเรียน (ว่างเมื่อจำนวนน้อยกว่าเกณฑ์)",
           "District of the school (empty when below the threshold)"),
    Column("school_code", "string", "รหัสโรงเรียน (ว่างเมื่อจำนวนน้อยกว่าเกณฑ์)",
           "School code (empty when below the threshold)"),
    Column("status", "string", "สถานะ ณ วันที่เผยแพร่", "Status when published"),
    Column("outcome", "string", "ผลการพิจารณา: upheld, partly_upheld, not_upheld, answered",
           "Outcome: upheld, partly_upheld, not_upheld, answered"),
    Column("decline_reason", "string", "เหตุผลที่ไม่รับพิจารณา", "Reason for declining"),
    Column("acknowledged_on", "date", "วันที่เจ้าหน้าที่รับเรื่อง", "Day acknowledged by staff"),
    Column("informed_on", "date", "วันที่แจ้งผลหรือความคืบหน้าแก่ผู้ร้อง",
           "Day the reporter was told a result or progress"),
    Column("resolved_on", "date", "วันที่ดำเนินการแล้วเสร็จ", "Day resolved"),
    Column("reply_due_on", "date", "วันครบกำหนดแจ้งผล", "Reply deadline"),
    Column("on_time", "boolean",
           "แจ้งผลภายในกำหนด: true/false ว่างเมื่อยังไม่ครบกำหนด",
           "Reporter answered by the deadline: true/false, empty while still within it"),
    Column("reopened", "integer", "จำนวนครั้งที่เปิดเรื่องใหม่", "Times reopened"),
    Column("disputed", "integer", "จำนวนครั้งที่ผู้ร้องโต้แย้งผล", "Times the reporter disputed"),
    Column("satisfaction", "integer", "คะแนนความพึงพอใจ 1–5 (ว่างเมื่อไม่ได้ประเมิน)",
           "Satisfaction 1–5 (empty when not rated)"),
)

DATASET_RULES_TH = (
    "ไม่มีข้อความที่ผู้ร้องเขียน ไม่มีชื่อ ที่อยู่ หรือช่องทางติดต่อ และไม่มีเลขรับเรื่อง",
    "ไม่รวมเรื่องร้องเรียนการทุจริตและเรื่องที่เป็นความลับ (เผยแพร่เป็นจำนวนรวมเท่านั้น)",
    "วันที่ละเอียดถึงระดับวัน ไม่มีเวลา",
    "หมวดหมู่ โรงเรียน และอำเภอ ที่มีเรื่องน้อยกว่าเกณฑ์ในช่วงเวลานั้นจะเว้นว่าง",
)
DATASET_RULES_EN = (
    "No text written by reporters, no names, addresses or contacts, no case numbers.",
    "Corruption reports and confidential cases are left out (published as totals only).",
    "Dates to the day, no times.",
    "Categories, schools and districts with fewer cases than the threshold in the period "
    "are left empty.",
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
        "cases": {"description_th": "ชุดข้อมูลรายเรื่องแบบไม่ระบุตัวตน สำหรับผู้วิจัย",
                  "description_en": "Anonymised case-level data set for researchers",
                  "rules_th": list(DATASET_RULES_TH), "rules_en": list(DATASET_RULES_EN),
                  "columns": columns(DATASET_COLUMNS)},
    }
