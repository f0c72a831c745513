"""The demo's PDPA data: a year of real purge runs over its archive, one closed breach."""

from __future__ import annotations

import random

import sqlalchemy as sa
from sqlalchemy import select

from portal.extensions import db
from portal.models import ReporterContact, Role
from portal.models.privacy import Breach, BreachEdit, PurgeRun, RopaVersion
from portal.privacy.demo import ARCHIVE_CASES, create_privacy_demo
from tests.factories import make_user


def test_a_year_of_purges_and_a_closed_breach(app, office):
    make_user(office, Role.ADMIN)
    create_privacy_demo(office, random.Random(1))
    db.session.commit()
    runs = db.session.scalars(select(PurgeRun).order_by(PurgeRun.started_at)).all()
    assert len(runs) == 365
    assert (runs[-1].started_at - runs[0].started_at).days == 364
    assert sum(r.contacts for r in runs) == ARCHIVE_CASES  # each archive case purged once
    assert sum(r.texts for r in runs) >= 1
    assert (
        db.session.scalar(
            select(sa.func.count())
            .select_from(ReporterContact)
            .where(ReporterContact.phone.is_not(None))
        )
        == 0
    )
    breach = db.session.scalar(select(Breach))
    assert breach.closed_at and breach.notify_pdpc is False and breach.no_notify_reason
    assert db.session.scalar(select(sa.func.count()).select_from(BreachEdit)) == 3
    assert db.session.scalar(select(RopaVersion.number)) == 1
