"""Operator commands of the schools' network: reminders and the monthly coverage figures."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Office


@click.group("network")
def network_group() -> None:
    """The schools' PR network."""


def _offices(code: str | None) -> list[Office]:
    query = select(Office).order_by(Office.id)
    if code:
        query = query.where(Office.code == code)
    offices = list(db.session.scalars(query))
    if code and not offices:
        raise click.ClickException(f"No office with code {code!r}.")
    return offices


@network_group.command("remind")
@click.option("--office", "office_code", help="Only this office (code); default all.")
@click.option(
    "--days",
    type=int,
    help="Days without news before a school is reminded; default PORTAL_NETWORK_QUIET_DAYS (60).",
)
def remind_command(office_code: str | None, days: int | None) -> None:
    """Queue reminders: correspondents silent for a while, PR about unaccepted invitations.

    The worker does this itself once a day from PORTAL_NETWORK_REMIND_HOUR (Bangkok); the
    command is for a run by hand. The worker sends the e-mail.
    """
    from portal.network.reminders import send_reminders

    days = days or current_app.config.get("PORTAL_NETWORK_QUIET_DAYS", 60)
    for office in _offices(office_code):
        run = send_reminders(office, days)
        db.session.commit()
        click.echo(
            f"{office.code}: {run.correspondents} correspondent(s), "
            f"{run.pr_officers} PR officer(s) about {run.invitations} invitation(s)"
        )


@network_group.command("coverage")
@click.option("--office", "office_code", help="Only this office (code); default all.")
def coverage_command(office_code: str | None) -> None:
    """Read the Page's followers and LINE friends, and keep this month's coverage figures.

    The worker records each month itself once it is over; the command refreshes this month's
    figures by hand (a later run replaces them).
    """
    from portal.network.coverage import month_start, read_channel_figures, record_month

    month = month_start(to_local(utcnow()).date())
    for office in _offices(office_code):
        read = read_channel_figures(office)
        figures = record_month(office, month)
        db.session.commit()
        click.echo(
            f"{office.code} {month:%Y-%m}: {figures.with_correspondent}/"
            f"{figures.schools_total} schools, read {sorted(read)}"
        )
