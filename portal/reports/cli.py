"""``flask --app wsgi report generate|publish --office CODE --period P``, ``report republish``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, ReportVersion

report_group = click.Group("report", help="Transparency reports: prepare, publish, republish.")
PERIOD_HELP = "2026-10 (month), 2026-Q4 (quarter), fy2569-h1 (Oct–Mar) or fy2569 (fiscal year)."


def _office(code: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise click.ClickException(f"No office with code {code!r}.")
    return office


def _period(key: str):
    from portal.reports.periods import PeriodError
    from portal.reports.publishing import ReportError, publishable_period

    try:
        return publishable_period(key)
    except PeriodError as error:
        raise click.ClickException(f"Not a period: {key!r}. {PERIOD_HELP}") from error
    except ReportError as error:
        raise click.ClickException(str(error.message)) from error


@report_group.command("generate")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@click.option("--period", "period_key", required=True, help=PERIOD_HELP)
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the draft files (PDF, CSV, XLSX, JSON) into this directory.")
def generate_command(office_code: str, period_key: str, output: Path | None) -> None:
    """Prepare a period's report for review; the directors are e-mailed the first time.

    Nothing is published: the director reviews the draft and publishes it (or run publish).
    """
    from portal.clock import utcnow
    from portal.reports.figures import compute_figures
    from portal.reports.publishing import prepare_report, render_files

    office = _office(office_code)
    period = _period(period_key)
    report, created = prepare_report(office, period)
    db.session.commit()
    figures = compute_figures(office.id, period, public=True)
    totals = figures["totals"]
    click.echo(f"{office.code} {period.key}: {'prepared' if created else 'already prepared'}; "
               f"received {totals['received']}, completed {totals['completed']}, "
               f"in progress {totals['in_progress']}; published versions "
               f"{len(report.versions)}")
    if output:
        draft = ReportVersion(number=0, note="draft", published_at=utcnow(),
                              figures_json=json.dumps(figures, ensure_ascii=False))
        output.mkdir(parents=True, exist_ok=True)
        for kind, data in render_files(office, report, draft, figures).items():
            path = output / f"{office.code}-{period.key}-draft.{kind.value.replace('_', '.')}"
            path.write_bytes(data)
            click.echo(f"wrote {path}")
        db.session.rollback()


@report_group.command("publish")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@click.option("--period", "period_key", required=True, help=PERIOD_HELP)
@click.option("--note", default="", help="Required for a correction: what was wrong.")
def publish_command(office_code: str, period_key: str, note: str) -> None:
    """Publish a period's report, frozen; publishing again is a correction (needs --note)."""
    from portal.links import public_url
    from portal.reports.publishing import ReportError, publish_report

    office = _office(office_code)
    period = _period(period_key)
    try:
        version = publish_report(office, period, note=note)
    except ReportError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"{office.code} {period.key}: published version {version.number}")
    click.echo(public_url("public.report_version", office=office, period=period.key,
                          number=version.number))


@report_group.command("republish")
@click.option("--all", "every_office", is_flag=True, help="Every office.")
@click.option("--office", "office_code", help="Only this office, e.g. NP2.")
@click.option("--period", "period_key", help="Only this period. " + PERIOD_HELP)
@click.option("--note", required=True, help="Why: shown with every correction published.")
def republish_command(every_office: bool, office_code: str | None, period_key: str | None,
                      note: str) -> None:
    """Publish, under the current disclosure rules, a correction of every published period
    whose latest version was published under older rules.

    Give --all or --office (and optionally --period). Periods already under the current
    rules are skipped: running it again publishes nothing twice. The older versions then
    stop being served publicly; staff still read them in the report archive.
    """
    from portal.reports.periods import PeriodError, parse_period
    from portal.reports.publishing import ReportError
    from portal.reports.republish import republish_reports

    if every_office == bool(office_code):
        raise click.UsageError("Give either --all or --office CODE.")
    office = _office(office_code) if office_code else None
    if period_key:
        try:
            period_key = parse_period(period_key).key
        except PeriodError as error:
            raise click.ClickException(f"Not a period: {period_key!r}. {PERIOD_HELP}") from error
    if not note.strip():
        raise click.UsageError("--note must say why the correction is published.")
    published = failed = 0
    for report, outcome in republish_reports(note, office=office, period_key=period_key):
        code = db.session.get(Office, report.office_id).code
        if isinstance(outcome, ReportError):
            db.session.rollback()
            failed += 1
            click.echo(f"{code} {report.period}: not republished: {outcome.message}", err=True)
            continue
        db.session.commit()
        published += 1
        click.echo(f"{code} {report.period}: published version {outcome.number}")
    click.echo(f"republished {published} report(s); {failed} failed")
    if failed:
        raise SystemExit(1)
