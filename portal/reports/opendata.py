"""Open data of a published report: one tidy table as CSV (UTF-8 with BOM), XLSX and JSON.

The figures dict is what gets frozen; these writers only reshape it, so the files of a
version say exactly what its page says. The table is "long": one row per number, with the
section it belongs to, the row it describes (a school, a channel …) and the measure, so a
new figure in a later year adds rows, never columns, and old readers keep working.
Spreadsheets use Arabic digits and ISO dates (DESIGN §9); Thai labels sit beside the keys.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from portal.reports.dictionary import TABLE_COLUMNS, dictionary_document

if TYPE_CHECKING:
    from openpyxl import Workbook

LABEL_KEYS = ("key", "label_th", "label_en")
COUNT_FIELDS = frozenset({"count", "total"})


@dataclass(frozen=True)
class Meta:
    """Who published what: travels with every file so a file alone says what it is."""

    office_code: str
    office_name_th: str
    period: str
    period_label_th: str
    starts_on: date
    ends_on: date
    version: int
    published_at: datetime
    note: str
    final: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"office_code": self.office_code, "office_name_th": self.office_name_th,
                "period": self.period, "period_label_th": self.period_label_th,
                "starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat(),
                "version": self.version, "published_at": self.published_at.isoformat() + "Z",
                "note": self.note, "final": self.final}


@dataclass(frozen=True)
class Row:
    section: str
    item_key: str
    item_label_th: str
    item_label_en: str
    measure: str
    value: Any
    mark: str = ""  # why the value is empty: a disclosure-control mark (README)

    def cells(self, meta: Meta) -> list[Any]:
        return [meta.office_code, meta.period, meta.version, self.section, self.item_key,
                self.item_label_th, self.item_label_en, self.measure, self.value, self.mark]


def flatten(figures: dict[str, Any]) -> list[Row]:
    """Every number (and short text) of the figures as a row of the long table.

    A list of labelled dicts (``{"key", "label_th", "label_en", …}``) gives one item per
    entry; nested dicts join their keys with dots into the measure name.
    """
    rows: list[Row] = []
    for section, value in figures.items():
        if section in SKIPPED_SECTIONS:
            continue
        rows.extend(_walk(section, value, "", ("", "", ""), ""))
    return rows


SKIPPED_SECTIONS = frozenset({"office", "period"})  # already in the table's own columns


def _walk(section: str, value: Any, measure: str, item: tuple[str, str, str],
          prefix: str, mark: str = "") -> Iterator[Row]:
    if isinstance(value, dict):
        labelled = "key" in value and ("label_th" in value or "label_en" in value)
        if labelled:
            key = f"{prefix}{value['key']}"
            item = (key, str(value.get("label_th", "")), str(value.get("label_en", "")))
            mark = value.get("mark") or ""
        for name, inner in value.items():
            if labelled and (name in LABEL_KEYS or name == "mark"):
                continue
            if isinstance(inner, dict) and "key" not in inner and "label_th" in inner:
                # A labelled entry named by its place (``streams.general``): an item too.
                inner = {"key": name, **inner}
                yield from _walk(section, inner, measure, item, f"{item[0]}/" if labelled
                                 else prefix)
                continue
            yield from _walk(section, inner, f"{measure}.{name}" if measure else name, item,
                             prefix, mark if name == "count" else "")
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        # A list of plain values (e.g. the fields blanked as small cells): one cell.
        yield Row(section, item[0], item[1], item[2], measure or "value",
                  ";".join(str(v) for v in value))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict) and "key" in entry:
                # A list inside an item (e.g. a school's case types): keep the outer key.
                inner_prefix = f"{item[0]}/" if item[0] else prefix
                yield from _walk(section, entry, measure, item, inner_prefix)
            elif isinstance(entry, dict) and entry:
                # Unkeyed rows (``{"rating": 5, "count": 2}``): the first field names the row.
                name_field = next((k for k in entry if k not in COUNT_FIELDS), next(iter(entry)))
                first = (name_field, entry[name_field])
                rest = {k: v for k, v in entry.items() if k != name_field}
                name = f"{item[0]}/" if item[0] else prefix
                keyed = {"key": f"{name}{first[0]}={first[1]}", "label_th": "",
                         "label_en": "", **rest}
                yield from _walk(section, keyed, measure, item, "")
            else:
                yield from _walk(section, entry, f"{measure}[{index}]", item, prefix)
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        yield Row(section, item[0], item[1], item[2], measure or "value", value, mark)


def write_csv(meta: Meta, figures: dict[str, Any]) -> bytes:
    """UTF-8 with a BOM (Excel on Windows then reads Thai correctly), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in TABLE_COLUMNS])
    for row in flatten(figures):
        writer.writerow(["" if v is None else v for v in row.cells(meta)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(meta: Meta, figures: dict[str, Any]) -> bytes:
    """Three sheets: the data, what each column means, and what this file is."""
    from openpyxl import Workbook  # loaded when a workbook is made, not with every process

    book = Workbook()
    data = book.active
    data.title = "data"
    data.append([c.name for c in TABLE_COLUMNS])
    for row in flatten(figures):
        data.append(row.cells(meta))
    style_header(data)
    data.freeze_panes = "A2"
    dictionary_sheet(book, TABLE_COLUMNS)
    about = book.create_sheet("about")
    for key, value in meta.as_dict().items():
        about.append([key, value])
    about.append(["starts_on_date", meta.starts_on])
    about.append(["ends_on_date", meta.ends_on])
    about["B" + str(about.max_row - 1)].number_format = "yyyy-mm-dd"
    about["B" + str(about.max_row)].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dictionary_sheet(book: Workbook, columns) -> None:
    """A sheet saying what each column of the data sheet means, in Thai and English."""
    sheet = book.create_sheet("dictionary")
    sheet.append(["column", "type", "description_th", "description_en"])
    for column in columns:
        sheet.append([column.name, column.type, column.th, column.en])
    style_header(sheet)


def style_header(sheet, widest: int = 60) -> None:
    """A bold first row, and columns as wide as their first 200 cells (up to ``widest``)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index in range(1, sheet.max_column + 1):
        letter = get_column_letter(index)
        width = max(len(str(c.value or "")) for c in sheet[letter][:200])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), widest)


def write_json(meta: Meta, figures: dict[str, Any], dictionary_url: str) -> bytes:
    """The figures as published, with the metadata and a link to the data dictionary."""
    document = {"meta": meta.as_dict(), "dictionary": dictionary_url, "figures": figures}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def dictionary_json() -> bytes:
    return json.dumps(dictionary_document(), ensure_ascii=False, indent=1).encode("utf-8")
