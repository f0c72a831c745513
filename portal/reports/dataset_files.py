"""The case-level data set's files: CSV (UTF-8 with BOM), XLSX with an "about" sheet, JSON.

All three carry the same rows in the same order; the XLSX and the JSON also say what the
file is (office, period, version), k, how many rows were published and dropped and why, and
how each case was generalised. The CSV stays a plain table that any tool reads.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from portal.reports.dataset import COLUMNS, GENERALISATIONS, Dataset
from portal.reports.dictionary import DATASET_COLUMNS
from portal.reports.opendata import Meta, dictionary_sheet, style_header

DROPPED_WHY_TH = ("แถวที่มีค่าทุกคอลัมน์ตรงกันน้อยกว่า k เรื่องถูกตัดออก "
                  "เพื่อไม่ให้ระบุตัวผู้แจ้งได้")
DROPPED_WHY_EN = ("Rows whose values in all columns fewer than k cases share were dropped, "
                  "so that no row can point at a reporter.")
SCOPE_TH = "เฉพาะเรื่องร้องเรียนทั่วไป ไม่รวมเรื่องร้องเรียนการทุจริตและเรื่องที่เคยเป็นความลับ"
SCOPE_EN = ("General stream only: corruption reports and cases ever on the confidential "
            "track are left out.")


def about(meta: Meta, data: Dataset) -> dict[str, Any]:
    """What the file is and what was done to its rows (the XLSX about sheet, the JSON)."""
    return {"office_code": meta.office_code, "office_name_th": meta.office_name_th,
            "period": meta.period, "period_label_th": meta.period_label_th,
            "starts_on": meta.starts_on.isoformat(), "ends_on": meta.ends_on.isoformat(),
            "version": meta.version, "published_at": meta.published_at.isoformat() + "Z",
            "final": meta.final, "k": data.k, "rows_published": len(data.rows),
            "rows_dropped": data.dropped, "scope_th": SCOPE_TH, "scope_en": SCOPE_EN,
            "dropped_why_th": DROPPED_WHY_TH, "dropped_why_en": DROPPED_WHY_EN}


def write_cases_csv(data: Dataset) -> bytes:
    """The rows as CSV: UTF-8 with a BOM (Excel reads Thai), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in data.rows:
        writer.writerow([row[name] for name in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_cases_xlsx(meta: Meta, data: Dataset) -> bytes:
    """Three sheets: the rows, what each column means, and what this file is."""
    from openpyxl import Workbook  # loaded when a workbook is made, not with every process

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(list(COLUMNS))
    for row in data.rows:
        sheet.append([row[name] for name in COLUMNS])
    sheet.freeze_panes = "A2"
    style_header(sheet, widest=80)
    dictionary_sheet(book, DATASET_COLUMNS)
    sheet = book.create_sheet("about")
    sheet.append(["field", "value"])
    for key, value in about(meta, data).items():
        sheet.append([key, value])
    for key, th, en in GENERALISATIONS:
        sheet.append([f"generalised.{key}", f"{th} / {en}"])
    style_header(sheet, widest=80)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_cases_json(meta: Meta, data: Dataset, dictionary_url: str) -> bytes:
    """``{"meta", "k", "dropped", "generalisations", "dictionary", "rows"}``."""
    document = {
        "meta": about(meta, data), "k": data.k, "dropped": data.dropped,
        "generalisations": [{"key": key, "th": th, "en": en}
                            for key, th, en in GENERALISATIONS],
        "dictionary": dictionary_url,
        "rows": data.rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
