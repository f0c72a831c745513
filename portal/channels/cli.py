"""Operator commands: set an office's channel credentials without a browser.

Secrets are read from standard input (never from the command line, where ``ps`` and shell
history would keep them): one per line, or prompted for without echo on a terminal.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from portal.channels.settings import (
    ChannelSettingsError,
    save_facebook_credentials,
    save_line_credentials,
    set_dry_run,
)
from portal.extensions import db
from portal.models import Office


@click.group("channel")
def channel_command() -> None:
    """The office's Facebook Page and LINE Official Account."""


@channel_command.group("set")
def set_group() -> None:
    """Save credentials (read from standard input) for one office."""


def _office(code: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise click.ClickException(f"No office with code {code!r}.")
    return office


def _read_secrets(first: str, second: str) -> tuple[str, str]:
    stdin = sys.stdin
    if stdin.isatty():
        return (click.prompt(first, hide_input=True),
                click.prompt(second, hide_input=True, default="", show_default=False))
    lines = stdin.read().splitlines() + ["", ""]
    return lines[0].strip(), lines[1].strip()


def _dry_run_option(command):
    return click.option("--dry-run/--live", default=None,
                        help="Dry-run records posts as sent without calling the service.")(
        command)


@set_group.command("facebook")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@click.option("--page-id", required=True, help="The Facebook Page id (digits).")
@_dry_run_option
def set_facebook(office_code: str, page_id: str, dry_run: bool | None) -> None:
    """Standard input: the page access token, then the app secret (or an empty line)."""
    office = _office(office_code)
    token, app_secret = _read_secrets("Page access token", "App secret (empty: none)")
    if not token:
        raise click.ClickException("The page access token is missing on standard input.")
    try:
        account = save_facebook_credentials(office, page_id, token, app_secret)
    except ChannelSettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if dry_run is not None:
        set_dry_run(account, dry_run)
    db.session.commit()
    click.echo(f"{office.code}: Facebook Page {page_id} saved"
               f"{' (app secret set)' if account.secret else ''}"
               f"{', dry-run' if account.dry_run else ''}.")


@set_group.command("line")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@_dry_run_option
def set_line(office_code: str, dry_run: bool | None) -> None:
    """Standard input: the channel access token, then the channel secret."""
    office = _office(office_code)
    token, secret = _read_secrets("Channel access token", "Channel secret")
    if not token:
        raise click.ClickException("The channel access token is missing on standard input.")
    try:
        account = save_line_credentials(office, token, secret)
    except ChannelSettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if dry_run is not None:
        set_dry_run(account, dry_run)
    db.session.commit()
    click.echo(f"{office.code}: LINE Official Account saved"
               f"{', dry-run' if account.dry_run else ''}.")
