"""The staff pages' option lists, built and rendered once per office, language and version.

The inbox offers every category, every school (grouped by district), the districts and the
officers, twice for the officers and work groups (the filters and the bulk-assign panel): a
few hundred ``<option>`` elements. Building them from the database and rendering each through
WTForms cost more than the rest of the page, so each list is kept, per worker process, as
ready HTML plus its labels by value, under the office's ``choices_version``.

Any flush that adds, changes or removes a category, district, school, work group, membership,
role, or a staff member's name, status or office raises ``choices_version`` of every office in
the same transaction (one UPDATE of a handful of rows; such edits are rare). Every request
reads the version with the office row it loads anyway, so a change made in one gunicorn worker
is seen by all of them on their next request, and a change rolled back changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from wtforms.fields.choices import SelectChoice

from portal.models import (
    Category,
    District,
    Office,
    School,
    User,
    UserRole,
    WorkGroup,
    WorkGroupMember,
)

_WATCHED = (Category, District, School, WorkGroup, WorkGroupMember, UserRole)
_USER_FIELDS = ("name", "active", "office_id", "roles", "work_groups")
_CHANGED = "portal_choices_changed"


class Options:
    """One select's options as HTML, rendered once, and their labels by value."""

    __slots__ = ("_html", "labels")

    def __init__(self, choices: list[SelectChoice]) -> None:
        parts: list[str] = []
        group = None
        for choice in choices:
            if choice.optgroup != group:
                if group is not None:
                    parts.append("</optgroup>")
                if choice.optgroup is not None:
                    parts.append(f'<optgroup label="{escape(str(choice.optgroup))}">')
                group = choice.optgroup
            label = choice.label if choice.label is not None else choice.value
            parts.append(f'<option value="{escape(choice.value)}">{escape(str(label))}</option>')
        if group is not None:
            parts.append("</optgroup>")
        self._html = "".join(parts)
        self.labels = {str(c.value): str(c.label) for c in choices}

    def html(self, selected: object) -> Markup:
        """The options with ``selected`` chosen (None: the first, empty one), as WTForms would."""
        value = escape("" if selected is None else str(selected))
        return Markup(self._html.replace(  # noqa: S704 - every label and value escaped in __init__
            f'<option value="{value}">', f'<option selected value="{value}">', 1))

    @property
    def plain(self) -> Markup:
        """The options with none chosen (the browser shows the first)."""
        return Markup(self._html)  # noqa: S704 - every label and value escaped in __init__

    def label(self, value: object) -> str | None:
        return self.labels.get("" if value is None else str(value))


_lock = threading.Lock()
_EXTENSION = "portal_option_cache"


def _store() -> dict[tuple, tuple[int, object]]:
    """This app's cache (an app per database: tests make many in one process)."""
    return current_app.extensions[_EXTENSION]


def cached(office: Office, name: str, locale: str,
           build: Callable[[], list[SelectChoice]]) -> Options:
    """The options ``build`` makes for ``office`` in ``locale``, rebuilt after any change."""
    key = (office.id, name, locale)
    version = office.choices_version
    found = _store().get(key)
    if found is not None and found[0] == version:
        return found[1]
    options = Options(build())
    with _lock:
        _store()[key] = (version, options)
    return options


def static(name: str, locale: str, build: Callable[[], list[SelectChoice]]) -> Options:
    """Options that depend on the language only (statuses, channels, sort orders)."""
    key = ("static", name, locale)
    found = _store().get(key)
    if found is None:
        found = (0, Options(build()))
        with _lock:
            _store()[key] = found
    return found[1]


def translated(name: str, locale: str, labels: dict) -> dict:
    """``labels`` (lazy strings by key) translated once per language: a table of 50 rows
    would otherwise look each one up again per row."""
    key = ("labels", name, locale)
    found = _store().get(key)
    if found is None:
        found = (0, {k: str(v) for k, v in labels.items()})
        with _lock:
            _store()[key] = found
    return found[1]


def clear() -> None:
    with _lock:
        _store().clear()


def _lists_changed(session: Session) -> bool:
    for item in session.new | session.deleted:
        if isinstance(item, (*_WATCHED, User)):
            return True
    for item in session.dirty:
        if isinstance(item, _WATCHED) and session.is_modified(item):
            return True
        if isinstance(item, User):
            attrs = inspect(item).attrs
            if any(attrs[name].history.has_changes() for name in _USER_FIELDS):
                return True
    return False


def _before_flush(session: Session, _context, _instances) -> None:
    if _lists_changed(session):
        session.info[_CHANGED] = True


def _after_flush(session: Session, _context) -> None:
    if session.info.pop(_CHANGED, False):
        table = Office.__table__
        session.connection().execute(
            update(table).values(choices_version=table.c.choices_version + 1))
        for item in list(session.identity_map.values()):
            if isinstance(item, Office) and "choices_version" not in inspect(item).unloaded:
                set_committed_value(item, "choices_version", item.choices_version + 1)


def init_app(app) -> None:
    app.extensions[_EXTENSION] = {}
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
