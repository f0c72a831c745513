"""Typed settings read from ``PORTAL_*`` environment variables.

The portal refuses to start without its secrets: a missing required setting raises
:class:`ConfigError` naming it, so an operator never runs with a guessable default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


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
    # "transaction": PostgreSQL is reached through a pooler in transaction mode (pgbouncer):
    # no server-side prepared statements, which would outlive the transaction's connection.
    database_pooler: str = ""
    secret_key: str | None = None
    encryption_key: str | None = None  # Fernet key(s), comma-separated, newest first
    upload_dir: str | None = None
    # Stored files: "local" (PORTAL_UPLOAD_DIR) or "s3" (an S3-compatible bucket, many hosts).
    storage_backend: str = "local"
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None  # MinIO, Ceph...; empty for AWS itself
    s3_region: str | None = None
    s3_access_key_id: str | None = None  # else boto3's usual credential chain
    s3_secret_access_key: str | None = None
    s3_prefix: str = ""
    redis_url: str | None = None  # rate limits in Redis when set, in memory otherwise
    # How offices are reached: "host" (each its own host name) or "path" (/o/<code>/).
    office_routing: str = "host"
    default_office: str = "NP2"  # office served on a trusted host name that is no office's
    # The portal's public address: links in e-mails and QR codes, and a trusted host name.
    # Required outside the demo, so no link is ever built from a request's Host header.
    base_url: str | None = None
    trusted_hosts: str | None = None  # more host names to serve, comma-separated
    proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto are trusted
    demo: bool = False  # scripts/run: the one-machine demo (no base URL, memory limits)
    mail_server: str = "127.0.0.1"
    mail_port: int = 25
    mail_use_tls: bool = False
    mail_use_ssl: bool = False
    mail_username: str | None = None
    mail_password: str | None = None
    mail_sender: str = "Sujarit <no-reply@localhost>"
    mail_timeout: int = 10
    facebook_graph_url: str = "https://graph.facebook.com"
    facebook_graph_version: str = "v25.0"
    line_api_url: str = "https://api.line.me"
    line_data_url: str = "https://api-data.line.me"  # LINE's content and rich-menu images
    chat_events_per_minute: int = 20  # per chat user; more are ignored, told once
    chat_cases_per_day: int = 5  # per chat user
    chat_line_push_quota: int = 200  # until an administrator sets the plan's own
    channel_timeout: int = 15  # seconds for one Facebook or LINE call; less than the lease
    max_upload_mb: int = 10  # per file
    max_request_mb: int = 40  # whole request, all files together
    max_attachments: int = 5
    max_image_pixels: int = 24_000_000  # a phone's largest photos; larger is refused
    max_request_pixels: int = 64_000_000  # image pixels decoded per request, all files
    case_storage_mb: int = 60  # per case: the reporter's files together, and staff reply files
    network_quiet_days: int = 60  # a school correspondent is reminded after this long silent
    # Attachments are refused (the reporter keeps the typed form) while the upload directory's
    # file system has less than this free: a full disk would stop the database and logs too.
    upload_min_free_mb: int = 100
    network_remind_hour: int = 9  # the worker sends the network's reminders (Bangkok); -1: off
    rate_limit_submit: str = "10 per hour"
    rate_limit_track: str = "10 per 15 minutes"
    # Replies, verdicts and ratings a reporter sends: per address, and per case.
    rate_limit_reporter: str = "20 per hour"
    rate_limit_case_writes: str = "30 per day"
    rate_limit_sign_in: str = "30 per 15 minutes"  # failed staff sign-ins per IP address
    rate_limit_account: str = "5 per 15 minutes"  # failures per account *and* address
    rate_limit_forgot: str = "10 per hour"  # password-reset requests per IP address
    rate_limit_reset_mail: str = "3 per hour"  # reset e-mails per address
    # Wrong second-factor codes in a row on one account, from any address, before a lock.
    second_factor_attempts: int = 5
    session_hours: int = 12  # a staff sign-in lasts at most this long
    digest_hour: int = 7  # the worker queues the daily digests from this hour (Bangkok); -1: off
    purge_hour: int = 2  # the worker's retention purge from this hour (Bangkok); -1: off
    # argon2id for receipts: 80 random bits need no stretching against guessing; the hash is
    # memory-hard so a stolen database stays useless, and cheap enough for busy intake days.
    secure_cookies: bool = False  # set to true behind HTTPS
    # Client addresses in the access log of public routes: off, so no log links a person to a
    # case; on only for an abuse investigation (case numbers stay out of the log either way).
    log_client_addresses: bool = False
    # Public reports blank school, district and category cells below this many cases.
    report_min_cell: int = 3
    # The case-level open data set publishes only rows shared by at least this many cases.
    open_data_k: int = 5
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
        required = self.REQUIRED if self.demo else (*self.REQUIRED, "base_url")
        missing = [f"PORTAL_{n.upper()}" for n in required if not getattr(self, n)]
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
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(self.database_url or "",
                                                        self.database_pooler),
            "PORTAL_ENCRYPTION_KEY": self.encryption_key,
            "PORTAL_UPLOAD_DIR": str(upload_dir),
            "PORTAL_STORAGE_BACKEND": self.storage_backend,
            "PORTAL_DATABASE_POOLER": self.database_pooler,
            "PORTAL_S3_BUCKET": self.s3_bucket,
            "PORTAL_S3_ENDPOINT_URL": self.s3_endpoint_url,
            "PORTAL_S3_REGION": self.s3_region,
            "PORTAL_S3_ACCESS_KEY_ID": self.s3_access_key_id,
            "PORTAL_S3_SECRET_ACCESS_KEY": self.s3_secret_access_key,
            "PORTAL_S3_PREFIX": self.s3_prefix,
            "PORTAL_DEFAULT_OFFICE": self.default_office,
            "PORTAL_OFFICE_ROUTING": self.office_routing,
            "PORTAL_BASE_URL": self.base_url,
            "PORTAL_TRUSTED_HOSTS": _host_list(self.trusted_hosts),
            "PORTAL_PROXY_HOPS": self.proxy_hops,
            "PORTAL_DEMO": self.demo,
            "PORTAL_MAX_REQUEST_PIXELS": self.max_request_pixels,
            "PORTAL_CASE_STORAGE_BYTES": self.case_storage_mb * 1024 * 1024,
            "PORTAL_RATE_LIMIT_REPORTER": self.rate_limit_reporter,
            "PORTAL_RATE_LIMIT_CASE_WRITES": self.rate_limit_case_writes,
            "PORTAL_MAX_UPLOAD_BYTES": self.max_upload_mb * 1024 * 1024,
            "PORTAL_MAX_ATTACHMENTS": self.max_attachments,
            "PORTAL_MAX_IMAGE_PIXELS": self.max_image_pixels,
            "PORTAL_RATE_LIMIT_SUBMIT": self.rate_limit_submit,
            "PORTAL_RATE_LIMIT_TRACK": self.rate_limit_track,
            "PORTAL_RATE_LIMIT_SIGN_IN": self.rate_limit_sign_in,
            "PORTAL_RATE_LIMIT_ACCOUNT": self.rate_limit_account,
            "PORTAL_RATE_LIMIT_FORGOT": self.rate_limit_forgot,
            "PORTAL_RATE_LIMIT_RESET_MAIL": self.rate_limit_reset_mail,
            "PORTAL_SECOND_FACTOR_ATTEMPTS": max(1, self.second_factor_attempts),
            "PORTAL_SESSION_HOURS": self.session_hours,
            "PORTAL_DIGEST_HOUR": self.digest_hour,
            "PORTAL_NETWORK_QUIET_DAYS": self.network_quiet_days,
            "PORTAL_NETWORK_REMIND_HOUR": self.network_remind_hour,
            "PORTAL_PURGE_HOUR": self.purge_hour,
            "PORTAL_REPORT_MIN_CELL": self.report_min_cell,
            "PORTAL_OPEN_DATA_K": self.open_data_k,
            "MAX_CONTENT_LENGTH": self.max_request_mb * 1024 * 1024,
            "PORTAL_UPLOAD_MIN_FREE_MB": self.upload_min_free_mb,
            "MAIL_SERVER": self.mail_server,
            "MAIL_PORT": self.mail_port,
            "MAIL_USE_TLS": self.mail_use_tls,
            "MAIL_USE_SSL": self.mail_use_ssl,
            "MAIL_USERNAME": self.mail_username,
            "MAIL_PASSWORD": self.mail_password,
            "MAIL_DEFAULT_SENDER": self.mail_sender,
            "PORTAL_MAIL_TIMEOUT": self.mail_timeout,
            "PORTAL_FACEBOOK_GRAPH_URL": self.facebook_graph_url,
            "PORTAL_FACEBOOK_GRAPH_VERSION": self.facebook_graph_version,
            "PORTAL_LINE_API_URL": self.line_api_url,
            "PORTAL_LINE_DATA_URL": self.line_data_url,
            "PORTAL_CHAT_EVENTS_PER_MINUTE": self.chat_events_per_minute,
            "PORTAL_CHAT_CASES_PER_DAY": self.chat_cases_per_day,
            "PORTAL_CHAT_LINE_PUSH_QUOTA": self.chat_line_push_quota,
            "PORTAL_CHANNEL_TIMEOUT": self.channel_timeout,
            "RATELIMIT_STORAGE_URI": self.redis_url or "memory://",
            "RATELIMIT_HEADERS_ENABLED": True,
            # Redis out of reach: each web process counts in its own memory until Redis is
            # back (limits kept, per process), and never answers a 500 for a counter.
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "RATELIMIT_SWALLOW_ERRORS": True,
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "PREFERRED_URL_SCHEME": "https" if self.secure_cookies else "http",
            "BABEL_DEFAULT_LOCALE": "th",
            "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
            "WTF_CSRF_TIME_LIMIT": 4 * 3600,  # a reporter may take a while to write
            "PORTAL_LOG_LEVEL": self.log_level,
            "PORTAL_LOG_CLIENT_ADDRESSES": self.log_client_addresses,
            **self.extra,
        }


def _host_list(text: str | None) -> list[str]:
    return [h.strip().lower() for h in (text or "").split(",") if h.strip()]


def check_base_url(url: str | None) -> None:
    """An absolute http(s) URL with a host name, or nothing (the demo)."""
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"PORTAL_BASE_URL must be an absolute http(s) URL, got {url!r}")


def check_min_cell(value: int) -> None:
    """The smallest count published as a number: 3 to 10 (portal/reports/README.md)."""
    if not 3 <= int(value) <= 10:
        raise ConfigError(f"PORTAL_REPORT_MIN_CELL must be from 3 to 10, got {value!r}")


def check_national(config: dict[str, Any]) -> None:
    """Office routing, file storage and the pooler name settings the code knows."""
    for key, allowed in (("PORTAL_OFFICE_ROUTING", ("host", "path")),
                         ("PORTAL_STORAGE_BACKEND", ("local", "s3")),
                         ("PORTAL_DATABASE_POOLER", ("", "transaction"))):
        if config.get(key, allowed[0]) not in allowed:
            raise ConfigError(f"{key} must be one of {', '.join(map(repr, allowed))}, "
                              f"got {config.get(key)!r}")
    if config.get("PORTAL_STORAGE_BACKEND") == "s3" and not config.get("PORTAL_S3_BUCKET"):
        raise ConfigError("PORTAL_S3_BUCKET is required when PORTAL_STORAGE_BACKEND=s3")


OPEN_DATA_K_RANGE = (2, 20)


def check_open_data_k(value: Any) -> None:
    """k of the k-anonymous data set: 2 (1 would publish unique rows) to 20 (beyond, a month's
    file of a small office would be nearly empty)."""
    low, high = OPEN_DATA_K_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"PORTAL_OPEN_DATA_K must be a whole number from {low} to {high}, "
                          f"got {value!r}")


def engine_options(url: str, pooler: str = "") -> dict[str, Any]:
    """Engine options per backend: SQLite waits for the write lock instead of failing; behind
    a transaction-mode pooler psycopg prepares nothing on the server (prepare_threshold)."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    if pooler == "transaction":
        return {"pool_pre_ping": True, "connect_args": {"prepare_threshold": None}}
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
        ("PORTAL_BASE_URL", "base_url"),
        ("PORTAL_DEMO", "demo"),
    ):
        if overrides.get(key):
            setattr(settings, attr, overrides[key])
    settings.require()
    check_base_url(overrides.get("PORTAL_BASE_URL", settings.base_url))
    config = settings.to_flask()
    config.update(overrides)
    check_min_cell(config["PORTAL_REPORT_MIN_CELL"])
    check_national(config)
    check_open_data_k(config["PORTAL_OPEN_DATA_K"])
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
            config["SQLALCHEMY_DATABASE_URI"], settings.database_pooler)
    return config
