"""The report's breakdown tables: districts and schools, case types' categories.

Public tables count the general stream only and pass through disclosure control
(:mod:`portal.reports.disclosure`): each month's tree is protected on its own, a longer
period inherits its months' hidden cells. Hidden rows are listed (zeros included) so that a
row's presence says nothing, and they are ordered by name, never by their value.
The staff's unsuppressed view (director and integrity only) counts the confidential stream
beside the general one, with nothing hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, Category, District, Office, School
from portal.reports import disclosure, labels
from portal.reports.disclosure import Cell

GENERAL_TYPES = tuple(t for t in CaseType if t is not CaseType.CORRUPTION)
NO_SCHOOL, NO_DISTRICT = "none", "d:none"


@dataclass(frozen=True)
class Count:
    """One group of the period's cases (``queries.by_month_category_and_school``)."""

    month: str
    case_type: str
    category_id: int | None
    school_id: int | None
    general: int
    confidential: int


@dataclass
class Reference:
    """The office's schools, districts and categories: every row a table may list."""

    schools: dict[int, School]
    districts: dict[int, District]
    categories: dict[int, Category]

    @classmethod
    def of(cls, office: Office, counts: Iterable[Count]) -> Reference:
        counts = list(counts)
        used_schools = {c.school_id for c in counts if c.school_id is not None}
        used_categories = {c.category_id for c in counts if c.category_id is not None}
        schools = {s.id: s for s in db.session.scalars(select(School).where(
            School.office_id == office.id,
            School.active.is_(True) | School.id.in_(used_schools)))}
        districts = {d.id: d for d in db.session.scalars(
            select(District).where(District.office_id == office.id))}
        categories = {c.id: c for c in db.session.scalars(select(Category).where(
            Category.office_id == office.id,
            Category.active.is_(True) | Category.id.in_(used_categories)))}
        return cls(schools, districts, categories)


def breakdowns(reference: Reference, counts: list[Count], *, public: bool,
               threshold: int, published: dict[str, list[dict]] | None = None,
               month: bool = True) -> dict:
    """``by_category``, ``by_district``, ``by_school``, ``schools_without_cases`` of the
    period whose months' groups are ``counts``; ``published`` holds, per month, the
    figures of its versions published before (their hidden cells stay hidden). A longer
    period (``month`` false) only inherits its months' hidden cells."""
    published = published or {}
    months = sorted({c.month for c in counts})
    places = _tree(reference, counts, _place_path, _place_universe(reference))
    kinds = _tree(reference, counts, _category_path, _category_universe(reference))
    if public and threshold > 1:
        for root, path, universe in ((places, _place_path, _place_universe(reference)),
                                     (kinds, _category_path, _category_universe(reference))):
            trees = [disclosure.protect(_tree(reference, [c for c in counts if c.month == m],
                                              path, universe), threshold,
                                        hidden_before(reference, published.get(m, ())))
                     for m in months]
            if month and trees:
                _copy_marks(trees[0], root)
            else:
                disclosure.inherit(root, trees)
    confidential = _confidential(counts) if not public else None
    listed = [c for c in places.walk()
              if (c.key.startswith("s:") or c.key == NO_SCHOOL) and _listed(c)]
    active = sum(1 for s in reference.schools.values() if s.active)
    return {
        "by_category": _category_rows(reference, kinds, confidential),
        "by_district": _rows(reference, [c for c in places.children if _listed(c)],
                             confidential),
        "by_school": _rows(reference, listed, confidential),
        "schools_without_cases": max(active - sum(1 for c in listed if c.key != NO_SCHOOL
                                                  and _school(reference, c).active), 0),
    }


def hidden_before(reference: Reference, versions) -> dict[tuple, str]:
    """Tree path → mark of each cell earlier published versions of a month hid (a cell
    blanked under the rules before marks counts as withheld: its "<3" was not reliable)."""
    codes = {school.code: school for school in reference.schools.values()}
    paths: dict[tuple, str] = {}
    for figures in versions:
        for row in figures.get("by_school", []):
            school = codes.get(row["key"])
            if not _mark_of(row):
                continue
            if row["key"] == "none":
                paths[(NO_SCHOOL,)] = _mark_of(row)
            elif school is not None:
                district = f"d:{school.district_id}" if school.district_id else NO_DISTRICT
                paths[(district, f"s:{school.id}")] = _mark_of(row)
        for row in figures.get("by_district", []):
            if _mark_of(row):
                key = {"none": NO_SCHOOL, "no-district": NO_DISTRICT}.get(row["key"],
                                                                          f"d:{row['key']}")
                paths[(key,)] = _mark_of(row)
        for row in figures.get("by_category", []):
            if _mark_of(row) and row.get("case_type"):
                key = "c:none" if str(row["key"]).startswith("none") else f"c:{row['key']}"
                paths[(f"t:{row['case_type']}", key)] = _mark_of(row)
    return paths


def _mark_of(row: dict) -> str | None:
    """Schema 2 marks hidden cells; schema 1 listed the blanked fields in ``suppressed``."""
    if row.get("mark"):
        return row["mark"]
    return disclosure.WITHHELD if row.get("suppressed") else None


def _tree(reference: Reference, counts: list[Count], path, universe: dict) -> Cell:
    """The tree of general-stream counts; every row of ``universe`` is present (zeros)."""
    root = Cell("office")
    nodes: dict[tuple, Cell] = {}

    def node(keys: tuple, fixed: bool = False) -> Cell:
        if keys not in nodes:
            parent = node(keys[:-1]) if len(keys) > 1 else root
            nodes[keys] = parent.add(Cell(keys[-1], fixed=fixed and len(keys) == 1))
        return nodes[keys]

    for keys, fixed in universe.items():
        node(keys, fixed)
    for count in counts:
        if count.general:
            node(path(reference, count)).value += count.general
    root.total()
    return root


def _place_path(reference: Reference, count: Count) -> tuple:
    if count.school_id is None:
        return (NO_SCHOOL,)
    school = reference.schools.get(count.school_id)
    district = f"d:{school.district_id}" if school and school.district_id else NO_DISTRICT
    return (district, f"s:{count.school_id}")


def _place_universe(reference: Reference) -> dict:
    universe: dict[tuple, bool] = {(NO_SCHOOL,): False}
    for district_id in reference.districts:
        universe[(f"d:{district_id}",)] = False
    for school in reference.schools.values():
        if school.active:
            district = f"d:{school.district_id}" if school.district_id else NO_DISTRICT
            universe[(district, f"s:{school.id}")] = False
    return universe


def _category_path(reference: Reference, count: Count) -> tuple:
    category = f"c:{count.category_id}" if count.category_id is not None else "c:none"
    return (f"t:{count.case_type}", category)


def _category_universe(reference: Reference) -> dict:
    universe: dict[tuple, bool] = {}
    for case_type in GENERAL_TYPES:
        universe[(f"t:{case_type.value}",)] = True  # the totals by type are public
        universe[(f"t:{case_type.value}", "c:none")] = False
    for category in reference.categories.values():
        if category.active and category.case_type in GENERAL_TYPES:
            universe[(f"t:{category.case_type.value}", f"c:{category.id}")] = False
    return universe


def _copy_marks(source: Cell, target: Cell) -> None:
    marks = {path: cell.mark for path, cell in disclosure._paths(source)}
    for path, cell in disclosure._paths(target):
        cell.mark = marks.get(path)


def _listed(cell: Cell) -> bool:
    return cell.value > 0 or cell.hidden


def _confidential(counts: list[Count]) -> dict[str, int]:
    """The staff view's confidential stream by school (``s:<id>``/``none``) and by
    category (``c:<id>``/``c:none``)."""
    totals: dict[str, int] = defaultdict(int)
    for count in counts:
        if count.confidential:
            school = f"s:{count.school_id}" if count.school_id is not None else NO_SCHOOL
            category = f"c:{count.category_id}" if count.category_id is not None else "c:none"
            totals[school] += count.confidential
            totals[category] += count.confidential
    return totals


def _school(reference: Reference, cell: Cell) -> School:
    return reference.schools[int(cell.key[2:])]


def _value(cell: Cell) -> dict:
    return {"count": None if cell.hidden else cell.value, "mark": cell.mark}


def _ordered(rows: list[dict]) -> list[dict]:
    """Shown rows by count, then hidden rows by name: a hidden row's place says nothing."""
    last = [r for r in rows if r["key"].startswith("none")]
    shown = sorted((r for r in rows if r["mark"] is None and r not in last),
                   key=lambda r: (-r["count"], r["label_th"]))
    hidden = sorted((r for r in rows if r["mark"] is not None and r not in last),
                    key=lambda r: r["label_th"])
    return shown + hidden + last


def _rows(reference: Reference, cells: list[Cell], confidential: dict | None) -> list[dict]:
    rows = []
    for cell in cells:
        if cell.key.startswith("s:"):
            school = _school(reference, cell)
            district = reference.districts.get(school.district_id)
            row = {**labels.named(school.code, school.name_th, school.name_en),
                   "district": str(district.id) if district else "none"}
        elif cell.key.startswith("d:") and cell.key != NO_DISTRICT:
            district = reference.districts[int(cell.key[2:])]
            row = labels.named(str(district.id), district.name_th, district.name_en)
        elif cell.key == NO_DISTRICT:
            row = {"key": "no-district", **labels.both(labels.NO_DISTRICT)}
        else:
            row = {"key": "none", **labels.both(labels.UNSPECIFIED)}
        row.update(_value(cell))
        if confidential is not None:
            row["confidential"] = _confidential_of(cell, confidential, reference)
        rows.append(row)
    return _ordered(rows)


def _confidential_of(cell: Cell, confidential: dict, reference: Reference) -> int:
    if cell.key.startswith("s:") or cell.key == NO_SCHOOL:
        return confidential.get(cell.key, 0)
    district = None if cell.key == NO_DISTRICT else int(cell.key[2:])
    return sum(n for key, n in confidential.items() if key.startswith("s:")
               and (s := reference.schools.get(int(key[2:]))) is not None
               and s.district_id == district)


def _category_rows(reference: Reference, root: Cell, confidential: dict | None) -> list[dict]:
    rows = []
    for type_cell in root.children:
        case_type = type_cell.key[2:]
        group = []
        for cell in type_cell.children:
            if not _listed(cell):
                continue
            category = (reference.categories.get(int(cell.key[2:]))
                        if cell.key != "c:none" else None)
            row = (labels.named(str(category.id), category.name_th, category.name_en)
                   if category else {"key": f"none:{case_type}", **labels.both(labels.NO_CATEGORY)})
            row.update(case_type=case_type, **_value(cell))
            if confidential is not None:
                row["confidential"] = confidential.get(cell.key, 0)
            group.append(row)
        rows.extend(_ordered(group))
    if confidential is not None:
        rows.extend(_confidential_categories(reference, root, confidential))
    return rows


def _confidential_categories(reference: Reference, root: Cell,
                             confidential: dict) -> list[dict]:
    """Staff view: categories with confidential cases only (not in the general tree)."""
    listed = {cell.key for cell in root.walk() if _listed(cell)}
    rows = []
    for key, n in sorted(confidential.items()):
        if not key.startswith("c:") or key in listed:
            continue
        category = reference.categories.get(int(key[2:])) if key != "c:none" else None
        row = (labels.named(str(category.id), category.name_th, category.name_en)
               if category else {"key": "none", **labels.both(labels.NO_CATEGORY)})
        rows.append({**row, "case_type": CaseType.CORRUPTION.value, "count": 0, "mark": None,
                     "confidential": n})
    return rows
