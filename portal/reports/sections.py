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
        f"{prefix}.empty": "boolean", f"{prefix}.no_data": "boolean",
        **_nested(f"{prefix}.totals", STREAM),
        **_nested(f"{prefix}.streams", STREAM),
        f"{prefix}.reply_on_time_percent": "number",
        f"{prefix}.acknowledge_median_days": "number",
        f"{prefix}.resolve_median_days": "number",
    }


SECTIONS: dict[str, dict] = {
    "schema": _s("รุ่นของโครงสร้างข้อมูล", "Version of the data layout", value="integer"),
    "public": _s("ฉบับสาธารณะ (ผ่านการปกปิดข้อมูลเพื่อคุ้มครองผู้แจ้ง)",
                 "Public edition (disclosure-controlled)", value="boolean"),
    "min_cell": _s("เกณฑ์ปกปิด: ช่องที่มีน้อยกว่านี้ (แต่ไม่ใช่ 0) จะไม่แสดง",
                   "Threshold: cells below it (but not 0) are hidden", value="integer"),
    "disclosure": _s("การปกปิดข้อมูล: รุ่นของกฎ มีตารางแยกย่อยหรือไม่ นับเฉพาะเรื่องทั่วไปหรือไม่ "
                     "แสดงผลการพิจารณาเรื่องทุจริตหรือไม่ และความหมายของเครื่องหมายที่ใช้",
                     "Disclosure control: rules version, whether breakdowns are published, "
                     "whether only the general stream is counted, whether the confidential "
                     "stream's outcomes are shown, and the marks used",
                     rules="integer", breakdowns="boolean", general_only="boolean",
                     confidential_outcomes="boolean", marks="string", symbol="string",
                     label_th="string",
                     label_en="string"),
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
    "by_type": _s("จำนวนเรื่องตามประเภท: ประเภทของเรื่องทั่วไป และแถว corruption คือเรื่องการทุจริต"
                  "รวมเรื่องที่รับไว้เป็นความลับ (ภาพรวมของสำนักงานเท่านั้น)",
                  "Cases by type: the general stream's types, and the corruption row for "
                  "the confidential stream (corruption and confidential cases, office-wide)",
                  count="integer"),
    "by_channel": _s("เรื่องทั่วไปตามช่องทาง", "General-stream cases by channel",
                     count="integer"),
    "by_category": _s("เรื่องทั่วไปตามหมวดหมู่ จัดกลุ่มตามประเภท (แถวที่ไม่แสดงมีค่า 0)",
                      "General-stream cases by category, grouped by type (rows not listed "
                      "are 0)", case_type="string", count="integer"),
    "by_school": _s("เรื่องทั่วไปตามโรงเรียน (item_key คือรหัสโรงเรียน แถวที่ไม่แสดงมีค่า 0)",
                    "General-stream cases by school (item_key is the school code; rows not "
                    "listed are 0)", district="string", count="integer"),
    "by_district": _s("เรื่องทั่วไปตามอำเภอของโรงเรียน", "General-stream cases by the school's "
                      "district", count="integer"),
    "schools_without_cases": _s("จำนวนโรงเรียนที่ไม่ปรากฏในตารางรายโรงเรียน (ไม่มีเรื่องทั่วไป)",
                                "Active schools not listed in the school table (no general "
                                "case)", value="integer"),
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
    "transfers": _s("เรื่องทั่วไปที่โอนระหว่างสำนักงาน: โอนไป (นับในเรื่องที่ส่งต่อด้วย) และรับโอน",
                    "General cases transferred between offices: out (also counted as referred) "
                    "and in", out="integer", **{"in": "integer"}),
    "reopened": _s("เรื่องที่เปิดใหม่อย่างน้อยหนึ่งครั้ง", "Cases reopened at least once",
                   value="integer"),
    "disputes": _s("ผู้แจ้งโต้แย้งผล: จำนวนเรื่อง และจำนวนครั้ง",
                   "Reporters disputing the outcome: cases, and disputes in all",
                   cases="integer", total="integer"),
    "outcomes": _s("ผลการพิจารณาเรื่องทั่วไป", "Outcomes of the general stream",
                   count="integer"),
    "satisfaction": _s("ความพึงพอใจของผู้แจ้ง (คะแนน 1–5)", "Reporter satisfaction (1–5)",
                       count="integer", mean="number", not_rated="integer",
                       comments="integer",
                       **{"distribution.count": "integer", "themes.count": "integer"}),
    "not_recorded": _s("เรื่องที่ยุติแล้วแต่ไม่ได้บันทึกผลการพิจารณา หรือไม่ได้บันทึกเหตุผลที่ไม่รับ"
                       "พิจารณา", "Finished cases with no recorded outcome, and declined cases "
                       "with no recorded reason", outcome="integer", decline_reason="integer"),
    "corruption": _s("เรื่องการทุจริตและเรื่องลับ: ภาพรวมของสำนักงานเท่านั้น ผลการพิจารณาเฉพาะรายงาน"
                     "ปีงบประมาณเมื่อจำนวนเพียงพอ (ว่าง = ไม่แสดง)",
                     "Corruption and confidential cases, office-wide only; outcomes only in "
                     "a fiscal year's report when the counts allow (empty = not shown)",
                     **STREAM, outcomes="string", **{"outcomes.count": "integer"}),
    "backlog": _s("เรื่องค้างดำเนินการ ตามอายุเรื่อง (วันปฏิทิน)",
                  "Open backlog by age (calendar days)", total="integer",
                  reference_day="date", **{"buckets.count": "integer"}),
    "engagement": _s("การเข้าถึงผลการดำเนินการที่เผยแพร่ทางเฟซบุ๊กและ LINE (ว่าง = ไม่มีข้อมูล)",
                     "Facebook and LINE reach of published outcomes (empty = unknown)",
                     known="boolean", facebook_reach="integer", line_reach="integer",
                     posts="integer"),
    "network": _s("เครือข่ายประชาสัมพันธ์ของโรงเรียน (รายเดือน): โรงเรียนที่มีผู้ประสานงาน "
                  "กรรมการเครือข่าย ข่าวจากโรงเรียน การแชร์ ผู้ติดตามเพจและเพื่อน LINE; "
                  "รายอำเภอผ่านการปกปิดข้อมูล รายโรงเรียนเฉพาะฉบับเจ้าหน้าที่",
                  "Schools' PR network (monthly): schools with a correspondent, committee, "
                  "school news, sharing, Page followers and LINE friends; districts "
                  "disclosure-controlled, schools in the staff edition only",
                  **dict.fromkeys(("schools_total", "with_correspondent", "committee_total",
                                   "committee_active", "schools_sent_news", "news_items",
                                   "schools_shared", "page_followers", "line_friends"),
                                  "integer"),
                  median_hours="number", **{"by_district.*.schools": "integer",
                                            "by_district.*.value": "integer",
                                            "by_school.has_correspondent": "boolean",
                                            "by_school.news": "integer",
                                            "by_school.published": "integer",
                                            "by_school.shared": "integer"}),
    "comparison": _s("เทียบกับช่วงก่อนหน้า และช่วงเดียวกันของปีก่อน",
                     "Compared with the previous period and the same period a year earlier",
                     **_headline("previous"), **_headline("year_before")),
}
