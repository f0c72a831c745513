"""Language choice: Thai by default, English one click away.

The compiled catalogues (.mo) are build output. A deployment that only runs ``db upgrade``
and gunicorn never ran ``pybabel compile``, so the app compiles any missing or stale
catalogue when it starts: beside its .po if that directory is writable, else into a
private temporary directory. Either way the English switch shows English.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, has_request_context, request, session

from portal.extensions import babel

LANGUAGES = ("th", "en")
log = logging.getLogger(__name__)


def select_locale() -> str:
    # Outside a request (worker, commands) there is no visitor: Thai, the office's language.
    chosen = session.get("lang") if has_request_context() else None
    if chosen in LANGUAGES:
        return chosen
    return "th"  # Thai first, whatever the browser prefers: this is a Thai public service


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def _compile(po: Path, mo: Path) -> None:
    """Writes the .mo atomically, so workers starting together never read half a file."""
    with po.open("rb") as source:
        catalog = read_po(source)
    mo.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog, use_fuzzy=True)  # the same flag as scripts/_env.sh
        os.replace(temporary, mo)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compiled_catalogues(source: Path) -> Path:
    """A directory holding an up-to-date .mo for every .po under ``source``."""
    pos = sorted(source.glob("*/LC_MESSAGES/*.po"))
    try:
        for po in pos:
            if _stale(po, po.with_suffix(".mo")):
                _compile(po, po.with_suffix(".mo"))
        return source
    except OSError as error:  # a read-only install: compile into a directory of our own
        target = Path(tempfile.mkdtemp(prefix="sujarit-translations-"))
        log.warning("catalogues not writable (%s); compiled into %s", error, target)
        for po in pos:
            _compile(po, target / po.relative_to(source).with_suffix(".mo"))
        return target


def init_app(app: Flask) -> None:
    directory = compiled_catalogues(Path(app.root_path) / "translations")
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(directory),
    )

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        locale = str(get_locale() or "th")
        return {"current_locale": locale, "other_locale": "en" if locale == "th" else "th",
                "request_path": request.full_path.rstrip("?") if has_request_context() else "/"}
