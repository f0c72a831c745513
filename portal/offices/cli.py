"""``flask office``: create, archive, reopen and import offices."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office
from portal.offices.provisioning import (
    NewOffice,
    OfficeError,
    archive_office,
    create_office,
    import_offices,
    reopen_office,
)

SAMPLE_CSV = Path(__file__).parent / "data" / "offices_sample.csv"
PRIMARY_CSV = Path(__file__).parent / "data" / "primary_offices.csv"


@click.group("office")
def office_group() -> None:
    """Offices (tenants) of this installation."""


def _template(code: str | None) -> Office | None:
    code = code or current_app.config["PORTAL_DEFAULT_OFFICE"]
    return db.session.scalar(select(Office).where(Office.code == code))


def _office(code: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.code == code.upper()))
    if office is None:
        raise click.ClickException(f"no office {code}")
    return office


@office_group.command("create")
@click.option("--code", required=True, help="Short code, e.g. NP2 (case numbers start with it).")
@click.option("--name-th", required=True, help="Thai name.")
@click.option("--name-en", default="", help="English name.")
@click.option("--province", default="", help="Province (Thai).")
@click.option("--host", default="", help="Its own host name (host routing); empty for /o/<code>/.")
@click.option(
    "--template",
    "template_code",
    default=None,
    help="Office whose settings are copied (default: PORTAL_DEFAULT_OFFICE).",
)
@with_appcontext
def create_command(code, name_th, name_en, province, host, template_code) -> None:
    """Create an office from a template office's categories, deadlines, holidays, reply
    templates and ITA mapping."""
    try:
        office = create_office(
            NewOffice(
                code=code.upper(),
                name_th=name_th,
                name_en=name_en,
                province_th=province,
                hostname=host.lower() or None,
            ),
            _template(template_code),
        )
    except OfficeError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created office {office.code}")


@office_group.command("archive")
@click.argument("code")
@with_appcontext
def archive_command(code: str) -> None:
    """Stop intake at an office; its data stays readable."""
    archive_office(_office(code))
    db.session.commit()
    click.echo(f"archived {code.upper()}")


@office_group.command("reopen")
@click.argument("code")
@with_appcontext
def reopen_command(code: str) -> None:
    """Take cases at an archived office again."""
    reopen_office(_office(code))
    db.session.commit()
    click.echo(f"reopened {code.upper()}")


@office_group.command("import")
@click.argument(
    "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False
)
@click.option("--sample", is_flag=True, help="Import the shipped sample list (ตัวอย่าง).")
@click.option(
    "--primary",
    is_flag=True,
    help="Import the shipped list of the 183 primary service area offices (สพป.).",
)
@click.option(
    "--template",
    "template_code",
    default=None,
    help="Office whose settings new offices copy (default: PORTAL_DEFAULT_OFFICE).",
)
@with_appcontext
def import_command(
    csv_file: Path | None, sample: bool, primary: bool, template_code: str | None
) -> None:
    """Create or update offices from a UTF-8 CSV: code,name_th,name_en,province_th,hostname."""
    shipped = (SAMPLE_CSV if sample else None, PRIMARY_CSV if primary else None)
    sources = [path for path in (csv_file, *shipped) if path is not None]
    if len(sources) != 1:
        raise click.UsageError("give one of: a CSV file, --sample, --primary")
    text = sources[0].read_text(encoding="utf-8")
    try:
        result = import_offices(text, _template(template_code))
    except OfficeError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(
        f"created {len(result.created)}, updated {len(result.updated)}, "
        f"unchanged {len(result.unchanged)}"
    )


@office_group.command("list")
@with_appcontext
def list_command() -> None:
    """Every office: code, host name, state, Thai name."""
    for office in db.session.scalars(select(Office).order_by(Office.code)):
        state = "archived" if office.archived_at else "open"
        click.echo(f"{office.code}\t{office.hostname or '-'}\t{state}\t{office.name_th}")
