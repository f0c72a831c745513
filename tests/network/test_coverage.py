"""Coverage figures: the dashboard's table in the office's own shape, live, by district, with
the Page's followers and the LINE OA's friends read from (fake) Graph and LINE servers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.channels.settings import save_facebook_credentials, save_line_credentials
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Role
from portal.network.coverage import coverage_for, month_bounds, month_start
from portal.network.details import PersonDetails
from portal.network.models import (
    CommitteeMember,
    CommitteeRole,
    CorrespondentKind,
    CoverageFigure,
    FacesAnswer,
    NewsState,
    SchoolNews,
    ShareLink,
)
from portal.network.registry import save_correspondent
from tests.channels.fake_services import APP_SECRET, LINE_TOKEN, PAGE_ID, PAGE_TOKEN, FakeServices
from tests.network.helpers import csrf, schools
from tests.publishing.factories import board_item


@pytest.fixture
def services():
    server = FakeServices().start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, services) -> dict:
    return {
        **app_config,
        "PORTAL_FACEBOOK_GRAPH_URL": services.base_url,
        "PORTAL_FACEBOOK_GRAPH_VERSION": "v25.0",
        "PORTAL_LINE_API_URL": services.base_url,
        "PORTAL_CHANNEL_TIMEOUT": 1,
    }


def network(office, author) -> tuple[date, list]:
    """Two of three schools with a correspondent, a committee of three with two active, news
    from one school this month (one published 30 hours later), a share from another."""
    month = month_start(to_local(utcnow()).date())
    start, _ = month_bounds(month)
    first, second, third = schools(office)
    for school in (first, third):
        save_correspondent(office, school, CorrespondentKind.MAIN, PersonDetails("นายเอก ดี"))
    for i, active in enumerate((True, True, False)):
        db.session.add(
            CommitteeMember(
                office_id=office.id,
                name=f"กรรมการ {i}",
                role=CommitteeRole.MEMBER,
                active=active,
                term_start=month - timedelta(days=400),
            )
        )
    db.session.add(
        CommitteeMember(
            office_id=office.id,
            name="กรรมการหมดวาระ",
            role=CommitteeRole.MEMBER,
            term_start=month - timedelta(days=800),
            term_end=month - timedelta(days=40),
        )
    )
    for hours in (30, None):
        db.session.add(
            SchoolNews(
                office_id=office.id,
                school_id=first.id,
                title="ข่าว",
                body="เนื้อข่าว",
                happened_on=month,
                faces=FacesAnswer.NONE,
                submitted_at=start + timedelta(hours=2),
                state=NewsState.PUBLISHED if hours else NewsState.SUBMITTED,
                published_at=start + timedelta(hours=2 + hours) if hours else None,
            )
        )
    item = board_item(office, author)
    db.session.add(
        ShareLink(
            office_id=office.id,
            publication_id=item.id,
            school_id=second.id,
            code="abc123",
            shared_at=start + timedelta(days=1),
        )
    )
    db.session.commit()
    return month, [first, second, third]


def test_figures_of_the_month(app, office, login_as):
    pr = login_as(Role.PR)
    month, _ = network(office, pr.user)
    figures = coverage_for(office, month)
    assert (figures.with_correspondent, figures.schools_total) == (2, 3)
    assert (figures.committee_active, figures.committee_total) == (2, 3)
    assert (figures.schools_sent_news, figures.news_items, figures.items_per_school) == (1, 2, 2)
    assert figures.schools_shared == 1 and figures.median_hours == 30
    by_district = {d.district.name_th: (d.with_correspondent, d.schools) for d in figures.districts}
    assert by_district == {"ศรีสงคราม": (1, 2), "นาทม": (1, 1)}
    earlier = coverage_for(office, month_start(month - timedelta(days=1)))
    assert earlier.schools_sent_news == 0 and earlier.median_hours is None


def test_dashboard_reads_followers_and_friends_and_keeps_the_series(
    app, office, login_as, services
):
    pr = login_as(Role.PR)
    month, _ = network(office, pr.user)
    save_facebook_credentials(office, PAGE_ID, PAGE_TOKEN, APP_SECRET)
    save_line_credentials(office, LINE_TOKEN, "line-channel-secret")
    db.session.commit()
    page = pr.get("/staff/network/coverage")
    assert "2/3" in page.text and "โรงเรียนที่มีผู้ประสานงานประชาสัมพันธ์" in page.text
    pr.post("/staff/network/coverage/record", data={"csrf_token": csrf(page.text)})
    stored = {r.name: r.value for r in db.session.query(CoverageFigure).filter_by(month=month)}
    assert stored["page_followers"] == 879 and stored["line_friends"] == 312
    assert stored["with_correspondent"] == 2 and stored["committee_active"] == 2
    assert services.calls_to("line_followers") == 1 and services.calls_to("fb_get") == 1
    page = pr.get("/staff/network/coverage")
    table = page.text.split('id="coverage"')[1].split("</table>")[0]
    assert "879" in table and "312" in table
    series = page.text.split('id="coverage-series"')[1].split("</table>")[0]
    assert "879" in series
    # A month later the page's figure changed: the series keeps both months.
    services.state.page_followers = 901
    from portal.network.coverage import read_channel_figures

    read_channel_figures(office, month + timedelta(days=40))
    db.session.commit()
    values = sorted(
        r.value for r in db.session.query(CoverageFigure).filter_by(name="page_followers")
    )
    assert values == [879, 901]


def test_per_school_figures_are_for_staff_only(app, office, login_as, client):
    pr = login_as(Role.PR)
    network(office, pr.user)
    assert 'id="coverage-schools"' in pr.get("/staff/network/coverage").text
    assert login_as(Role.CASE_OFFICER).get("/staff/network/coverage").status_code == 403
    assert client.get("/staff/network/coverage").status_code == 302
