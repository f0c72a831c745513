"""Configuration fails fast and names what is missing."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.config import ConfigError, Settings, load_settings
from portal.security.crypto import CryptoError
from tests.conftest import ENCRYPTION_KEY


def test_missing_required_settings_are_named(monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "ENCRYPTION_KEY", "UPLOAD_DIR"):
        monkeypatch.delenv(f"PORTAL_{name}", raising=False)
    with pytest.raises(ConfigError) as error:
        load_settings()
    for name in ("PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY", "PORTAL_ENCRYPTION_KEY",
                 "PORTAL_UPLOAD_DIR"):
        assert name in str(error.value)


def test_settings_are_read_and_typed_from_environment():
    settings = Settings.from_env({
        "PORTAL_DATABASE_URL": "sqlite:///x.db", "PORTAL_MAIL_PORT": "2525",
        "PORTAL_MAIL_USE_TLS": "true", "PORTAL_REDIS_URL": "redis://127.0.0.1:6379/0",
        "PORTAL_MAX_ATTACHMENTS": "3",
    })
    config = settings.to_flask()
    assert config["MAIL_PORT"] == 2525
    assert config["MAIL_USE_TLS"] is True
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["PORTAL_MAX_ATTACHMENTS"] == 3


def test_malformed_number_is_refused():
    with pytest.raises(ConfigError, match="PORTAL_MAIL_PORT"):
        Settings.from_env({"PORTAL_MAIL_PORT": "smtp"})


def test_malformed_encryption_key_stops_startup(tmp_path):
    with pytest.raises(CryptoError, match="PORTAL_ENCRYPTION_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k",
                    "PORTAL_ENCRYPTION_KEY": "not-a-key", "PORTAL_UPLOAD_DIR": str(tmp_path),
                    "PORTAL_BASE_URL": "https://sujarit.example"})


def test_valid_overrides_build_an_app(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k",
                      "PORTAL_ENCRYPTION_KEY": ENCRYPTION_KEY, "PORTAL_UPLOAD_DIR": str(tmp_path),
                      "PORTAL_BASE_URL": "https://sujarit.example"})
    assert app.config["BABEL_DEFAULT_LOCALE"] == "th"


REQUIRED = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k",
            "PORTAL_ENCRYPTION_KEY": ENCRYPTION_KEY}


def test_base_url_is_required_outside_the_demo(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_BASE_URL", raising=False)
    monkeypatch.delenv("PORTAL_DEMO", raising=False)
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        create_app({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path)})
    demo = create_app({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path), "PORTAL_DEMO": True})
    assert demo.config["PORTAL_BASE_URL"] is None


@pytest.mark.parametrize("url", ["sujarit.example", "ftp://sujarit.example", "https://"])
def test_malformed_base_url_is_refused(tmp_path, url):
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        create_app({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path), "PORTAL_BASE_URL": url})


@pytest.mark.parametrize("value", [1, 2, 11])
def test_report_threshold_outside_3_to_10_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="PORTAL_REPORT_MIN_CELL"):
        load_settings({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path),
                       "PORTAL_BASE_URL": "https://sujarit.example",
                       "PORTAL_REPORT_MIN_CELL": value})
    assert load_settings({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path),
                          "PORTAL_BASE_URL": "https://sujarit.example",
                          "PORTAL_REPORT_MIN_CELL": 5})["PORTAL_REPORT_MIN_CELL"] == 5


@pytest.mark.parametrize("k", [1, 21, 0, "5"])
def test_open_data_k_outside_its_range_stops_startup(tmp_path, k):
    with pytest.raises(ConfigError, match="PORTAL_OPEN_DATA_K"):
        create_app({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path),
                    "PORTAL_BASE_URL": "https://sujarit.example", "PORTAL_OPEN_DATA_K": k})


def test_open_data_k_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_OPEN_DATA_K", "7")
    app = create_app({**REQUIRED, "PORTAL_UPLOAD_DIR": str(tmp_path),
                      "PORTAL_BASE_URL": "https://sujarit.example"})
    assert app.config["PORTAL_OPEN_DATA_K"] == 7
    assert Settings.from_env({}).to_flask()["PORTAL_OPEN_DATA_K"] == 5
    monkeypatch.setenv("PORTAL_OPEN_DATA_K", "50")
    with pytest.raises(ConfigError, match="from 2 to 20"):
        load_settings(REQUIRED | {"PORTAL_UPLOAD_DIR": str(tmp_path),
                                  "PORTAL_BASE_URL": "https://sujarit.example"})
