"""Keeping the registry: correspondents, schools' Pages and groups, the PR committee.

Every change writes a :class:`NetworkChange` naming the fields that changed (not their values:
those are personal data). Services do not commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office, School, User
from portal.network.details import PersonDetails, email_digest
from portal.network.models import (
    CommitteeMember,
    CommitteeRole,
    Correspondent,
    CorrespondentKind,
    NetworkChange,
    SchoolNetworkProfile,
)

PERSON_FIELDS = ("name", "position", "phone", "email", "line_id")


def log_change(
    office: Office,
    subject: str,
    action: str,
    *,
    user: User | None = None,
    correspondent: Correspondent | None = None,
    school_id: int | None = None,
    fields: list[str] | tuple[str, ...] = (),
) -> NetworkChange:
    """Append one line to the registry's history."""
    change = NetworkChange(
        office_id=office.id,
        user_id=user.id if user else None,
        correspondent_id=correspondent.id if correspondent else None,
        school_id=school_id,
        subject=subject,
        action=action,
        fields=",".join(fields),
    )
    db.session.add(change)
    return change


def office_school(office: Office, school_id: int) -> School | None:
    """The office's school ``school_id``, or None (another office's school is not found)."""
    school = db.session.get(School, school_id)
    return school if school is not None and school.office_id == office.id else None


def correspondent_of(school: School, kind: CorrespondentKind) -> Correspondent | None:
    return db.session.scalar(
        select(Correspondent).where(
            Correspondent.school_id == school.id, Correspondent.kind == kind
        )
    )


def profile_of(school: School) -> SchoolNetworkProfile | None:
    return db.session.get(SchoolNetworkProfile, school.id)


def save_correspondent(
    office: Office,
    school: School,
    kind: CorrespondentKind,
    details: PersonDetails,
    *,
    user: User | None = None,
    by_self: Correspondent | None = None,
) -> Correspondent:
    """Create or update the school's correspondent (or deputy) of ``kind``."""
    person = correspondent_of(school, kind)
    created = person is None
    if created:
        person = Correspondent(office_id=office.id, school_id=school.id, kind=kind)
        db.session.add(person)
    changed = [
        f for f in PERSON_FIELDS if created or (getattr(person, f) or "") != getattr(details, f)
    ]
    if "email" in changed and not created and person.email:
        person.session_version += 1  # a new address: sign-ins by the old one end
        person.chat_user_id = None  # and so does the LINE chat the old person confirmed in
    for f in PERSON_FIELDS:
        setattr(person, f, getattr(details, f) or (None if f != "name" else ""))
    person.email_digest = email_digest(details.email) if details.email else None
    person.updated_at = utcnow()
    db.session.flush()
    if changed:
        log_change(
            office,
            f"correspondent_{kind.value}",
            "created" if created else "updated",
            user=user,
            correspondent=by_self or person,
            school_id=school.id,
            fields=changed,
        )
    return person


def remove_correspondent(office: Office, person: Correspondent, user: User) -> None:
    """Remove a correspondent; their sign-ins end with the row."""
    log_change(
        office,
        f"correspondent_{person.kind.value}",
        "removed",
        user=user,
        school_id=person.school_id,
    )
    db.session.delete(person)


def save_profile(
    office: Office,
    school: School,
    page_url: str,
    joined_groups: bool,
    joined_groups_on: date | None,
    *,
    user: User | None = None,
    by_self: Correspondent | None = None,
) -> SchoolNetworkProfile:
    """Set the school's Facebook Page and its statement about joining the office's groups."""
    profile = profile_of(school)
    created = profile is None
    if created:
        profile = SchoolNetworkProfile(school_id=school.id, office_id=office.id)
        db.session.add(profile)
    if joined_groups and joined_groups_on is None:
        joined_groups_on = utcnow().date()
    new = {
        "page_url": page_url,
        "joined_groups": joined_groups,
        "joined_groups_on": joined_groups_on if joined_groups else None,
    }
    changed = [k for k, v in new.items() if created or getattr(profile, k) != v]
    for key, value in new.items():
        setattr(profile, key, value)
    profile.updated_at = utcnow()
    if changed:
        log_change(
            office,
            "profile",
            "created" if created else "updated",
            user=user,
            correspondent=by_self,
            school_id=school.id,
            fields=changed,
        )
    return profile


def save_committee_member(
    office: Office,
    member: CommitteeMember | None,
    details: PersonDetails,
    role: CommitteeRole,
    term_start: date,
    term_end: date | None,
    active: bool,
    school: School | None,
    user: User,
) -> CommitteeMember:
    """Add a committee member (``member`` None) or change one."""
    created = member is None
    if created:
        member = CommitteeMember(office_id=office.id)
        db.session.add(member)
    new = {
        "name": details.name,
        "position": details.position,
        "phone": details.phone or None,
        "email": details.email or None,
        "line_id": details.line_id or None,
        "role": role,
        "term_start": term_start,
        "term_end": term_end,
        "active": active,
        "school_id": school.id if school else None,
    }
    changed = [k for k, v in new.items() if created or getattr(member, k) != v]
    for key, value in new.items():
        setattr(member, key, value)
    db.session.flush()
    if changed:
        log_change(
            office,
            f"committee:{member.id}",
            "created" if created else "updated",
            user=user,
            fields=changed,
        )
    return member


def remove_committee_member(office: Office, member: CommitteeMember, user: User) -> None:
    log_change(office, f"committee:{member.id}", "removed", user=user)
    db.session.delete(member)


def committee(office: Office) -> list[CommitteeMember]:
    rows = db.session.scalars(
        select(CommitteeMember)
        .where(CommitteeMember.office_id == office.id)
        .order_by(CommitteeMember.id)
    )
    order = {CommitteeRole.CHAIR: 0, CommitteeRole.MEMBER: 1, CommitteeRole.SECRETARY: 2}
    return sorted(rows, key=lambda m: (order[m.role], m.id))


def school_rows(
    office: Office,
) -> list[tuple[School, Correspondent | None, Correspondent | None, SchoolNetworkProfile | None]]:
    """Every active school with its correspondent, deputy and profile, by district and name."""
    schools = db.session.scalars(
        select(School)
        .where(School.office_id == office.id, School.active.is_(True))
        .order_by(School.district_id, School.name_th)
    ).all()
    people = db.session.scalars(
        select(Correspondent).where(Correspondent.office_id == office.id)
    ).all()
    by_school = {(p.school_id, p.kind): p for p in people}
    profiles = {
        p.school_id: p
        for p in db.session.scalars(
            select(SchoolNetworkProfile).where(SchoolNetworkProfile.office_id == office.id)
        )
    }
    return [
        (
            s,
            by_school.get((s.id, CorrespondentKind.MAIN)),
            by_school.get((s.id, CorrespondentKind.DEPUTY)),
            profiles.get(s.id),
        )
        for s in schools
    ]


def recent_changes(office: Office, limit: int = 200) -> list[NetworkChange]:
    return list(
        db.session.scalars(
            select(NetworkChange)
            .where(NetworkChange.office_id == office.id)
            .order_by(NetworkChange.created_at.desc(), NetworkChange.id.desc())
            .limit(limit)
        )
    )
