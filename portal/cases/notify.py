"""The one hook every case service calls after a change: who must hear about this event?

Services never send anything themselves; they call :func:`on_event` for each timeline event
they add, in the same transaction, and this module decides what to queue in the outbox (so
a rollback sends nothing). Today it tells the reporter, when they asked for e-mail, about an
acknowledgement, a reply, a request for information and a resolution. Staff notifications
(assignment, disputes) and the daily digest belong here too: add a rule to ``_RULES``.

E-mails carry a link to the tracking page and never the receipt, nor what the reply says:
the reporter reads it on the tracking page with their receipt.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.delivery.outbox import enqueue_email
from portal.models import Case, CaseEvent, CaseStatus, EventKind, Visibility


def _status_change_to(status: CaseStatus) -> Callable[[CaseEvent], bool]:
    return lambda event: event.to_status is status


# (does this event match, reporter e-mail template): the first match wins.
_RULES: list[tuple[Callable[[CaseEvent], bool], str]] = [
    (lambda e: e.kind is EventKind.PUBLIC_REPLY, "case_replied"),
    (lambda e: e.kind is EventKind.INFO_REQUESTED, "case_info_requested"),
    (_status_change_to(CaseStatus.ACKNOWLEDGED), "case_acknowledged"),
    (_status_change_to(CaseStatus.RESOLVED), "case_resolved"),
]


def reporter_template(event: CaseEvent) -> str | None:
    """The reporter e-mail an event calls for, or None."""
    if event.visibility is not Visibility.PUBLIC:
        return None
    return next((template for matches, template in _RULES if matches(event)), None)


def on_event(case: Case, event: CaseEvent) -> None:
    """Queue whatever ``event`` calls for; call it after adding the event (before commit)."""
    template = reporter_template(event)
    contact = case.contact
    if template and contact is not None and contact.notify_by_email and contact.email:
        enqueue_email(case.office, case, contact.email, template)
