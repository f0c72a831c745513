"""The national settings fail fast when misspelt."""

from __future__ import annotations

import pytest

from portal.config import ConfigError, check_national


@pytest.mark.parametrize(
    "config",
    [
        {"PORTAL_OFFICE_ROUTING": "prefix"},
        {"PORTAL_STORAGE_BACKEND": "S3"},
        {"PORTAL_STORAGE_BACKEND": "s3", "PORTAL_S3_BUCKET": None},
        {"PORTAL_DATABASE_POOLER": "pgbouncer"},
    ],
)
def test_unknown_values_stop_start_up(config):
    with pytest.raises(ConfigError):
        check_national(config)


def test_the_known_values_pass():
    check_national(
        {
            "PORTAL_OFFICE_ROUTING": "path",
            "PORTAL_STORAGE_BACKEND": "s3",
            "PORTAL_S3_BUCKET": "b",
            "PORTAL_DATABASE_POOLER": "transaction",
        }
    )
    check_national({})
