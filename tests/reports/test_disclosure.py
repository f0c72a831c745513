"""Disclosure control against an attacker with every file of a fiscal year (issue: published
figures must never point at a whistleblower).

The trees' exact solver is checked against brute force; then hypothesis builds offices
with rare cells, publishes every month, quarter, half year and the fiscal year, and the
integer-programming attacker (tests/reports/attacker.py) tries to pin each hidden cell.
These run without a database (the tables are pure); test_disclosure_published.py does the
same through publishing, on both databases.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import create_app
from portal.models import CaseType, Category, District, School
from portal.reports import disclosure, tables
from portal.reports.disclosure import MARKS, PROTECTED, SMALL, Cell
from portal.reports.opendata import flatten
from portal.reports.periods import parse_period
from tests.conftest import base_config
from tests.reports.attacker import Attacker, Published, months_of

THRESHOLD = 3
FISCAL_YEAR = "fy2570"  # October 2026 – September 2027
PERIODS = (*months_of(FISCAL_YEAR), "2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3",
           "fy2570-h1", "fy2570-h2", FISCAL_YEAR)


@pytest.fixture(scope="module")
def app_context(tmp_path_factory):
    app = create_app(base_config("sqlite://", tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        yield app


# --- the exact solver of one tree ---------------------------------------------------------


def _brute(root: Cell, threshold: int) -> dict[Cell, set[int]]:
    cells = list(root.walk())
    leaves = [c for c in cells if not c.children]
    seen: dict[Cell, set[int]] = {c: set() for c in cells}
    for combo in itertools.product(range(root.value + 1), repeat=len(leaves)):
        values = dict(zip(leaves, combo, strict=True))
        _sum_into(root, values)
        if all(_allowed(c, values[c], threshold) for c in cells):
            for cell in cells:
                seen[cell].add(values[cell])
    return seen


def _sum_into(cell: Cell, values: dict[Cell, int]) -> int:
    if cell not in values:
        values[cell] = sum(_sum_into(k, values) for k in cell.children)
    return values[cell]


def _allowed(cell: Cell, value: int, threshold: int) -> bool:
    if cell.mark is None:
        return value == cell.value
    if cell.mark == SMALL:
        return 0 < value < threshold
    if cell.mark == PROTECTED:
        return value == 0 or value >= threshold
    return True


def _random_tree(rng: random.Random) -> Cell:
    root = Cell("office")
    for d in range(rng.randint(1, 3)):
        district = root.add(Cell(f"d{d}"))
        for s in range(rng.randint(1, 3)):
            district.add(Cell(f"s{d}{s}", rng.choice([0, 0, 1, 1, 2, 3, 4])))
    if rng.random() < 0.5:
        root.add(Cell("none", rng.choice([0, 1, 2])))
    root.total()
    return root


def test_feasible_values_are_exact():
    rng = random.Random(7)
    checked = 0
    while checked < 150:
        root = _random_tree(rng)
        if root.value > 7 or sum(1 for c in root.walk() if not c.children) > 5:
            continue
        for cell in root.walk():
            if cell is not root and rng.random() < 0.4:
                cell.mark = rng.choice(MARKS)
        brute = _brute(root, THRESHOLD)
        if not brute[root]:
            continue  # marks that no data could give: not a published state
        computed = disclosure.feasible_values(root, THRESHOLD)
        assert {c.key: _bits(computed[c]) for c in root.walk()} == {
            c.key: brute[c] for c in root.walk()}
        checked += 1


def _bits(mask: int) -> set[int]:
    return {i for i in range(mask.bit_length()) if mask >> i & 1}


def test_a_protected_tree_leaves_every_hidden_cell_two_values():
    rng = random.Random(11)
    for _ in range(300):
        root = _random_tree(rng)
        disclosure.protect(root, THRESHOLD)
        values = disclosure.feasible_values(root, THRESHOLD)
        for cell in root.walk():
            if 0 < cell.value < THRESHOLD and len(cell.parent.children if cell.parent else []) > 1:
                assert cell.hidden, "a small cell is shown"
            if cell.hidden and len(cell.parent.children) > 1:
                assert len(_bits(values[cell])) >= 2


def test_a_lone_school_with_one_case_is_not_given_away_by_its_district_or_the_office():
    root = Cell("office")
    quiet = root.add(Cell("d:1"))
    lone = quiet.add(Cell("s:1", 1))
    quiet.add(Cell("s:2", 0))
    busy = root.add(Cell("d:2"))
    busy.add(Cell("s:3", 6))
    busy.add(Cell("s:4", 5))
    root.add(Cell("none", 4))
    root.total()
    disclosure.protect(root, THRESHOLD)
    assert lone.hidden and quiet.hidden
    values = disclosure.feasible_values(root, THRESHOLD)
    assert len(_bits(values[lone])) >= 2 and len(_bits(values[quiet])) >= 2


# --- the attacker over a fiscal year of publications -------------------------------------


def _reference(n_districts: int, per_district: int, categories: int) -> tables.Reference:
    districts = {d: District(id=d, code=f"48{d:02d}", name_th=f"อำเภอ{d}", name_en=f"D{d}")
                 for d in range(1, n_districts + 1)}
    schools, number = {}, 1
    for district in districts:
        for _ in range(per_district):
            schools[number] = School(id=number, code=f"T{number:03d}", name_th=f"โรงเรียน{number}",
                                     name_en="", district_id=district, active=True)
            number += 1
    kinds, number = {}, 1
    for case_type in CaseType:
        if case_type is CaseType.CORRUPTION:
            continue
        for _ in range(categories):
            kinds[number] = Category(id=number, name_th=f"หมวด{number}", name_en="",
                                     case_type=case_type, active=True)
            number += 1
    return tables.Reference(schools, districts, kinds)


@st.composite
def offices(draw):
    reference = _reference(draw(st.integers(1, 3)), draw(st.integers(1, 4)),
                           draw(st.integers(0, 2)))
    months = months_of(FISCAL_YEAR)[:6]
    types = [t.value for t in CaseType if t is not CaseType.CORRUPTION]
    school_ids = [None, *reference.schools]
    counts = draw(st.lists(st.tuples(
        st.sampled_from(months), st.sampled_from(types), st.sampled_from(school_ids),
        st.integers(0, 2), st.integers(1, 4), st.integers(0, 1)), max_size=18))
    rows = []
    for month, case_type, school, category_index, general, confidential in counts:
        options = [c.id for c in reference.categories.values() if c.case_type.value == case_type]
        category = options[category_index] if category_index < len(options) else None
        rows.append(tables.Count(month, case_type, category, school, general, confidential))
    return reference, rows


def publish_year(reference: tables.Reference, counts: list[tables.Count]) -> list[Published]:
    """Every breakdown table of the fiscal year, as the open data's long rows."""
    published = []
    for key in PERIODS:
        months = set(months_of(key))
        inside = [c for c in counts if c.month in months]
        figures = tables.breakdowns(reference, inside, public=True, threshold=THRESHOLD,
                                    month=parse_period(key).kind == "month")
        general = sum(c.general for c in inside)
        by_type = {t.value: 0 for t in CaseType}
        for count in inside:
            by_type[count.case_type] += count.general
        figures["streams"] = {"general": {"received": general, "label_th": "", "label_en": ""}}
        figures["by_type"] = [{"key": k, "label_th": k, "label_en": k, "count": n}
                              for k, n in by_type.items() if k != "corruption"]
        for row in flatten(figures):
            published.append(Published(parse_period(key).key, row.section, row.item_key,
                                       row.measure, row.value, row.mark))
    return published


def attacker_for(reference: tables.Reference) -> Attacker:
    return Attacker(
        schools={s.code: str(s.district_id) for s in reference.schools.values()},
        categories={str(c.id): c.case_type.value for c in reference.categories.values()},
        threshold=THRESHOLD, months=months_of(FISCAL_YEAR))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offices())
def test_no_hidden_cell_of_a_fiscal_year_can_be_worked_out(app_context, office):
    reference, counts = office
    attacker = attacker_for(reference)
    attacker.read(publish_year(reference, counts))
    assert attacker.pinned() == []


def test_the_attacker_pins_what_the_old_rule_left_open(app_context):
    """The attacker is not blind: a hidden 2 beside a shown 1 under a shown district total
    is pinned, and so is a small cell whose only hidden partner the marks force to 0."""
    reference = _reference(1, 2, 0)
    attacker = attacker_for(reference)
    rows = [Published("2026-10", "by_district", "1", "count", 3.0, ""),
            Published("2026-10", "by_school", "T001", "count", None, "small"),
            Published("2026-10", "by_school", "T002", "count", 1.0, ""),
            Published("2026-10", "streams", "general", "received", 3.0, ""),
            Published("2026-11", "streams", "general", "received", 2.0, ""),
            Published("2026-11", "by_school", "T001", "count", None, "small"),
            Published("2026-11", "by_school", "T002", "count", None, "protected"),
            Published("2026-Q4", "by_school", "T001", "count", 4.0, ""),
            Published("2026-Q4", "by_school", "T002", "count", 1.0, "")]
    attacker.read(rows)
    pinned = {(f.period, f.item_key): (f.low, f.high) for f in attacker.pinned()}
    assert pinned[("2026-10", "T001")] == (2, 2)
    assert pinned[("2026-11", "T001")] == (2, 2)
