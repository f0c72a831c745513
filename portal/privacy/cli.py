"""``flask privacy purge``: the retention purge by hand, or what it would remove."""

from __future__ import annotations

import click
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office


@click.group("privacy")
def privacy_group() -> None:
    """PDPA duties: the retention purge."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@click.option("--office", "office_code", help="Only this office (code, e.g. NP2); default all.")
def purge_command(dry_run: bool, office_code: str | None) -> None:
    """Remove personal data past each office's retention schedule (the worker does it daily).

    Prints counts and case numbers, never the data itself.
    """
    from portal.privacy.daily import pause_between_batches
    from portal.privacy.purge import CASE_STAGES, purge_office

    query = select(Office).order_by(Office.id)
    if office_code:
        query = query.where(Office.code == office_code)
    offices = db.session.scalars(query).all()
    if not offices:
        raise click.ClickException(f"No office with code {office_code!r}.")
    for office in offices:
        result = purge_office(office, dry_run=dry_run, pause=pause_between_batches)
        verb = "would remove" if dry_run else "removed"
        click.echo(f"{office.code}: {verb}")
        for stage in CASE_STAGES:
            numbers = result.numbers[stage]
            click.echo(f"  {stage}: {len(numbers)} case(s) {' '.join(numbers)}".rstrip())
        click.echo(
            f"  held by a legal hold: {len(result.held)} {' '.join(sorted(result.held))}".rstrip()
        )
        click.echo(f"  staff view logs: {result.view_logs}")
        click.echo(f"  sign-in records: {result.access_logs}")
        click.echo(f"  delivery payloads: {result.deliveries}")
        click.echo(f"  chat identities: {result.chat_users}")
        click.echo(f"  chat messages: {result.chat_messages}")
        click.echo(f"  network contact details: {result.network_contacts}")
