"""The delivery outbox as publishing sees it: Publication objects instead of (kind, id).

The outbox (:mod:`portal.delivery.publication`) knows an item only as a subject kind, id and
version with a frozen payload; it writes its rows in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from portal.delivery import publication as outbox
from portal.delivery.publication import PublicationError
from portal.models import Delivery, Office, Publication, PublicationKind, User

# The kinds that go out to the channels; a participation report is ITA evidence on its page.
SUBJECT_KIND = {PublicationKind.OUTCOME: "outcome", PublicationKind.NEWS: "news"}

__all__ = ["SUBJECT_KIND", "PublicationError", "cancel", "deliveries_for", "delivery_of",
           "enqueue_publication", "mark_shared", "retry", "withdraw_publication"]


def enqueue_publication(office: Office, subject_kind: str, subject_id: int, version: int,
                        payload: dict[str, Any]) -> list[Delivery]:
    return outbox.enqueue_publication(office, subject_kind, subject_id, version, payload)


def withdraw_publication(office: Office, subject_kind: str, subject_id: int,
                         reason: str) -> list[Delivery]:
    return outbox.withdraw_publication(office, subject_kind, subject_id, reason)


def deliveries_for(item: Publication) -> list[Delivery]:
    """Every delivery of every version of ``item``, newest version first."""
    if item.kind not in SUBJECT_KIND:
        return []
    return outbox.deliveries_for(SUBJECT_KIND[item.kind], item.id)


def delivery_of(item: Publication, delivery_id: int) -> Delivery | None:
    """One delivery, only when it belongs to ``item``."""
    return next((d for d in deliveries_for(item) if d.id == delivery_id), None)


def mark_shared(delivery: Delivery, user: User, permalink: str | None) -> Delivery:
    return outbox.mark_shared(delivery, user, permalink or None)


def retry(delivery: Delivery) -> None:
    outbox.retry_delivery(delivery)


def cancel(delivery: Delivery, user: User) -> None:
    outbox.cancel_delivery(delivery, user)
