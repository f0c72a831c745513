"""What the office publishes itself and may stand in any public text: its phone, e-mail,
LINE and Page, and the places of its gazetteer (its districts, subdistricts and schools)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from portal.extensions import db
from portal.models import District, Office, School
from portal.publishing.pii.contacts import EMAIL
from portal.publishing.pii.gazetteer import Gazetteer, office_gazetteer


def office_contacts(office: Office) -> set[str]:
    """The office's own phone, e-mail, LINE ID and Facebook Page, as the settings hold them,
    and the e-mail of its data protection officer (published in the privacy notice)."""
    values = {office.phone, office.email, office.line_id, office.line_url, office.facebook_url}
    values.update(m.group(0) for m in EMAIL.finditer(office.dpo_contact or ""))
    return {v.strip() for v in values if v and v.strip()}


def office_places(office: Office) -> Gazetteer:
    """The office's gazetteer, built once for each set of districts and schools."""
    codes = db.session.scalars(select(District.code).where(District.office_id == office.id))
    schools = db.session.scalars(select(School.name_th).where(School.office_id == office.id))
    provinces = tuple(sorted({c[:2] for c in codes if c and len(c) >= 2}))
    return _gazetteer(provinces, tuple(sorted(schools)))


@lru_cache(maxsize=32)
def _gazetteer(provinces: tuple[str, ...], schools: tuple[str, ...]) -> Gazetteer:
    return office_gazetteer(provinces, schools)
