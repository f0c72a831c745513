"""What each section of the figures means, and its measures with their types.

The open-data table names a figure by ``section`` and ``measure``; this is their dictionary.
A measure pattern may use ``*`` for any part (fnmatch). Types: integer, number, boolean,
string, date, datetime; every numeric measure may also be empty (unknown or suppressed).
"""

from __future__ import annotations


def _s(th: str, en: str, **measures: str) -> dict:
    return {"th": th, "en": en, "measures": dict(measures)}


STREAM = {"received": "integer", "completed": "integer", "in_progress": "integer"}
DEADLINE = {"on_time": "integer", "late": "integer", "pending": "integer", "percent": "number"}
STATS = {"count": "integer", "median": "number", "p90": "number"}


def _nested(prefix: str, measures: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}.{name}": kind for name, kind in measures.items()}


def _headline(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}.period.kind": "string", f"{prefix}.period.start": "date",
        f"{prefix}.period.end": "date", f"{prefix}.period.fiscal_year_be": "integer",
        f"{prefix}.empty": "boolean", **_nested(f"{prefix}.totals", STREAM),
        **_nested(f"{prefix}.streams", STREAM),
        f"{prefix}.reply_on_time_percent": "number",
        f"{prefix}.acknowledge_median_days": "number",
        f"{prefix}.resolve_median_days": "number",
    }


SECTIONS: dict[str, dict] = {
    "schema": _s("รุ่นของโครงสร้างข้อมูล", "Version of the data layout", value="integer"),
    "public": _s("ฉบับสาธารณะ (ปกปิดช่องที่มีจำนวนน้อย)", "Public edition (small cells blanked)",
                 value="boolean"),
    "min_cell": _s("เกณฑ์ปกปิด: ช่องที่มีน้อยกว่านี้จะเว้นว่าง",
                   "Suppression threshold: cells below it are left empty", value="integer"),
    "generated_at": _s("เวลาที่คำนวณ (UTC)", "When computed (UTC)", value="datetime"),
    "as_of": _s("สถานะของเรื่องนับ ณ เวลานี้ (UTC)", "Case statuses as of (UTC)",
                value="datetime"),
    "empty": _s("ไม่มีเรื่องร้องเรียนในช่วงเวลานี้", "No case received in the period",
                value="boolean"),
    "totals": _s("จำนวนเรื่องทั้งหมด แล้วเสร็จ และอยู่ระหว่างดำเนินการ (ตัวเลขที่ ITA ขอ)",
                 "Cases received, completed and in progress (the ITA's three figures)",
                 **STREAM),
    "streams": _s("แยกตามประเภท: ร้องเรียนทั่วไป และการทุจริตและประพฤติมิชอบ",
                  "Per stream: general, and corruption and misconduct", **STREAM),
    "by_type": _s("จำนวนเรื่องตามประเภทเรื่อง", "Cases by type", count="integer"),
    "by_channel": _s("จำนวนเรื่องตามช่องทาง", "Cases by channel", count="integer"),
    "by_category": _s("จำนวนเรื่องตามหมวดหมู่ (มีเฉพาะหมวดที่มีเรื่อง)",
                      "Cases by category (only categories with cases)",
                      case_type="string", count="integer", suppressed="string"),
    "by_school": _s("จำนวนเรื่องตามโรงเรียน แยกทั่วไปและทุจริต (item_key คือรหัสโรงเรียน)",
                    "Cases by school, general and corruption (item_key is the school code)",
                    general="integer", corruption="integer", total="integer",
                    suppressed="string"),
    "by_district": _s("จำนวนเรื่องตามอำเภอของโรงเรียน", "Cases by the school's district",
                      general="integer", corruption="integer", total="integer",
                      suppressed="string"),
    "schools_without_cases": _s("จำนวนโรงเรียนที่ไม่มีเรื่องร้องเรียน",
                                "Active schools with no case", value="integer"),
    "deadlines": _s("ตอบรับและแจ้งผลภายในกำหนด (percent = ทันกำหนด ÷ (ทัน + ล่าช้า) × 100)",
                    "Acknowledged and answered on time (percent = on time ÷ (on time + late))",
                    **_nested("acknowledge", DEADLINE), **_nested("reply", DEADLINE)),
    "durations": _s("จำนวนวันทำการถึงการตอบรับและการยุติเรื่อง (มัธยฐาน และเปอร์เซ็นไทล์ที่ 90)",
                    "Working days to acknowledge and to resolve (median and 90th percentile)",
                    **_nested("acknowledge", STATS), **_nested("resolve", STATS)),
    "declined": _s("เรื่องที่ไม่รับพิจารณา ทั้งหมดและตามเหตุผล", "Declined cases, total and by reason",
                   total="integer", **{"reasons.count": "integer"}),
    "referred": _s("เรื่องที่ส่งต่อหน่วยงานอื่น", "Cases referred to another agency",
                   value="integer"),
    "merged": _s("เรื่องที่รวมกับเรื่องอื่น", "Cases merged into another", value="integer"),
    "reopened": _s("เรื่องที่เปิดใหม่อย่างน้อยหนึ่งครั้ง", "Cases reopened at least once",
                   value="integer"),
    "disputes": _s("ผู้ร้องโต้แย้งผล: จำนวนเรื่อง และจำนวนครั้ง",
                   "Reporters disputing the outcome: cases, and disputes in all",
                   cases="integer", total="integer"),
    "outcomes": _s("ผลการพิจารณา", "Outcomes", count="integer"),
    "satisfaction": _s("ความพึงพอใจของผู้ร้อง (คะแนน 1–5)", "Reporter satisfaction (1–5)",
                       count="integer", mean="number", **{"distribution.count": "integer"}),
    "corruption": _s("เรื่องร้องเรียนการทุจริต (จำนวนเท่านั้น)", "Corruption reports (counts only)",
                     **STREAM, **{"outcomes.count": "integer"}),
    "backlog": _s("เรื่องค้างดำเนินการ ตามอายุเรื่อง (วันปฏิทิน)",
                  "Open backlog by age (calendar days)", total="integer",
                  reference_day="date", **{"buckets.count": "integer"}),
    "engagement": _s("การเข้าถึงผลการดำเนินการที่เผยแพร่ทางเฟซบุ๊กและ LINE (ว่าง = ไม่มีข้อมูล)",
                     "Facebook and LINE reach of published outcomes (empty = unknown)",
                     known="boolean", facebook_reach="integer", line_reach="integer",
                     posts="integer"),
    "comparison": _s("เทียบกับช่วงก่อนหน้า และช่วงเดียวกันของปีก่อน",
                     "Compared with the previous period and the same period a year earlier",
                     **_headline("previous"), **_headline("year_before")),
}
