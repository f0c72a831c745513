"""A deployment that never ran pybabel still serves English: the app compiles at start-up."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from babel.support import Translations

from portal.i18n import compiled_catalogues

SOURCE = Path(__file__).resolve().parents[1] / "portal" / "translations"
PO = Path("en/LC_MESSAGES/messages.po")


def _copy_po(root: Path) -> Path:
    (root / PO.parent).mkdir(parents=True)
    shutil.copy(SOURCE / PO, root / PO)
    return root


def _english(directory: Path, msgid: str) -> str:
    return Translations.load(str(directory), ["en"]).gettext(msgid)


def test_missing_catalogue_is_compiled_beside_its_source(tmp_path):
    root = _copy_po(tmp_path)
    assert compiled_catalogues(root) == root
    assert (root / PO.with_suffix(".mo")).exists()
    assert _english(root, "ติดตามเรื่อง") == "Track a case"


def test_stale_catalogue_is_compiled_again(tmp_path):
    root = _copy_po(tmp_path)
    mo = root / PO.with_suffix(".mo")
    mo.write_bytes(b"")  # an old, broken build
    os.utime(mo, (0, 0))
    compiled_catalogues(root)
    assert _english(root, "ติดตามเรื่อง") == "Track a case"


def test_read_only_install_compiles_elsewhere(tmp_path):
    root = _copy_po(tmp_path)
    (root / PO.parent).chmod(0o555)
    try:
        if os.access(root / PO.parent, os.W_OK):  # root ignores permissions: use a file
            (root / PO.parent).chmod(0o755)
            (root / PO.with_suffix(".mo")).mkdir()  # a .mo that cannot be replaced
            os.utime(root / PO.with_suffix(".mo"), (0, 0))
        directory = compiled_catalogues(root)
    finally:
        (root / PO.parent).chmod(0o755)
    assert directory != root
    assert _english(directory, "ติดตามเรื่อง") == "Track a case"

