"""Operator commands of the delivery outbox: the daily digest (the worker is in portal.cli)."""

from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office


@click.command("digest")
@click.option("--office", "office_code", help="Only this office (code, e.g. NP2); default all.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day, YYYY-MM-DD (Common Era); default today in Bangkok.")
def digest_command(office_code: str | None, day: datetime | None) -> None:
    """Queue each officer's daily e-mail of due and overdue cases (once per officer per day).

    Run it daily at 07:00 Asia/Bangkok (cron or a systemd timer); the worker sends.
    """
    from portal.delivery.digest import send_daily_digests

    offices = None
    if office_code:
        office = db.session.scalar(select(Office).where(Office.code == office_code))
        if office is None:
            raise click.ClickException(f"No office with code {office_code!r}.")
        offices = [office]
    run = send_daily_digests(day.date() if day else None, offices)
    for code in run.queued:
        click.echo(f"{code}: queued {run.queued[code]}, already queued "
                   f"{run.already_queued[code]}, nothing to list {run.nothing_to_list[code]}")
