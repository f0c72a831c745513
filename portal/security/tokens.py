"""Tracking receipts: random, shown once, stored only as a keyed hash.

A receipt carries 80 random bits, so a slow hash adds nothing against guessing (the tracking
form is rate limited per address) and cost ~5 ms of CPU on every submission and lookup. It is
stored as HMAC-SHA256 under a key derived from ``SECRET_KEY``, with the case number in the MAC
input, tagged ``hmac1$<hex>``. Rows written before the change hold an argon2id hash (``$argon2``),
which still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Crockford's base32 without I, L, O, U: nothing a reporter can misread when copying by hand.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_GROUPS = 4
GROUP_LENGTH = 4  # 16 symbols x 5 bits = 80 bits of entropy
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_receipt() -> str:
    """A fresh receipt such as ``7KQ2-M9XD-4HTR-PZ3W``."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_GROUPS * GROUP_LENGTH))
    return "-".join(
        symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH)
    )


def normalise_receipt(text: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes, O for 0."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(compact) != RECEIPT_GROUPS * GROUP_LENGTH:
        return compact
    return "-".join(compact[i : i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH))


HMAC_TAG = "hmac1$"
_KEY_LABEL = b"sujarit/receipt-hash/v1"
_LEGACY = PasswordHasher()  # verifies old argon2 rows; their parameters come from the hash
_KEYS: dict[str, bytes] = {}


def _receipt_key() -> bytes:
    """The MAC key: HMAC-SHA256 of a fixed label under ``SECRET_KEY``, derived once per key."""
    secret = current_app.config["SECRET_KEY"]
    key = _KEYS.get(secret)
    if key is None:
        raw = secret.encode() if isinstance(secret, str) else bytes(secret)
        key = _KEYS[secret] = hmac.new(raw, _KEY_LABEL, hashlib.sha256).digest()
    return key


def _mac(number: str, receipt: str) -> str:
    message = f"{number}\x00{normalise_receipt(receipt)}".encode()
    return hmac.new(_receipt_key(), message, hashlib.sha256).hexdigest()


def hash_receipt(receipt: str, number: str) -> str:
    """The stored form of ``receipt`` for the case numbered ``number``."""
    return HMAC_TAG + _mac(number, receipt)


def verify_receipt(stored_hash: str, candidate: str, number: str) -> bool:
    """True when ``candidate`` is the receipt behind ``stored_hash``; never raises."""
    if stored_hash.startswith(HMAC_TAG):
        expected = stored_hash[len(HMAC_TAG):].encode()
        return hmac.compare_digest(expected, _mac(number, candidate).encode())
    try:
        return _LEGACY.verify(stored_hash, normalise_receipt(candidate))
    except (VerificationError, InvalidHashError):
        return False
