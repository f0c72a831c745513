"""An outside reader holding every file the portal published for a fiscal year.

It knows the public school list (each school's district), the categories and their types,
and the rules (threshold, what each mark says). The unknowns are the general stream's
cases per month and school, and per month and category. Every published number is an
equation over them, every mark a constraint; for each hidden cell it then asks an integer
program (scipy's HiGHS) for the least and the largest value the cell can have. A cell is
pinned when both are equal. Written independently of portal/reports/disclosure.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from portal.reports.periods import parse_period

HIDDEN_MARKS = ("small", "protected", "inherited", "withheld")
GENERAL_TYPES = ("complaint", "suggestion", "question", "compliment")


@dataclass(frozen=True)
class Published:
    """One row of a published long table (CSV, XLSX and JSON say the same)."""

    period: str
    section: str
    item_key: str
    measure: str
    value: float | None
    mark: str


def read_csv(data: bytes) -> list[Published]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return [Published(r["period"], r["section"], r["item_key"], r["measure"],
                      float(r["value"]) if r["value"] not in ("", None) and _numeric(r["value"])
                      else None, r.get("mark") or "")
            for r in reader]


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def months_of(period_key: str) -> list[str]:
    period = parse_period(period_key)
    months, day = [], date(period.start.year, period.start.month, 1)
    while day <= period.end:
        months.append(f"{day.year:04d}-{day.month:02d}")
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


@dataclass
class Finding:
    period: str
    section: str
    item_key: str
    mark: str
    low: int
    high: int


@dataclass
class Attacker:
    schools: dict[str, str]  # school code → district key
    categories: dict[str, str]  # category key → case type (general types only)
    threshold: int
    months: list[str]
    rows: list[Published] = field(default_factory=list)

    def read(self, rows: list[Published]) -> None:
        self.rows.extend(rows)

    # --- the unknowns -----------------------------------------------------------------

    def _variables(self) -> dict[tuple, int]:
        names: dict[tuple, int] = {}
        for month in self.months:
            for school in [*self.schools, "none"]:
                names[("x", month, school)] = len(names)
            for case_type in GENERAL_TYPES:
                for category in [*self._categories_of(case_type), f"none:{case_type}"]:
                    names[("y", month, case_type, category)] = len(names)
        return names

    def _categories_of(self, case_type: str) -> list[str]:
        return [k for k, t in self.categories.items() if t == case_type]

    def _expression(self, row: Published, names: dict) -> dict[int, int] | None:
        """The unknowns a published number adds up, or None when it is not about them."""
        months = [m for m in months_of(row.period) if m in self.months]
        if row.section == "by_school" and row.measure == "count":
            return {names[("x", m, row.item_key)]: 1 for m in months}
        if row.section == "by_district" and row.measure == "count":
            members = ["none"] if row.item_key == "none" else [
                s for s, d in self.schools.items() if d == row.item_key]
            return {names[("x", m, s)]: 1 for m in months for s in members}
        if row.section == "by_category" and row.measure == "count":
            case_type = (row.item_key.split(":", 1)[1] if row.item_key.startswith("none:")
                         else self.categories[row.item_key])
            return {names[("y", m, case_type, row.item_key)]: 1 for m in months}
        if row.section == "by_type" and row.measure == "count" and row.item_key in GENERAL_TYPES:
            return {names[("y", m, row.item_key, c)]: 1 for m in months
                    for c in [*self._categories_of(row.item_key), f"none:{row.item_key}"]}
        if row.section == "streams" and row.item_key == "general" and row.measure == "received":
            return {names[("x", m, s)]: 1 for m in months for s in [*self.schools, "none"]}
        return None

    # --- the published equations and marks ------------------------------------------

    def _system(self, names: dict, *, marks: bool):
        """(A, lower, upper, extra binaries) of every published fact."""
        rows, lows, highs = [], [], []
        binaries: list[dict[int, int]] = []
        listed: dict[tuple[str, str], set[str]] = {}
        for row in self.rows:
            expression = self._expression(row, names)
            if expression is None:
                continue
            if row.section in ("by_school", "by_category"):
                listed.setdefault((row.period, row.section), set()).add(row.item_key)
            if row.value is not None and not row.mark:
                rows.append(expression)
                lows.append(row.value)
                highs.append(row.value)
            elif marks and row.mark == "small":
                rows.append(expression)
                lows.append(1)
                highs.append(self.threshold - 1)
            elif marks and row.mark == "protected":
                binaries.append(expression)
        # A school or category a table does not list had no case in that period.
        for (period, section), keys in listed.items():
            universe = ([*self.schools, "none"] if section == "by_school" else
                        [*self.categories] + [f"none:{t}" for t in GENERAL_TYPES])
            for key in universe:
                if key not in keys:
                    probe = Published(period, section, key, "count", 0.0, "")
                    rows.append(self._expression(probe, names))
                    lows.append(0)
                    highs.append(0)
        return rows, lows, highs, binaries

    def bounds_of(self, target: Published, *, marks: bool = True) -> tuple[int, int]:
        """The least and the largest value ``target`` can have, given all published."""
        names, size, limits, constraint = self._program(marks)
        objective = np.zeros(size)
        for j, coefficient in self._expression(target, names).items():
            objective[j] = coefficient
        results = []
        for sign in (1, -1):
            result = milp(sign * objective, integrality=np.ones(size), bounds=limits,
                          constraints=constraint)
            assert result.success, f"the published figures are inconsistent: {result.message}"
            results.append(round(sign * result.fun))
            self._witnesses(marks).append(np.round(result.x))
        return results[0], results[1]

    def _witnesses(self, marks: bool) -> list:
        """Every solution the solver has found for this reading: each is a set of true
        figures consistent with all published."""
        return self.__dict__.setdefault("_found", {}).setdefault((marks, len(self.rows)), [])

    def values_seen(self, target: Published, *, marks: bool = True) -> set[int]:
        """The values ``target`` takes in the solutions found so far. Two different ones
        prove it is not pinned without solving for its bounds (they lie between them)."""
        expression = self._expression(target, self._program(marks)[0])
        return {round(sum(c * x[j] for j, c in expression.items()))
                for x in self._witnesses(marks)}

    def _program(self, marks: bool):
        """The integer program of everything published (built once per reading)."""
        cache = self.__dict__.setdefault("_programs", {})
        if (marks, len(self.rows)) in cache:
            return cache[(marks, len(self.rows))]
        names = self._variables()
        rows, lows, highs, binaries = self._system(names, marks=marks)
        size = len(names) + len(binaries)
        big = 10_000
        matrix = np.zeros((len(rows) + 2 * len(binaries), size))
        lower = np.array(lows + [-np.inf] * (2 * len(binaries)), dtype=float)
        upper = np.array(highs + [0.0] * (2 * len(binaries)), dtype=float)
        for i, expression in enumerate(rows):
            for j, coefficient in expression.items():
                matrix[i, j] = coefficient
        for k, expression in enumerate(binaries):
            b = len(names) + k  # 0: the cell is 0; 1: the cell is at least the threshold
            first, second = len(rows) + 2 * k, len(rows) + 2 * k + 1
            for j, coefficient in expression.items():
                matrix[first, j] = coefficient  # cell − big·b ≤ 0
                matrix[second, j] = -coefficient  # threshold·b − cell ≤ 0
            matrix[first, b] = -big
            matrix[second, b] = self.threshold
        limits = Bounds(np.zeros(size), np.concatenate([np.full(len(names), big),
                                                        np.ones(len(binaries))]))
        cache[(marks, len(self.rows))] = (names, size, limits,
                                          LinearConstraint(matrix, lower, upper))
        return cache[(marks, len(self.rows))]

    def pinned(self) -> list[Finding]:
        """Every hidden cell a reader can work out to a single value, or (for a small cell)
        whose row and column alone show it is neither 0 nor at least the threshold."""
        findings, seen = [], set()
        names = self._variables()
        for row in self.rows:
            if row.mark not in HIDDEN_MARKS or row.measure != "count":
                continue
            if self._expression(row, names) is None:
                continue
            key = (tuple(months_of(row.period)), row.section, row.item_key, row.mark)
            if key in seen:
                continue
            seen.add(key)
            # Exact, as if both bounds were solved for every cell: a cell two known solutions
            # disagree on has a least value below its largest (the solver is asked only about
            # cells no solution found so far tells apart).
            if len(self.values_seen(row)) < 2:
                low, high = self.bounds_of(row)
                if low == high:
                    findings.append(Finding(row.period, row.section, row.item_key, row.mark,
                                            low, high))
                    continue
            if row.mark == "small":
                if any(v == 0 or v >= self.threshold
                       for v in self.values_seen(row, marks=False)):
                    continue  # a solution where it is 0, or at least the threshold
                low, high = self.bounds_of(row, marks=False)
                if low > 0 and high < self.threshold:
                    findings.append(Finding(row.period, row.section, row.item_key, row.mark,
                                            low, high))
        return findings
