"""``flask national``: national members and the national figures."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import User
from portal.national import members, rollups


@click.group("national")
def national_group() -> None:
    """Across offices: national members, the national figures."""


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        raise click.ClickException(f"no staff account {email}")
    return user


@national_group.command("add-member")
@click.argument("email")
@with_appcontext
def add_member_command(email: str) -> None:
    """Make a staff account a national member (figures and offices, no case). Logged."""
    added = members.add_member(_user(email))
    db.session.commit()
    click.echo(f"{email}: {'added' if added else 'already a member'}")


@national_group.command("remove-member")
@click.argument("email")
@with_appcontext
def remove_member_command(email: str) -> None:
    """End a national membership. Logged."""
    removed = members.remove_member(_user(email))
    db.session.commit()
    click.echo(f"{email}: {'removed' if removed else 'not a member'}")


@national_group.command("refresh")
@with_appcontext
def refresh_command() -> None:
    """Recompute the national figures of the current fiscal year now (the worker does it
    hourly)."""
    click.echo(f"rows written: {rollups.refresh_all()}")
