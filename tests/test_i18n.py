"""The English catalogue keeps up with the Thai source.

Messages are extracted in-process from the current code and templates with babel.cfg (the
same map scripts/translations uses), then checked against
portal/translations/en/LC_MESSAGES/messages.po. No app, no database.

When a test here fails after you add or change a string: run ``scripts/translations`` and
translate the new or fuzzy entries in the .po file.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BABEL_CFG = ROOT / "babel.cfg"
EN_PO = ROOT / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Same as scripts/translations: -k _l -k lazy_gettext, --ignore-dirs '.* __pycache__ node_modules'
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(["_l", "lazy_gettext"])}
IGNORE_DIRS = (".*", "__pycache__", "node_modules")
# Source files that must be scanned: (directory, file-name patterns).
SOURCES = (("portal", ("*.py",)), ("templates", ("*.html", "*.txt")))
THAI = re.compile("[\u0e00-\u0e7f]")
BRACE_TOKEN = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")
# msgids whose English may keep Thai script (proper nouns kept as written). Prefer none.
THAI_ALLOWED: frozenset[str] = frozenset()


# --- helpers (pure functions, so the checks themselves can be tested) ---------------------


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _directory_filter(dirpath: str) -> bool:
    name = os.path.basename(dirpath)
    return not any(fnmatch.fnmatch(name, pattern) for pattern in IGNORE_DIRS)


def extract_source(root: Path = ROOT) -> tuple[dict[str, dict], set[str]]:
    """Messages in the source as ``{msgid: {"id": ..., "where": [...]}}``, and files scanned."""
    with open(root / "babel.cfg", encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj, filename=str(root / "babel.cfg"))
    scanned: set[str] = set()
    messages: dict[str, dict] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,
        callback=lambda filename, method, options: scanned.add(filename.replace(os.sep, "/")),
        directory_filter=_directory_filter,
    ):
        assert context is None, f"{filename}:{lineno}: message contexts are not used here"
        entry = messages.setdefault(_key(message), {"id": message, "where": []})
        if isinstance(message, tuple):
            entry["id"] = message
        entry["where"].append(f"{filename}:{lineno}")
    return messages, scanned


def load_catalog(path: Path = EN_PO) -> Catalog:
    with open(path, "rb") as fileobj:
        return read_po(fileobj, locale="en")


def untranslated(catalog: Catalog, source: dict[str, dict]) -> list[str]:
    """Source messages missing from the catalogue, fuzzy, empty, or singular/plural mismatched."""
    problems = []
    for msgid, entry in source.items():
        where = ", ".join(entry["where"][:3])
        message = catalog.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r} ({where})")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where})")
        elif isinstance(entry["id"], tuple) != isinstance(message.id, tuple):
            problems.append(f"singular/plural differs from source: {msgid!r} ({where})")
        elif isinstance(entry["id"], tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"needs {catalog.num_plurals} plural forms: {msgid!r} ({where})")
        elif not all(s.strip() for s in strings):
            problems.append(f"empty translation: {msgid!r} ({where})")
    return problems


def placeholders(text: str) -> Counter:
    """``%(name)s`` / ``%s`` placeholders as (name, conversion), plus ``{name}`` tokens (the
    placeholders admins type into reply templates, quoted in hints) as (name, "{}")."""
    found = Counter(
        (name, conversion)
        for name, _flags, conversion in PYTHON_FORMAT.findall(text)
        if conversion != "%"
    )
    found.update((name, "{}") for name in BRACE_TOKEN.findall(text))
    return found


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, string in enumerate(strings):
            if not string:
                continue
            source = ids[min(index, len(ids) - 1)]  # msgstr[0] ~ msgid, msgstr[1+] ~ plural
            if placeholders(string) != placeholders(source):
                problems.append(f"{_key(message.id)!r}: {string!r}")
    return problems


def thai_in_english(catalog: Catalog, allowed: frozenset[str] = THAI_ALLOWED) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id or _key(message.id) in allowed:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        problems += [f"{_key(message.id)!r}: {s!r}" for s in strings if s and THAI.search(s)]
    return problems


# --- the checks on the real catalogue ------------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> tuple[dict[str, dict], set[str]]:
    return extract_source()


@pytest.fixture(scope="module")
def source(extracted) -> dict[str, dict]:
    return extracted[0]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalogue_header():
    catalog = load_catalog()
    assert str(catalog.locale) == "en"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy, "the .po header is marked fuzzy"


def test_extraction_scans_every_source_file(extracted):
    """babel.cfg and the directory filter reach every file, including templates/_macros."""
    messages, scanned = extracted
    expected = {
        path.relative_to(ROOT).as_posix()
        for folder, patterns in SOURCES
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and any(fnmatch.fnmatch(path.name, p) for p in patterns)
        and not any(
            fnmatch.fnmatch(part, ignored)
            for part in path.relative_to(ROOT).parts[:-1]
            for ignored in IGNORE_DIRS
        )
    }
    assert expected - scanned == set(), "files babel.cfg does not extract from"
    wheres = {where.split("/")[0] for entry in messages.values() for where in entry["where"]}
    assert wheres == {"portal", "templates"}, f"messages found only under {wheres}"


def test_every_source_message_is_translated(catalog, source):
    problems = untranslated(catalog, source)
    assert not problems, (
        f"{len(problems)} message(s) need English: run scripts/translations, then translate "
        "them in portal/translations/en/LC_MESSAGES/messages.po:\n  " + "\n  ".join(problems)
    )


def test_placeholders_match(catalog):
    problems = placeholder_mismatches(catalog)
    assert not problems, "placeholders differ from the Thai:\n  " + "\n  ".join(problems)


def test_no_thai_left_in_english(catalog):
    problems = thai_in_english(catalog)
    assert not problems, "Thai script in English translations:\n  " + "\n  ".join(problems)


# --- the checks catch what they should (so a passing run means something) -----------------


def _sample_catalog() -> Catalog:
    catalog = Catalog(locale="en")
    catalog.add("สถานะ", "Status")
    catalog.add(("อีก %(num)d วัน", "อีก %(num)d วัน"), ("in %(num)d day", "in %(num)d days"))
    return catalog


def test_checks_catch_missing_fuzzy_empty_and_plural_problems():
    catalog = _sample_catalog()
    catalog.add("ร่าง", "Draft", flags=["fuzzy"])
    catalog.add("ว่าง", "")
    catalog.add(("เหลือ %(num)d ไฟล์", "เหลือ %(num)d ไฟล์"), ("%(num)d file left", ""))
    source = {
        msgid: {"id": msgid, "where": ["x.py:1"]}
        for msgid in ("สถานะ", "ใหม่", "ร่าง", "ว่าง", "ไม่ใช่พหูพจน์")
    }
    for plural in (("อีก %(num)d วัน", "อีก %(num)d วัน"), ("เหลือ %(num)d ไฟล์",) * 2):
        source[plural[0]] = {"id": plural, "where": ["x.html:2"]}
    catalog.add("ไม่ใช่พหูพจน์", "Not plural")
    source["ไม่ใช่พหูพจน์"]["id"] = ("ไม่ใช่พหูพจน์", "ไม่ใช่พหูพจน์")
    problems = "\n".join(untranslated(catalog, source))
    assert "missing: 'ใหม่'" in problems
    assert "fuzzy: 'ร่าง'" in problems
    assert "empty translation: 'ว่าง'" in problems
    assert "empty translation: 'เหลือ %(num)d ไฟล์'" in problems
    assert "singular/plural differs from source: 'ไม่ใช่พหูพจน์'" in problems
    assert "สถานะ" not in problems and "อีก" not in problems


def test_checks_catch_placeholder_and_thai_problems():
    catalog = _sample_catalog()
    assert placeholder_mismatches(catalog) == []
    assert thai_in_english(catalog) == []
    catalog.add("เลขรับเรื่อง %(number)s", "Case number %(num)s")
    catalog.add("ไม่เกิน %(n)d ไฟล์", "Up to %(n)s files")
    catalog.add("%(years)d ปี", "years")
    catalog.add(("เกิน %(num)d วัน", "เกิน %(num)d วัน"), ("%(num)d day late", "days late"))
    catalog.add("ร้อยละ 5", "5%% more %(x)s")
    catalog.add("ตัวแทน {number} เลขรับเรื่อง", "Placeholders: {num} case number")
    catalog.add("พิมพ์ {{ หรือ }}", "Type {{ or }}")
    catalog.add("สุจริต", "สุจริต")
    assert len(placeholder_mismatches(catalog)) == 6
    assert thai_in_english(catalog) == ["'สุจริต': 'สุจริต'"]
    assert thai_in_english(catalog, allowed=frozenset({"สุจริต"})) == []
