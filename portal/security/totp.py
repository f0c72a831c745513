"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30 s, 6 digits.

Written here rather than taken from a library: it is forty lines, and the RFC test vectors in
tests/auth/test_totp.py pin it down.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, the size RFC 4226 recommends for HMAC-SHA1
WINDOW = 1  # accept the previous and the next step too: phone clocks drift


def new_secret() -> str:
    """A fresh shared secret, base32 without padding, as authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def decode_secret(secret: str) -> bytes:
    compact = secret.replace(" ", "").upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the ``digits``-digit code for ``counter`` under ``key``."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(moment: float, step: int = STEP_SECONDS) -> int:
    """The RFC 6238 counter T for a Unix time."""
    return int(moment // step)


def totp(key: bytes, moment: float, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 6238: the code valid at Unix time ``moment``."""
    return hotp(key, time_step(moment), digits, digest)


def matching_step(secret: str, code: str, last_step: int,
                  moment: float | None = None) -> int | None:
    """The time step ``code`` belongs to (within ±1 step of now), else None.

    A step at or before ``last_step`` never matches, so a code cannot be used twice, nor an
    older one after a newer one.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = decode_secret(secret)
    now = time_step(time.time() if moment is None else moment)
    found = None
    for step in range(now - WINDOW, now + WINDOW + 1):
        # Check every candidate without stopping early: the timing says nothing about which.
        if hmac.compare_digest(hotp(key, step), code) and step > last_step:
            found = step
    return found


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from a QR code."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1",
                       "digits": DIGITS, "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"


def group_secret(secret: str) -> str:
    """The secret in groups of four, easier to type by hand: ``ABCD EFGH …``."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
