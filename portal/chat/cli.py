"""Operator commands for chat intake, beside ``flask channel set facebook|line``.

``flask channel set messenger`` saves the webhook's verify token (the Page token and app
secret are those of ``set facebook``); ``flask channel chat-settings`` sets LINE's monthly
push quota and shows its use; ``flask channel chat-check`` signs a sample body with the stored
secret, passes it through the webhook's own check and prints the address to paste into
LINE's or Meta's console; ``flask channel line-rich-menu`` creates the menu through the API.
"""

from __future__ import annotations

import json
import secrets
import sys
from urllib.parse import urlsplit

import click
from flask import Flask, current_app

from portal.channels.cli import _office, channel_command, set_group
from portal.channels.errors import ChannelError
from portal.channels.settings import channel_account
from portal.chat.clients import line_chat_for
from portal.chat.outgoing import chat_settings, current_month
from portal.chat.richmenu import menu_definition, menu_image
from portal.chat.signatures import line_signature, messenger_signature
from portal.chat.store import ACCOUNT_CHANNEL
from portal.extensions import db
from portal.links import public_url


def chat_commands(app: Flask) -> None:
    """Attach the chat commands to the ``channel`` group (once per process)."""
    if "messenger" not in set_group.commands:
        set_group.add_command(set_messenger)
        for command in (chat_settings_command, chat_check, line_rich_menu):
            channel_command.add_command(command)


@click.command("messenger")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
def set_messenger(office_code: str) -> None:
    """Standard input: the webhook verify token (empty: a new random one is made)."""
    office = _office(office_code)
    token = "" if sys.stdin.isatty() else sys.stdin.read().strip()
    if sys.stdin.isatty():
        token = click.prompt(
            "Verify token (empty: generate)", hide_input=True, default="", show_default=False
        )
    generated = not token
    token = token or secrets.token_urlsafe(24)
    if len(token) > 200 or any(c.isspace() for c in token):
        raise click.ClickException("The verify token must be one word of at most 200 characters.")
    settings = chat_settings(office.id, "messenger")
    settings.verify_token = token
    db.session.commit()
    if generated:  # shown this once, to paste into Meta's console with the callback URL
        click.echo(f"Verify token: {token}")
    click.echo(
        f"{office.code}: Messenger verify token saved. Callback URL: "
        f"{public_url('chat.messenger_webhook', office_code=office.code)}"
    )
    if not channel_account(office.id, ACCOUNT_CHANNEL["messenger"]):
        click.echo("Set the Page token and app secret with: flask channel set facebook")


@click.command("chat-settings")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@click.option(
    "--line-push-quota",
    type=click.IntRange(0, 10_000_000),
    default=None,
    help="LINE push messages the office may send a month (its plan's number).",
)
def chat_settings_command(office_code: str, line_push_quota: int | None) -> None:
    """Show (and set) LINE's monthly push quota and this month's use."""
    office = _office(office_code)
    settings = chat_settings(office.id, "line")
    if line_push_quota is not None:
        settings.push_quota = line_push_quota
    db.session.commit()
    used = settings.push_used if settings.push_month == current_month() else 0
    click.echo(
        f"{office.code}: LINE push {used}/{settings.push_quota} this month ({current_month()})."
    )


@click.command("chat-check")
@click.argument("platform", type=click.Choice(["line", "messenger"]))
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
def chat_check(platform: str, office_code: str) -> None:
    """Sign a sample body with the stored secret and pass it through the webhook."""
    office = _office(office_code)
    account = channel_account(office.id, ACCOUNT_CHANNEL[platform])
    if account is None or not account.secret:
        raise click.ClickException(
            f"No {'channel' if platform == 'line' else 'app'} secret "
            f"is saved: flask channel set "
            f"{'line' if platform == 'line' else 'facebook'}"
        )
    if platform == "line":
        body = json.dumps({"destination": "sample", "events": []}).encode()
        headers = {"X-Line-Signature": line_signature(body, account.secret)}
        endpoint = "chat.line_webhook"
    else:
        body = json.dumps({"object": "page", "entry": []}).encode()
        headers = {"X-Hub-Signature-256": messenger_signature(body, account.secret)}
        endpoint = "chat.messenger_webhook"
    url = public_url(endpoint, office_code=office.code)
    # The sample goes through this process's own app, at the address staff will paste.
    parts = urlsplit(url)
    base, path = f"{parts.scheme}://{parts.netloc}", parts.path
    client = current_app.test_client()
    answer = client.post(
        path, base_url=base, data=body, headers={**headers, "Content-Type": "application/json"}
    )
    bad = client.post(path, base_url=base, data=body, headers={"Content-Type": "application/json"})
    click.echo(f"Signed sample body: HTTP {answer.status_code}; unsigned: HTTP {bad.status_code}")
    click.echo(f"Webhook URL to paste: {url}")
    if answer.status_code != 200 or bad.status_code != 401:
        raise click.ClickException("The webhook does not check signatures as expected.")


@click.command("line-rich-menu")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
def line_rich_menu(office_code: str) -> None:
    """Create the four-action Thai rich menu and make it the default for every user."""
    office = _office(office_code)
    account = channel_account(office.id, ACCOUNT_CHANNEL["line"])
    if account is None or not account.access_token:
        raise click.ClickException("No LINE channel access token: flask channel set line")
    try:
        menu_id = line_chat_for(account).create_rich_menu(
            menu_definition(f"{office.code} Sujarit"), menu_image()
        )
    except ChannelError as exc:
        raise click.ClickException(str(exc)) from exc
    chat_settings(office.id, "line").rich_menu_id = menu_id
    db.session.commit()
    click.echo(f"{office.code}: rich menu {menu_id} created and set as default.")
