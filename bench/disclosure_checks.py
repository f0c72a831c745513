"""CPU cost of the two checks every publication runs over text or tables (issues 16, 17).

* ``privacy_check``: the personal-data check (``portal.publishing.privacy.check_text``) of a
  2,000-character text made of the labelled corpus's sentences, with the office's contacts
  and gazetteer, as approval runs it. Reference in the same run: one pass of Python's ``re``
  over the same text for Thai words (``[\\u0E00-\\u0E7F]+``), the cheapest scan a checker
  could do.
* ``disclosure_tree``: protecting one month's district–school tree of a 185-school office
  (``portal.reports.disclosure.protect``) at 2,000 and 17,000 cases (a month of an office
  with 1,000,000 cases over five years), cases spread over schools by a heavy-tailed draw
  with ten schools of 1–2 cases. Reference: summing the tree once (``Cell.total``).

Each figure is the median CPU time (``time.process_time``) of ``--repeat`` runs. Last lines,
``name value unit``.

    .venv/bin/python bench/disclosure_checks.py
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.publishing.privacy import check_text  # noqa: E402
from portal.reports.disclosure import Cell, protect  # noqa: E402
from tests.publishing.test_privacy_corpus import load_corpus, office_known  # noqa: E402

THAI_WORDS = re.compile("[\u0e00-\u0e7f]+")


def cpu_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        action()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def corpus_text(length: int = 2000) -> str:
    text = ""
    for example in load_corpus():
        if len(text) + len(example.sentence) + 1 > length:
            break
        text += example.sentence + " "
    return text.ljust(length, "ก")


def month_tree(cases: int, seed: int) -> Cell:
    rng = random.Random(seed)
    root = Cell("office")
    for district in range(6):
        parent = root.add(Cell(f"d{district}"))
        for school in range(31):
            parent.add(Cell(f"s{district}-{school}"))
    root.add(Cell("none"))
    leaves = [cell for cell in root.walk() if not cell.children]
    weights = [rng.paretovariate(1.2) for _ in leaves]
    for leaf in rng.choices(leaves, weights, k=cases):
        leaf.value += 1
    for leaf in rng.sample(leaves, 10):
        leaf.value = rng.choice([1, 2])
    root.total()
    return root


def tree_figures(cases: int, repeat: int) -> list[tuple[str, float]]:
    """Each run a fresh tree (protecting marks it): the sum first, then the protection."""
    trees = iter([month_tree(cases, seed) for seed in range(repeat * 2)])
    return [(f"disclosure_reference_sum_{cases}", cpu_ms(lambda: next(trees).total(), repeat)),
            (f"disclosure_protect_{cases}", cpu_ms(lambda: protect(next(trees), 3), repeat))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    known = office_known()
    text = corpus_text()
    check_text(text, known)  # the name lists and the gazetteer load once per process
    figures = [("privacy_reference_regex", cpu_ms(lambda: THAI_WORDS.findall(text),
                                                  args.repeat)),
               ("privacy_check_2000_chars", cpu_ms(lambda: check_text(text, known),
                                                   args.repeat))]
    for cases in (2_000, 17_000):
        figures += tree_figures(cases, args.repeat)
    for name, value in figures:
        print(f"{name} {value:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
