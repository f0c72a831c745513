"""The network's coverage, month by month, in the shape of the office's own counts.

Schools with a correspondent (n of the office's schools, and by district), committee members
active (n of the committee), schools that sent news, schools that shared at least one office
item, items per school, the median time from a school's submission to its publication, and
the Page's followers and the LINE OA's friends (read from the Graph and LINE APIs where a
channel is set), kept as a monthly series. Figures per named school are for staff only.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from portal.channels.clients import facebook_for, line_for
from portal.channels.errors import ChannelError
from portal.clock import BANGKOK, to_local, utcnow
from portal.extensions import db
from portal.models import ChannelAccount, DeliveryChannel, District, Office, School
from portal.network.models import (
    CommitteeMember,
    Correspondent,
    CorrespondentKind,
    CoverageFigure,
    SchoolNews,
    ShareLink,
)

SERIES_NAMES = (
    "with_correspondent",
    "committee_active",
    "schools_sent_news",
    "schools_shared",
    "news_items",
    "page_followers",
    "line_friends",
)


@dataclass
class DistrictRow:
    district: District | None
    schools: int = 0
    with_correspondent: int = 0
    sent_news: int = 0
    shared: int = 0


@dataclass
class SchoolRow:
    school: School
    has_correspondent: bool
    news: int
    published: int
    shared: int


@dataclass
class Coverage:
    month: date
    schools_total: int
    with_correspondent: int
    committee_total: int
    committee_active: int
    schools_sent_news: int
    news_items: int
    schools_shared: int
    median_hours: float | None
    page_followers: int | None
    line_friends: int | None
    districts: list[DistrictRow] = field(default_factory=list)
    schools: list[SchoolRow] = field(default_factory=list)  # staff only

    @property
    def items_per_school(self) -> float:
        return self.news_items / self.schools_sent_news if self.schools_sent_news else 0.0


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month in Bangkok as naive UTC times [start, end), as timestamps are stored."""
    first = datetime(month.year, month.month, 1, tzinfo=BANGKOK)
    following = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=BANGKOK)
    return (
        first.astimezone(UTC).replace(tzinfo=None),
        following.astimezone(UTC).replace(tzinfo=None),
    )


def coverage_for(office: Office, month: date) -> Coverage:
    """Every figure of ``month``, computed from the data (followers from the stored series)."""
    start, end = month_bounds(month)
    last_day = (end + timedelta(hours=7) - timedelta(days=1)).date()
    schools = db.session.scalars(
        select(School).where(School.office_id == office.id, School.active.is_(True))
    ).all()
    ids = {s.id for s in schools}
    with_person = (
        set(
            db.session.scalars(
                select(Correspondent.school_id).where(
                    Correspondent.office_id == office.id,
                    Correspondent.kind == CorrespondentKind.MAIN,
                    Correspondent.created_at < end,
                )
            )
        )
        & ids
    )
    news = db.session.scalars(
        select(SchoolNews).where(
            SchoolNews.office_id == office.id,
            SchoolNews.submitted_at >= start,
            SchoolNews.submitted_at < end,
        )
    ).all()
    published = db.session.scalars(
        select(SchoolNews).where(
            SchoolNews.office_id == office.id,
            SchoolNews.published_at >= start,
            SchoolNews.published_at < end,
        )
    ).all()
    shared = set(
        db.session.scalars(
            select(ShareLink.school_id).where(
                ShareLink.office_id == office.id,
                ShareLink.shared_at >= start,
                ShareLink.shared_at < end,
            )
        )
    )
    members = db.session.scalars(
        select(CommitteeMember).where(
            CommitteeMember.office_id == office.id, CommitteeMember.term_start <= last_day
        )
    ).all()
    serving = [m for m in members if m.term_end is None or m.term_end >= month]
    hours = [(n.published_at - n.submitted_at).total_seconds() / 3600 for n in published]
    stored = series(office, [month]).get(month, {})
    coverage = Coverage(
        month=month,
        schools_total=len(schools),
        with_correspondent=len(with_person),
        committee_total=len(serving),
        committee_active=sum(1 for m in serving if m.active),
        schools_sent_news=len({n.school_id for n in news}),
        news_items=len(news),
        schools_shared=len(shared & ids),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        page_followers=stored.get("page_followers"),
        line_friends=stored.get("line_friends"),
    )
    _fill_rows(coverage, schools, with_person, news, published, shared)
    return coverage


def _fill_rows(coverage: Coverage, schools, with_person, news, published, shared) -> None:
    sent = {}
    for item in news:
        sent[item.school_id] = sent.get(item.school_id, 0) + 1
    out = {}
    for item in published:
        out[item.school_id] = out.get(item.school_id, 0) + 1
    districts: dict[int | None, DistrictRow] = {}
    for school in sorted(schools, key=lambda s: (s.district_id or 0, s.name_th)):
        row = districts.setdefault(school.district_id, DistrictRow(school.district))
        row.schools += 1
        row.with_correspondent += school.id in with_person
        row.sent_news += school.id in sent
        row.shared += school.id in shared
        coverage.schools.append(
            SchoolRow(
                school,
                school.id in with_person,
                sent.get(school.id, 0),
                out.get(school.id, 0),
                int(school.id in shared),
            )
        )
    coverage.districts = list(districts.values())


def series(office: Office, months: list[date]) -> dict[date, dict[str, int]]:
    """The stored monthly figures of ``months``: {month: {name: value}}."""
    rows = db.session.scalars(
        select(CoverageFigure).where(
            CoverageFigure.office_id == office.id, CoverageFigure.month.in_(months)
        )
    )
    table: dict[date, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row.month, {})[row.name] = row.value
    return table


def last_months(today: date, count: int = 12) -> list[date]:
    months, month = [], month_start(today)
    for _ in range(count):
        months.append(month)
        month = month_start(month - timedelta(days=1))
    return months


def _store(office: Office, month: date, name: str, value: int) -> None:
    row = db.session.scalar(
        select(CoverageFigure).where(
            CoverageFigure.office_id == office.id,
            CoverageFigure.month == month,
            CoverageFigure.name == name,
        )
    )
    if row is None:
        row = CoverageFigure(office_id=office.id, month=month, name=name, value=value)
        db.session.add(row)
    row.value, row.recorded_at = value, utcnow()


def read_channel_figures(
    office: Office, today: date | None = None, month: date | None = None
) -> dict[str, int]:
    """Read the Page's followers and the LINE OA's friends where a channel is set up, and keep
    them as this month's figures (or ``month``'s, read just after it ended). A failed read is
    logged and skipped."""
    today = today or to_local(utcnow()).date()
    month, read = month or month_start(today), {}
    accounts = db.session.scalars(
        select(ChannelAccount).where(
            ChannelAccount.office_id == office.id,
            ChannelAccount.enabled.is_(True),
            ChannelAccount.dry_run.is_(False),
        )
    ).all()
    for account in accounts:
        if not account.configured:
            continue
        try:
            if account.channel is DeliveryChannel.FACEBOOK_PAGE:
                read["page_followers"] = facebook_for(account).followers()
            elif account.channel is DeliveryChannel.LINE_BROADCAST:
                # LINE counts a day once it is over: yesterday's figure, in Bangkok.
                day = (today - timedelta(days=1)).strftime("%Y%m%d")
                friends = line_for(account).friends(day)
                if friends is not None:
                    read["line_friends"] = friends
        except ChannelError as exc:
            current_app.logger.warning("coverage figure of %s not read: %s", account.channel, exc)
    for name, value in read.items():
        _store(office, month, name, value)
    return read


def record_month(office: Office, month: date) -> Coverage:
    """Keep ``month``'s figures in the series (run at the month's end, or again to refresh)."""
    coverage = coverage_for(office, month)
    for name in SERIES_NAMES[:5]:
        _store(office, month, name, getattr(coverage, name))
    return coverage
