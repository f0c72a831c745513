"""Tracking receipts: random, shown once, stored only as a slow hash."""

from __future__ import annotations

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


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config.get("PORTAL_RECEIPT_HASH_TIME_COST", 2),
        memory_cost=current_app.config.get("PORTAL_RECEIPT_HASH_MEMORY_KIB", 4096),
        parallelism=1,
    )


def hash_receipt(receipt: str) -> str:
    return _hasher().hash(normalise_receipt(receipt))


def verify_receipt(stored_hash: str, candidate: str) -> bool:
    """True when ``candidate`` is the receipt behind ``stored_hash``; never raises."""
    try:
        return _hasher().verify(stored_hash, normalise_receipt(candidate))
    except (VerificationError, InvalidHashError):
        return False
