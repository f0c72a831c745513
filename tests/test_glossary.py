"""One name for each thing (portal.labels.GLOSSARY): templates, source strings and the
English catalogue use the chosen words, never the ones they replaced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.labels import GLOSSARY

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
SOURCES = sorted(
    [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("templates/**/*.txt"),
        *ROOT.glob("portal/**/*.py"),
    ]
)
# ผู้ถูกร้อง (the respondent) contains ผู้ร้อง and is a different thing.
EXCEPT_BEFORE = {"ผู้ร้อง": "ถูก"}


def thai_pattern(word: str) -> re.Pattern:
    before = EXCEPT_BEFORE.get(word)
    return re.compile((f"(?<!{before})" if before else "") + re.escape(word))


def catalogue_entries() -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as source:
        catalog = read_po(source)
    return [(str(m.id), str(m.string)) for m in catalog if m.id and isinstance(m.id, str)]


AVOID_TH = [(name, word) for name, term in GLOSSARY.items() for word in term["avoid_th"]]
AVOID_EN = [(name, word) for name, term in GLOSSARY.items() for word in term["avoid_en"]]


def test_the_scan_sees_the_sources_and_the_catalogue():
    assert len(SOURCES) > 300 and len(catalogue_entries()) > 1000


@pytest.mark.parametrize("name, word", AVOID_TH)
def test_no_template_or_source_string_uses_a_replaced_thai_word(name, word):
    pattern = thai_pattern(word)
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and '"avoid_th"' not in line
    ]  # the glossary itself
    assert found == [], f"{word} → {GLOSSARY[name]}"


@pytest.mark.parametrize("name, word", AVOID_TH)
def test_no_catalogue_message_uses_a_replaced_thai_word(name, word):
    pattern = thai_pattern(word)
    assert [msgid for msgid, _ in catalogue_entries() if pattern.search(msgid)] == []


@pytest.mark.parametrize("name, word", AVOID_EN)
def test_no_english_translation_uses_a_replaced_word(name, word):
    pattern = re.compile(rf"\b{word}", re.IGNORECASE)
    assert [s for _, s in catalogue_entries() if pattern.search(s)] == []


def test_the_chosen_words_are_the_ones_in_use():
    entries = dict(catalogue_entries())
    assert entries["ผลการดำเนินการ"] == GLOSSARY["outcomes_board"]["en"]
    assert entries["ผู้แจ้ง"].lower() == GLOSSARY["reporter"]["en"]
    assert entries["โทเค็น"].lower() == GLOSSARY["token"]["en"]
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert f'_("{GLOSSARY["outcomes_board"]["th"]}")' in base  # the menu names the board
