"""Filing a form once: its hidden key finds the case an earlier send of it produced.

A browser's retry, a double click or a proxy's retry after a lost answer sends the same form
with the same key; the second request then shows the first one's case and receipt instead of
filing a second case. The key itself is never stored: its HMAC under ``SECRET_KEY`` is the
row's primary key, and the receipt is sealed with a key derived from both, so the database
alone opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from portal.cases.submit import SubmittedCase
from portal.extensions import db
from portal.models import Case, SubmissionKey

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class EarlierSubmission:
    number: str
    receipt: str


def new_submission_key() -> str:
    """A fresh key for a form about to be shown (192 random bits)."""
    return secrets.token_urlsafe(24)


def _mac(label: bytes, key: str) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    raw = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(raw, label + b"\x00" + key.encode("ascii"), hashlib.sha256).digest()


def _key_hash(key: str) -> str:
    return _mac(b"sujarit/submission-key/v1", key).hex()


def _seal(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_mac(b"sujarit/receipt-seal/v1", key)))


def find_submission(key: str) -> EarlierSubmission | None:
    """The case and receipt an earlier send of the form with ``key`` produced, if any."""
    row = db.session.scalar(
        db.select(SubmissionKey).where(SubmissionKey.key_hash == _key_hash(key))
    )
    if row is None:
        return None
    number = db.session.scalar(db.select(Case.number).where(Case.id == row.case_id))
    try:
        receipt = _seal(key).decrypt(row.sealed_receipt.encode("ascii")).decode("ascii")
    except InvalidToken:  # SECRET_KEY changed since: the case stands, its receipt is gone
        receipt = ""
    return EarlierSubmission(number=number, receipt=receipt)


def reply_already_sent(key: str) -> bool:
    """True when the reply form with ``key`` was sent (and committed) before."""
    digest = _mac(b"sujarit/reply-key/v1", key).hex()
    return db.session.get(SubmissionKey, digest) is not None


def remember_reply(key: str, case: Case) -> None:
    """Record that the reply form with ``key`` added its message to ``case``."""
    db.session.add(SubmissionKey(key_hash=_mac(b"sujarit/reply-key/v1", key).hex(), case=case))


def remember_submission(key: str, submitted: SubmittedCase) -> None:
    """Record that the form with ``key`` produced ``submitted`` (in the caller's transaction).

    A second transaction recording the same key fails at its flush or commit with an
    IntegrityError (PostgreSQL makes it wait for the first one's commit to decide).
    """
    db.session.add(
        SubmissionKey(
            key_hash=_key_hash(key),
            case=submitted.case,
            sealed_receipt=_seal(key).encrypt(submitted.receipt.encode("ascii")).decode("ascii"),
        )
    )
