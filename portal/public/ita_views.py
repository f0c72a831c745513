"""The ITA evidence pages (/ita): generated from the portal's own settings and data."""

from __future__ import annotations

from flask import abort, render_template, request

from portal import clock
from portal.ita import items as ita_items
from portal.ita.manual import complaint_channels, corruption_channels, handling_rules
from portal.ita.participation import participation_in_year
from portal.ita.statistics import year_statistics
from portal.links import public_url
from portal.public import bp
from portal.reports.periods import fiscal_year_of
from portal.tenancy import current_office


def _year() -> int:
    """The fiscal year asked for (Buddhist era), else the latest one with items (a new
    fiscal year has none until the administrator maps them), else the current one."""
    current = fiscal_year_of(clock.to_local(clock.utcnow()).date())
    year = request.args.get("year", type=int) or ita_items.latest_year_with_items(
        current_office(), current) or current
    if not ita_items.MIN_YEAR <= year <= ita_items.MAX_YEAR:
        abort(404)
    return year


@bp.get("/ita")
def ita():
    office = current_office()
    year = _year()
    years = sorted(set(ita_items.fiscal_years(office)) | {year}, reverse=True)
    return render_template("public/ita/index.html", office=office, year=year, years=years,
                           items=ita_items.items_for_year(office, year),
                           absolute=ita_items.absolute_url)


@bp.get("/ita/manual")
def ita_manual():
    office = current_office()
    return render_template("public/ita/manual.html", office=office,
                           rules=handling_rules(office),
                           general_form=public_url("public.submit_general"),
                           corruption_form=public_url("public.submit_corruption"))


@bp.get("/ita/channels")
def ita_channels():
    office = current_office()
    return render_template(
        "public/ita/channels.html", office=office,
        general=complaint_channels(office, public_url("public.submit_general")),
        corruption=corruption_channels(office, public_url("public.submit_corruption")),
        rules=handling_rules(office))


@bp.get("/ita/statistics")
def ita_statistics():
    office = current_office()
    year = _year()
    return render_template("public/ita/statistics.html", office=office, year=year,
                           stats=year_statistics(office, year))


@bp.get("/ita/participation")
def ita_participation():
    office = current_office()
    year = _year()
    return render_template("public/ita/participation.html", office=office, year=year,
                           reports=participation_in_year(office, year))
