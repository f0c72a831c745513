"""The delivery outbox as publishing sees it: one subject kind and id per item.

The outbox (:mod:`portal.delivery.publication`) knows items only as (kind, id, version) and a
frozen payload; this module speaks in :class:`Publication` objects.
"""

from __future__ import annotations

from typing import Any

from portal.models import Delivery, Office, Publication, PublicationKind

SUBJECT_KIND = {PublicationKind.OUTCOME: "outcome", PublicationKind.NEWS: "news"}


def enqueue_publication(office: Office, subject_kind: str, subject_id: int, version: int,
                        payload: dict[str, Any]) -> list[Delivery]:
    from portal.delivery import publication

    return publication.enqueue_publication(office, subject_kind, subject_id, version, payload)


def withdraw_publication(office: Office, subject_kind: str, subject_id: int,
                         reason: str) -> list[Delivery]:
    from portal.delivery import publication

    return publication.withdraw_publication(office, subject_kind, subject_id, reason)


def deliveries_for(item: Publication) -> list[Delivery]:
    from portal.delivery import publication

    return publication.deliveries_for(SUBJECT_KIND[item.kind], item.id)
