"""Keeping a fresh receipt between the submission and the reporter's confirmation.

The receipt lives in the session cookie only until the reporter confirms they saved it,
encrypted because Flask's session is signed, not secret. It never enters a URL or a log.
"""

from __future__ import annotations

import json

import segno
from flask import session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from portal.security import crypto

SESSION_KEY = "fresh_receipt"


class ConfirmSavedForm(FlaskForm):
    saved = BooleanField(
        _l("ข้าพเจ้าได้บันทึกเลขรับเรื่องและรหัสติดตามไว้แล้ว"), validators=[DataRequired()]
    )


def remember_fresh_receipt(number: str, receipt: str) -> None:
    session[SESSION_KEY] = crypto.encrypt(json.dumps({"number": number, "receipt": receipt}))


def fresh_receipt() -> dict | None:
    token = session.get(SESSION_KEY)
    if not token:
        return None
    try:
        return json.loads(crypto.decrypt(token))
    except (crypto.CryptoError, ValueError):
        session.pop(SESSION_KEY, None)
        return None


def forget_fresh_receipt() -> None:
    session.pop(SESSION_KEY, None)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (allowed by the CSP, needs no script)."""
    # svg_data_uri keeps the xmlns attribute, without which browsers can't draw a data: SVG.
    return segno.make(text, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")
