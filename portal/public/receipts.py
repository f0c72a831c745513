"""Keeping a fresh receipt between the submission and the reporter's confirmation.

The receipt lives in the session cookie only until the reporter confirms they saved it,
encrypted because Flask's session is signed, not secret. It never enters a URL or a log. The
session also carries a server-side one-time mark (``portal.security.one_time``): once the
reporter confirms, the mark is gone and a replayed old cookie shows nothing.
"""

from __future__ import annotations

import functools
import json

from flask import session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from portal.models import OneTimePurpose
from portal.public import qr
from portal.security import crypto
from portal.security.one_time import mark_is_live, spend_mark

SESSION_KEY = "fresh_receipt"


class ConfirmSavedForm(FlaskForm):
    saved = BooleanField(
        _l("ข้าพเจ้าได้บันทึกเลขรับเรื่องและรหัสติดตามไว้แล้ว"), validators=[DataRequired()]
    )


def remember_fresh_receipt(number: str, receipt: str, mark: str) -> None:
    """Keep the receipt for the receipt page; ``mark`` is a live RECEIPT one-time mark."""
    session[SESSION_KEY] = crypto.encrypt(
        json.dumps({"number": number, "receipt": receipt, "mark": mark}))


def fresh_receipt() -> dict | None:
    """The receipt to show, while its one-time mark is live; None otherwise."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    try:
        fresh = json.loads(crypto.decrypt(token))
    except (crypto.CryptoError, ValueError):
        fresh = None
    if not isinstance(fresh, dict) or not mark_is_live(fresh.get("mark"),
                                                       OneTimePurpose.RECEIPT):
        session.pop(SESSION_KEY, None)
        return None
    return fresh


def forget_fresh_receipt() -> None:
    """Spend the mark (the caller commits) and drop the receipt from the session."""
    token = session.pop(SESSION_KEY, None)
    if not token:
        return
    try:
        spend_mark(json.loads(crypto.decrypt(token)).get("mark"), OneTimePurpose.RECEIPT)
    except (crypto.CryptoError, ValueError, AttributeError):
        return


QR_MASK = qr.MASK


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (allowed by the CSP, needs no script).

    The bytes segno's ``svg_data_uri`` writes (with the xmlns attribute, without which
    browsers can't draw a data: SVG), made faster by :mod:`portal.public.qr`.
    """
    return qr.qr_data_uri(text)


@functools.lru_cache(maxsize=512)
def tracking_qr_data_uri(url: str) -> str:
    """The QR code of a case's public tracking address, kept: a reload or a change of
    language redraws the receipt page without encoding it again. Only public addresses are
    kept here; a secret (an authenticator's key) goes through :func:`qr_data_uri`."""
    return qr_data_uri(url)
