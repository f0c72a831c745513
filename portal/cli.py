"""Flask commands for operators: demo data, schools, the outbox worker."""

from __future__ import annotations

import signal
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office


def init_app(app: Flask) -> None:
    for command in (seed_demo_command, import_schools_command, worker_command):
        app.cli.add_command(command)
    from portal.delivery.cli import digest_command  # the daily digest, beside the outbox

    app.cli.add_command(digest_command)
    from portal.channels.cli import channel_command  # Facebook Page and LINE credentials

    app.cli.add_command(channel_command)
    from portal.reports.cli import report_group  # report generate / publish

    app.cli.add_command(report_group)
    from portal.storage.sweep import storage_group  # files a killed process left behind

    app.cli.add_command(storage_group)


@click.command("seed-demo")
@click.option("--cases", default=300, show_default=True, help="How many demo cases to create.")
def seed_demo_command(cases: int) -> None:
    """Fill the database with the demo office (สพป.นครพนม เขต ๒) and print the admin login.

    Run again, it keeps the data and gives the admin a new password.
    """
    from portal.demo.seed import seed_demo

    login = seed_demo(case_count=cases)
    db.session.commit()
    click.echo("Demo data " + ("created." if login.created else "already present."))
    for email, password in login.others:
        click.echo(f"Staff login: {email}  password: {password}")
    click.echo("Sign in at /staff/sign-in; every account sets up a passkey or an "
               "authenticator app (TOTP) at its first sign-in.")
    click.echo(f"Admin login: {login.email}  password: {login.password}")


@click.command("import-schools")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
def import_schools_command(csv_file: Path, office_code: str) -> None:
    """Add or update an office's schools from a UTF-8 CSV file.

    Columns: code, name_th, district (Thai name or DOPA code), optional name_en, active.
    """
    from portal.schools.importer import import_schools

    office = db.session.scalar(select(Office).where(Office.code == office_code))
    if office is None:
        raise click.ClickException(f"No office with code {office_code!r}.")
    result = import_schools(office, csv_file.read_text(encoding="utf-8-sig"))
    for error in result.errors:
        click.echo(error, err=True)
    db.session.commit()
    click.echo(f"added {result.added}, updated {result.updated}, errors {len(result.errors)}")
    if result.errors:
        raise SystemExit(1)


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between polls when idle.")
def worker_command(once: bool, poll: float) -> None:
    """Send the delivery outbox (e-mail, Facebook Page, LINE), retrying with backoff.

    Safe to run several at once. Also queues the daily digests and reads the daily
    engagement figures of the page's posts.
    """
    from portal.delivery import worker

    if once:
        click.echo(f"attempted {worker.run_once()}")
        return
    stopping = {"now": False}

    def stop(_signum, _frame) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("worker started")
    worker.run_forever(poll_seconds=poll, should_stop=lambda: stopping["now"])
