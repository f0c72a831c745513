"""Encryption at rest for personal data (PDPA): Fernet with key rotation."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

EXTENSION_KEY = "portal_crypto"


class CryptoError(RuntimeError):
    """The encryption key is missing, malformed, or cannot read stored data."""


def build_cipher(keys: str) -> MultiFernet:
    """A cipher from comma-separated Fernet keys; the first encrypts, all decrypt."""
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])
    except (ValueError, TypeError) as exc:
        raise CryptoError(
            "PORTAL_ENCRYPTION_KEY must be one or more Fernet keys (32 url-safe base64 bytes), "
            "comma-separated; generate one with: python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())'"
        ) from exc


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = build_cipher(app.config["PORTAL_ENCRYPTION_KEY"])


def cipher() -> MultiFernet:
    return current_app.extensions[EXTENSION_KEY]


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise CryptoError("stored data cannot be decrypted with the configured keys") from exc


class EncryptedText(TypeDecorator):
    """A text column stored encrypted; reads and writes plain ``str``."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else decrypt(value)
