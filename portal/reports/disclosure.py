"""Disclosure control of the published tables: which cells to hide, and how to mark them.

Every public breakdown (districts and schools, case types and categories) is a tree of
sums: the office's total at the root, districts (or case types) below it, schools (or
categories) below those. A month's tree is protected on its own (:func:`protect`); a
quarter, half year or fiscal year only *inherits* (:func:`inherit`): its cell is shown when
every month inside it shows that cell, so every number a longer period prints is a sum of
numbers the months already printed, and it can undo nothing. The threat, the rules and why
each holds are in ``portal/reports/README.md`` ("Disclosure control").

Protection is checked exactly, not by a rule of thumb: :func:`feasible_values` computes,
for every cell, the set of values a reader could still believe it has, knowing every
shown number, every sum and what each mark says (a tree of sums is solved exactly by one
pass down and one pass up, with integer sets as bit masks). A hidden cell is protected
when at least two values remain, and a small cell also when its row and column alone
(ignoring its own mark) leave it possibly 0 or at least the threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# The rules a report is made under (ReportVersion.disclosure_rules; README): 1 before
# disclosure control, 2 these. Raise it when the rules change, then `report republish`.
RULES_VERSION = 2
SMALL = "small"  # 1 … threshold − 1 cases: printed "<3"
PROTECTED = "protected"  # hidden so that a small cell cannot be worked out: 0 or ≥ threshold
INHERITED = "inherited"  # a longer period's cell over a month that hides it: any value
WITHHELD = "withheld"  # a whole group too thin to show any row of it: any value
MARKS = (SMALL, PROTECTED, INHERITED, WITHHELD)
SYMBOLS = {SMALL: "<{threshold}", PROTECTED: "–", INHERITED: "*", WITHHELD: "×"}
# Enough rounds for a tree of a few hundred cells; each round hides at least one more.
MAX_ROUNDS = 2000


@dataclass(eq=False)
class Cell:
    """One published number: a node of a tree of sums."""

    key: str
    value: int = 0
    children: list[Cell] = field(default_factory=list)
    fixed: bool = False  # published shown elsewhere (the office's totals by type)
    mark: str | None = None
    parent: Cell | None = field(default=None, repr=False)

    def add(self, child: Cell) -> Cell:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Cell]:
        """This cell and every cell below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def hidden(self) -> bool:
        return self.mark is not None

    def total(self) -> int:
        """Set every internal cell's value to the sum of its children; return it."""
        if self.children:
            self.value = sum(child.total() for child in self.children)
        return self.value


def symbol(mark: str, threshold: int) -> str:
    return SYMBOLS[mark].format(threshold=threshold)


# --- protecting one tree ------------------------------------------------------------------


def protect(root: Cell, threshold: int, keep_hidden: dict[tuple, str] | None = None) -> Cell:
    """Mark the cells of one period's tree to hide, in place; the root is always shown.

    Cells of 1 … threshold − 1 are small; cells at ``keep_hidden`` (key path → the mark a
    version published earlier gave it) stay hidden, so a correction reveals nothing the
    first hid (a mark that said nothing still says nothing). Then, until every hidden cell
    is protected, the first unprotected one takes a sibling with it (the smallest that
    protects it), or its parent when no sibling can; a group whose parent may not be hidden
    (the root, or a type's total) and still cannot protect its cells is withheld whole.
    """
    if threshold <= 1:
        return root
    for path, cell in _paths(root):
        if path in (keep_hidden or {}) and not cell.fixed:
            said_nothing = keep_hidden[path] in (INHERITED, WITHHELD)
            cell.mark = WITHHELD if said_nothing else _mark_for(cell, threshold)
    for cell in root.walk():
        if cell is not root and not cell.fixed and 0 < cell.value < threshold \
                and not _only_child(cell):
            cell.mark = SMALL
    for _round in range(MAX_ROUNDS):
        failing = first_unprotected(root, threshold)
        if failing is None:
            return root
        _widen(root, failing, threshold)
    raise RuntimeError("disclosure control did not converge")  # a bug, never data


def first_unprotected(root: Cell, threshold: int) -> Cell | None:
    """The first hidden cell (parents first, then by key) a reader could pin down."""
    strict = feasible_values(root, threshold, marks=True)
    loose = None
    for cell in root.walk():
        if not cell.hidden or _only_child(cell):
            continue
        values = strict[cell]
        if values & (values - 1) == 0:  # one value (or none) left
            return cell
        if cell.mark == SMALL:
            loose = loose or feasible_values(root, threshold, marks=False)
            if not (loose[cell] & 1 or loose[cell] >> threshold):
                return cell
    return None


def _widen(root: Cell, failing: Cell, threshold: int) -> None:
    """Hide one more cell (or withhold one group) so that ``failing`` may become protected:
    a sibling first (the smallest that protects it alone, else the largest of the six
    smallest), else the parent when it is shown and may be hidden, else the whole group."""
    node = failing
    if failing.children and not all(c.mark == WITHHELD for c in failing.children):
        own = subtree_values(root, threshold)[failing]
        if own & (own - 1) == 0:  # its own rows and mark pin it: no sibling can help
            withhold(failing)
            return
    while node.mark == WITHHELD and node.parent is not root and node.parent.mark == WITHHELD:
        node = node.parent  # its group is withheld already: the trouble is a level up
    parent = node.parent
    siblings = sorted((s for s in parent.children
                       if s is not node and not s.hidden and not s.fixed and s.value > 0),
                      key=lambda s: (s.value, s.key))
    if siblings:
        for candidate in siblings[:6]:
            candidate.mark = _mark_for(candidate, threshold)
            if not still_unprotected(root, failing, threshold):
                return
            candidate.mark = None
        chosen = siblings[min(5, len(siblings) - 1)]
        chosen.mark = _mark_for(chosen, threshold)
        return
    if parent is not root and not parent.fixed and not parent.hidden:
        parent.mark = _mark_for(parent, threshold)
        return
    if all(cell.mark == WITHHELD for cell in parent.walk()
           if cell is not parent and not cell.fixed):
        raise RuntimeError("disclosure control: a withheld group is still unprotected: "
                           + repr([(c.key, c.value, c.mark) for c in root.walk()]))  # a bug
    withhold(parent)


def still_unprotected(root: Cell, cell: Cell, threshold: int) -> bool:
    """Whether ``cell`` alone is still unprotected."""
    strict = feasible_values(root, threshold, marks=True)[cell]
    if strict & (strict - 1) == 0:
        return True
    if cell.mark == SMALL:
        loose = feasible_values(root, threshold, marks=False)[cell]
        return not (loose & 1 or loose >> threshold)
    return False


def _mark_for(cell: Cell, threshold: int) -> str:
    return SMALL if 0 < cell.value < threshold else PROTECTED


def withhold(parent: Cell) -> None:
    """Hide every cell below ``parent``, zeros included, with a mark that says nothing."""
    for cell in parent.walk():
        if cell is not parent and not cell.fixed:
            cell.mark = WITHHELD


def _only_child(cell: Cell) -> bool:
    return cell.parent is not None and len(cell.parent.children) == 1


# --- longer periods -----------------------------------------------------------------------


def inherit(period_root: Cell, month_roots: list[Cell]) -> Cell:
    """Mark a longer period's tree from its months' trees, matched by key path.

    A cell is shown only when every month shows it (a month without the cell shows 0
    there); then it is the sum of shown numbers. Otherwise it is marked ``inherited``.
    """
    hidden_paths = {path for month in month_roots for path, cell in _paths(month)
                    if cell.hidden}
    for path, cell in _paths(period_root):
        if path in hidden_paths and not cell.fixed and cell is not period_root:
            cell.mark = INHERITED
    return period_root


def _paths(root: Cell, prefix: tuple = ()) -> Iterator[tuple[tuple, Cell]]:
    for child in root.children:
        path = (*prefix, child.key)
        yield path, child
        yield from _paths(child, path)


# --- what a reader can work out -----------------------------------------------------------


def feasible_values(root: Cell, threshold: int, *, marks: bool = True) -> dict[Cell, int]:
    """For each cell, the values (bits of an int: bit v = value v) consistent with every
    shown number and every sum of the tree; with ``marks``, also with what each hidden
    cell's mark says. Exact for a tree: one pass up (what each subtree can add up to), one
    pass down (what each cell can be, given the rest)."""
    top = root.value
    down = subtree_values(root, threshold, marks=marks)
    result = {root: down[root]}

    def spread(cell: Cell) -> None:
        kids = cell.children
        if not kids:
            return
        full = (1 << (top + 1)) - 1
        prefix = [1]
        for child in kids:
            prefix.append(sumset(prefix[-1], down[child], full))
        suffix = [1]
        for child in reversed(kids):
            suffix.append(sumset(suffix[-1], down[child], full))
        suffix.reverse()
        for index, child in enumerate(kids):
            if not child.hidden:
                # A shown number is what it says: every solution has it (the data is real).
                result[child] = 1 << child.value
            else:
                others = sumset(prefix[index], suffix[index + 1], full)
                result[child] = down[child] & differences(result[cell], others, top)
            spread(child)

    spread(root)
    return result


def subtree_values(root: Cell, threshold: int, *, marks: bool = True) -> dict[Cell, int]:
    """For each cell, the values its own mark and its subtree allow (the pass up)."""
    top = root.value
    full = (1 << (top + 1)) - 1
    down: dict[Cell, int] = {}

    def allowed(cell: Cell) -> int:
        if not cell.hidden:
            return (1 << cell.value) & full
        if not marks or cell.mark in (INHERITED, WITHHELD):
            return full
        if cell.mark == SMALL:
            return ((1 << threshold) - 2) & full
        return (1 | (full >> threshold << threshold)) & full  # PROTECTED: 0 or ≥ threshold

    def up(cell: Cell) -> int:
        mask = allowed(cell)
        if cell.children:
            total = 1
            for child in cell.children:
                total = sumset(total, up(child), full)
            mask &= total
        down[cell] = mask
        return mask

    up(root)
    return down


def sumset(a: int, b: int, full: int) -> int:
    """``{x + y : x in a, y in b}`` of two bit sets, cut to ``full``."""
    if not a or not b:
        return 0
    if _run_count(a) < _run_count(b):
        a, b = b, a
    result = 0
    for start, length in runs(b):
        result |= _smear(a << start, length, full)
    return result & full


def differences(a: int, b: int, top: int) -> int:
    """``{x − y ≥ 0 : x in a, y in b}`` over values 0 … ``top``."""
    full = (1 << (top + 1)) - 1
    mirrored = int(format(b & full, f"0{top + 1}b")[::-1], 2)  # bit top − y for y in b
    wide = (1 << (2 * top + 1)) - 1
    return (sumset(a, mirrored, wide) >> top) & full


def runs(bits: int) -> Iterator[tuple[int, int]]:
    """``(start, length)`` of each run of set bits, lowest first."""
    while bits:
        start = (bits & -bits).bit_length() - 1
        shifted = bits >> start
        length = (shifted ^ (shifted + 1)).bit_length() - 1
        yield start, length
        bits &= ~(((1 << length) - 1) << start)


def _run_count(bits: int) -> int:
    return (bits ^ (bits >> 1)).bit_count()


def _smear(bits: int, length: int, full: int) -> int:
    """``bits`` ORed with itself shifted by 1 … length − 1 (a sum with an interval)."""
    result, covered = bits & full, 1
    while covered < length and result:
        step = min(covered, length - covered)
        result = (result | result << step) & full
        covered += step
    return result
