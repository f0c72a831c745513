"""Enumerations shared by the models, stored by name as strings."""

from __future__ import annotations

import enum

from sqlalchemy import Enum
from sqlalchemy.orm import mapped_column


class CaseType(enum.StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    QUESTION = "question"
    COMPLIMENT = "compliment"
    CORRUPTION = "corruption"

    @classmethod
    def general(cls) -> list[CaseType]:
        return [cls.COMPLAINT, cls.SUGGESTION, cls.QUESTION, cls.COMPLIMENT]


class CaseStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    AWAITING_REPORTER = "awaiting_reporter"
    RESOLVED = "resolved"
    CLOSED = "closed"
    DECLINED = "declined"
    REFERRED = "referred"
    MERGED = "merged"


class Channel(enum.StrEnum):
    WEB = "web"
    WALK_IN = "walk_in"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    FACEBOOK = "facebook"
    LINE = "line"


class EventKind(enum.StrEnum):
    SUBMITTED = "submitted"
    STATUS_CHANGED = "status_changed"
    PUBLIC_REPLY = "public_reply"
    REPORTER_MESSAGE = "reporter_message"
    INTERNAL_NOTE = "internal_note"
    ASSIGNED = "assigned"
    UPDATED = "updated"  # type, category, school or priority changed
    INFO_REQUESTED = "info_requested"
    MERGED = "merged"
    REOPENED = "reopened"
    CONFLICT_DECLARED = "conflict_declared"
    REPORTER_CONFIRMED = "reporter_confirmed"
    REPORTER_DISPUTED = "reporter_disputed"
    RATED = "rated"


class Priority(enum.StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Outcome(enum.StrEnum):
    """What resolving a case honestly found; never one "closed" that hides the difference."""

    UPHELD = "upheld"  # the complaint was right and was acted on
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    ANSWERED = "answered"  # questions, suggestions, compliments: answered or acknowledged


class DeclineReason(enum.StrEnum):
    BEFORE_COURT = "before_court"  # before a court or already decided
    MONARCHY = "monarchy"
    GOVERNMENT_POLICY = "government_policy"
    DECIDED_ELSEWHERE = "decided_elsewhere"
    INSUFFICIENT = "insufficient"  # too little to act on, incl. anonymous without evidence
    OTHER = "other"


class RecusalReason(enum.StrEnum):
    NAMED_RESPONDENT = "named_respondent"
    DECLARED_CONFLICT = "declared_conflict"


class Visibility(enum.StrEnum):
    PUBLIC = "public"  # the reporter sees it on the tracking page
    INTERNAL = "internal"


class ActorType(enum.StrEnum):
    REPORTER = "reporter"
    STAFF = "staff"
    SYSTEM = "system"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # due, never tried (e-mail: also waiting after a failed attempt)
    SENDING = "sending"  # leased by a worker
    SENT = "sent"
    RETRYING = "retrying"  # an attempt failed; waits for its next attempt
    PAUSED = "paused"  # the channel is paused (refused credentials or by hand)
    FAILED = "failed"  # gave up after the last retry, or refused for good; staff see the error
    NEEDS_MANUAL = "needs_manual"  # a share kit waiting for a person to post it
    SHARED = "shared"  # a share kit a person marked as posted
    CANCELLED = "cancelled"  # withdrawn, superseded by a newer version, or cancelled by staff


class DeliveryChannel(enum.StrEnum):
    EMAIL = "email"
    FACEBOOK_PAGE = "facebook_page"
    LINE_BROADCAST = "line_broadcast"
    # Facebook removed posting to groups (2024) and profiles (2018): share kits, by hand.
    SHARE_PR_GROUP = "share_pr_group"
    SHARE_SCHOOLS_GROUP = "share_schools_group"
    SHARE_PROFILE = "share_profile"

    @classmethod
    def automatic(cls) -> list[DeliveryChannel]:
        """Channels the worker posts to on its own, given credentials."""
        return [cls.FACEBOOK_PAGE, cls.LINE_BROADCAST]

    @classmethod
    def share_kits(cls) -> list[DeliveryChannel]:
        return [cls.SHARE_PR_GROUP, cls.SHARE_SCHOOLS_GROUP, cls.SHARE_PROFILE]


class DeliveryAction(enum.StrEnum):
    POST = "post"  # send, publish, or edit in place (a newer version of a posted item)
    DELETE = "delete"  # take down what was posted (a withdrawn item's Facebook post)


class CaseViewKind(enum.StrEnum):
    """How a staff member saw a confidential case: opened it, or saw it in a list or export."""

    OPENED = "opened"
    LISTED = "listed"  # a row of the inbox
    EXPORTED = "exported"  # a row of the CSV


class AccountAction(enum.StrEnum):
    """A change to a staff account, as the append-only account audit log records it."""

    CREATED = "created"
    ROLES_CHANGED = "roles_changed"
    GROUPS_CHANGED = "groups_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    TWO_FACTOR_RESET = "two_factor_reset"
    GRANT_REQUESTED = "grant_requested"  # a role of SENSITIVE_ROLES, awaiting a second person
    GRANT_CONFIRMED = "grant_confirmed"
    GRANT_DECLINED = "grant_declined"


class GrantStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class OneTimePurpose(enum.StrEnum):
    """What a server-side one-time mark guards."""

    RECEIPT = "receipt"  # a reporter's fresh receipt, until they say they saved it
    # A WebAuthn challenge, answered once: a replayed session cookie cannot reuse an answer.
    PASSKEY_CHALLENGE = "passkey_challenge"


def enum_column(enum_cls: type[enum.Enum], column: str, **kwargs):
    """A portable enum column: VARCHAR plus a CHECK constraint named after the column."""
    return mapped_column(
        Enum(
            enum_cls,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            name=column,
        ),
        **kwargs,
    )
