"""Out-of-range periods in staff URLs are refused (404 or 400), never a 500 (issue 17 §6)."""

from __future__ import annotations

import pytest

from portal.models import Role

OUT_OF_RANGE = ("0001-01", "9999-12", "2026-10-01..9999-12-31", "0001-01-01..2026-01-01",
                "fy9999", "fy9999-h1", "0001-Q1")


@pytest.mark.parametrize("key", OUT_OF_RANGE)
def test_report_preview_refuses_out_of_range_periods(app, office, login_as, key):
    client = login_as(Role.DIRECTOR)
    assert client.get(f"/staff/reports/{key}").status_code == 404
    assert client.get(f"/staff/reports/{key}.pdf").status_code == 404
    assert client.get("/staff/reports", query_string={"period": key}).status_code == 400


@pytest.mark.parametrize("key", OUT_OF_RANGE)
def test_transparency_review_refuses_out_of_range_periods(app, office, login_as, key):
    client = login_as(Role.DIRECTOR)
    assert client.get(f"/staff/transparency/{key}").status_code == 404


def test_the_last_year_in_range_still_answers(app, office, login_as):
    client = login_as(Role.DIRECTOR)
    assert client.get("/staff/reports/2600-12").status_code == 200
    assert client.get("/staff/reports/fy3143").status_code == 200
