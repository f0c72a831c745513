"""What a visitor typed into a form that failed, and which of it may be shown back.

A failed POST's error page offers the form again, filled in, posting to the same URL with a
fresh CSRF token. Shown back, editable: text the visitor typed. Carried along, hidden: their
other choices (type, school, rating, the case version a staff form was rendered with). Never
echoed: CSRF tokens, anything a form declares as a password, any field whose name says it
holds a secret (one-time codes, tracking receipts, tokens), and files, which a browser cannot
be handed back: the page says they must be chosen again. Nothing is echoed unless the POST
carried a valid CSRF token, so another site cannot make our error page fill in its words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from flask import Request, current_app
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

SECRET_NAME = re.compile(r"csrf|password|passcode|passwd|secret|token|receipt|otp|(^|_)code($|_)",
                         re.IGNORECASE)
MAX_VALUE = 20_000  # longer than any field accepts: a value longer than this is not ours


@dataclass
class TypedField:
    name: str
    label: str
    value: str
    multiline: bool


@dataclass
class Typed:
    """What the error page gives back; empty when the request was no form POST of ours."""

    text: list[TypedField] = field(default_factory=list)
    carried: list[tuple[str, str]] = field(default_factory=list)  # hidden (name, value) pairs
    carried_labels: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # names of file inputs that held a file
    action: str = ""

    def __bool__(self) -> bool:
        return bool(self.text or self.carried or self.files)


@dataclass(frozen=True)
class Declared:
    """One form field as some form class declares it."""

    label: str
    kind: str  # "text", "multiline", "secret" or "choice"


def _declared(unbound: UnboundField) -> Declared:
    cls = unbound.field_class
    label = unbound.args[0] if unbound.args else unbound.kwargs.get("label", "")
    if issubclass(cls, PasswordField):
        return Declared(label, "secret")
    if issubclass(cls, HiddenField) or isinstance(unbound.kwargs.get("widget"), HiddenInput):
        return Declared(label, "choice")
    if issubclass(cls, TextAreaField):
        return Declared(label, "multiline")
    if issubclass(cls, StringField):
        return Declared(label, "text")
    return Declared(label, "choice")


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


@functools.cache
def form_catalogue() -> tuple[tuple[frozenset[str], dict[str, Declared]], ...]:
    """Every form class of the portal: its field names and how each is declared."""
    catalogue = []
    for cls in _subclasses(FlaskForm):
        if not cls.__module__.startswith("portal."):
            continue
        fields = {name: _declared(value) for name in dir(cls)
                  if isinstance(value := getattr(cls, name, None), UnboundField)}
        if fields:
            catalogue.append((frozenset(fields), fields))
    return tuple(catalogue)


def _secret_anywhere(name: str) -> bool:
    return any(fields.get(name, Declared("", "")).kind == "secret"
               for _names, fields in form_catalogue())


def _form_for(names: set[str]) -> dict[str, Declared]:
    """The smallest form class that declares every posted name (the one that was posted)."""
    fitting = [(len(n), f) for n, f in form_catalogue() if names <= n]
    return min(fitting, key=lambda pair: pair[0])[1] if fitting else {}


def _csrf_valid(request: Request) -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def typed_in(request: Request) -> Typed:
    """What may be given back from ``request`` (see the module's docstring for the rules)."""
    if request.method != "POST" or not request.mimetype.startswith(
            ("multipart/form-data", "application/x-www-form-urlencoded")):
        return Typed()
    if not _csrf_valid(request):
        return Typed()
    names = {n for n in request.form if n != "csrf_token"}
    form = _form_for(names)
    typed = Typed(action=request.path,
                  files=sorted({n for n, f in request.files.items(multi=True) if f.filename}))
    for name, value in request.form.items(multi=True):
        if SECRET_NAME.search(name) or _secret_anywhere(name) or len(value) > MAX_VALUE:
            continue
        declared = form.get(name) or Declared("", "choice")
        if declared.kind == "secret":
            continue
        if declared.kind in ("text", "multiline"):
            if value.strip():
                typed.text.append(TypedField(name, str(declared.label) or name, value,
                                             declared.kind == "multiline" or "\n" in value))
            continue
        typed.carried.append((name, value))
        if value and declared.label and str(declared.label) not in typed.carried_labels:
            typed.carried_labels.append(str(declared.label))
    return typed
