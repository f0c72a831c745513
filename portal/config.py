"""Typed settings read from ``PORTAL_*`` environment variables.

The portal refuses to start without its secrets: a missing required setting raises
:class:`ConfigError` naming it, so an operator never runs with a guessable default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Settings:
    """Every operator setting, with its environment variable and default.

    Fields whose default is ``None`` and that are listed in ``REQUIRED`` must be provided.
    """

    database_url: str | None = None
    secret_key: str | None = None
    encryption_key: str | None = None  # Fernet key(s), comma-separated, newest first
    upload_dir: str | None = None
    redis_url: str | None = None  # rate limits in Redis when set, in memory otherwise
    default_office: str = "NP2"  # office served when the host name matches none
    base_url: str | None = None  # absolute URL used in e-mails (e.g. https://sujarit.example)
    mail_server: str = "127.0.0.1"
    mail_port: int = 25
    mail_use_tls: bool = False
    mail_use_ssl: bool = False
    mail_username: str | None = None
    mail_password: str | None = None
    mail_sender: str = "Sujarit <no-reply@localhost>"
    mail_timeout: int = 10
    max_upload_mb: int = 10  # per file
    max_request_mb: int = 40  # whole request, all files together
    max_attachments: int = 5
    max_image_pixels: int = 40_000_000
    rate_limit_submit: str = "10 per hour"
    rate_limit_track: str = "10 per 15 minutes"
    rate_limit_sign_in: str = "30 per 15 minutes"  # failed staff sign-ins per IP address
    rate_limit_forgot: str = "10 per hour"  # password-reset requests per IP address
    rate_limit_reset_mail: str = "3 per hour"  # reset e-mails per address
    session_hours: int = 12  # a staff sign-in lasts at most this long
    digest_hour: int = 7  # the worker queues the daily digests from this hour (Bangkok); -1: off
    # argon2id for receipts: 80 random bits need no stretching against guessing; the hash is
    # memory-hard so a stolen database stays useless, and cheap enough for busy intake days.
    receipt_hash_time_cost: int = 2
    receipt_hash_memory_kib: int = 4096
    secure_cookies: bool = False  # set to true behind HTTPS
    # Public reports blank school, district and category cells below this many cases.
    report_min_cell: int = 3
    log_level: str = "INFO"
    extra: dict[str, Any] = field(default_factory=dict)

    REQUIRED = ("database_url", "secret_key", "encryption_key", "upload_dir")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read ``PORTAL_<FIELD>`` for every field, converting to the field's type."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            raw = env.get(f"PORTAL_{f.name.upper()}")
            if raw in (None, ""):
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        return cls(**values)

    def require(self) -> None:
        """Raise :class:`ConfigError` naming every missing required setting."""
        missing = [f"PORTAL_{n.upper()}" for n in self.REQUIRED if not getattr(self, n)]
        if missing:
            raise ConfigError(
                "Missing required setting(s): " + ", ".join(missing)
                + ". See README.md, section Configuration."
            )

    def to_flask(self) -> dict[str, Any]:
        """The Flask/extension configuration these settings imply."""
        upload_dir = Path(self.upload_dir or "").resolve()
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(self.database_url or ""),
            "PORTAL_ENCRYPTION_KEY": self.encryption_key,
            "PORTAL_UPLOAD_DIR": str(upload_dir),
            "PORTAL_DEFAULT_OFFICE": self.default_office,
            "PORTAL_BASE_URL": self.base_url,
            "PORTAL_MAX_UPLOAD_BYTES": self.max_upload_mb * 1024 * 1024,
            "PORTAL_MAX_ATTACHMENTS": self.max_attachments,
            "PORTAL_MAX_IMAGE_PIXELS": self.max_image_pixels,
            "PORTAL_RATE_LIMIT_SUBMIT": self.rate_limit_submit,
            "PORTAL_RATE_LIMIT_TRACK": self.rate_limit_track,
            "PORTAL_RATE_LIMIT_SIGN_IN": self.rate_limit_sign_in,
            "PORTAL_RATE_LIMIT_FORGOT": self.rate_limit_forgot,
            "PORTAL_RATE_LIMIT_RESET_MAIL": self.rate_limit_reset_mail,
            "PORTAL_SESSION_HOURS": self.session_hours,
            "PORTAL_DIGEST_HOUR": self.digest_hour,
            "PORTAL_REPORT_MIN_CELL": self.report_min_cell,
            "PORTAL_RECEIPT_HASH_TIME_COST": self.receipt_hash_time_cost,
            "PORTAL_RECEIPT_HASH_MEMORY_KIB": self.receipt_hash_memory_kib,
            "MAX_CONTENT_LENGTH": self.max_request_mb * 1024 * 1024,
            "MAIL_SERVER": self.mail_server,
            "MAIL_PORT": self.mail_port,
            "MAIL_USE_TLS": self.mail_use_tls,
            "MAIL_USE_SSL": self.mail_use_ssl,
            "MAIL_USERNAME": self.mail_username,
            "MAIL_PASSWORD": self.mail_password,
            "MAIL_DEFAULT_SENDER": self.mail_sender,
            "PORTAL_MAIL_TIMEOUT": self.mail_timeout,
            "RATELIMIT_STORAGE_URI": self.redis_url or "memory://",
            "RATELIMIT_HEADERS_ENABLED": True,
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "PREFERRED_URL_SCHEME": "https" if self.secure_cookies else "http",
            "BABEL_DEFAULT_LOCALE": "th",
            "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
            "WTF_CSRF_TIME_LIMIT": 4 * 3600,  # a reporter may take a while to write
            "PORTAL_LOG_LEVEL": self.log_level,
            **self.extra,
        }


def engine_options(url: str) -> dict[str, Any]:
    """Engine options per backend: SQLite waits for the write lock instead of failing."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}


def _convert(name: str, type_name: Any, raw: str) -> Any:
    text = str(type_name)
    try:
        if text.startswith("int"):
            return int(raw)
        if text.startswith("bool"):
            return _bool(raw)
    except ValueError as exc:
        raise ConfigError(f"PORTAL_{name.upper()} must be a number, got {raw!r}") from exc
    return raw


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings from the environment, checked, as a Flask config mapping.

    ``overrides`` (used by tests and the demo) are Flask config keys applied last; when they
    provide a value for a required setting, the environment need not.
    """
    overrides = dict(overrides or {})
    settings = Settings.from_env()
    for key, attr in (
        ("SQLALCHEMY_DATABASE_URI", "database_url"),
        ("SECRET_KEY", "secret_key"),
        ("PORTAL_ENCRYPTION_KEY", "encryption_key"),
        ("PORTAL_UPLOAD_DIR", "upload_dir"),
    ):
        if overrides.get(key):
            setattr(settings, attr, overrides[key])
    settings.require()
    config = settings.to_flask()
    config.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config["SQLALCHEMY_DATABASE_URI"])
    return config
