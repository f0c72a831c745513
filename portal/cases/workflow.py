"""The case workflow in one place: every staff and reporter action after intake.

Import services from here (``from portal.cases import workflow``). Each is verb-named and
typed, checks the actor's rights (views check too), refuses an illegal status change or a
stale form (``expected_version`` = the ``lock_version`` the form was rendered with) with
:class:`~portal.cases.errors.CaseError` / :class:`~portal.cases.errors.StaleCase`, appends
timeline events, hands them to :func:`portal.cases.notify.on_event`, flushes and never
commits. On ``StaleCase`` the view rolls back and shows the latest version.

The transition table is :data:`portal.cases.transitions.ALLOWED`.
"""

from portal.cases.deadlines import (
    DueStatus,
    Reminder,
    due_status,
    on_time,
    policy_for,
    reminders_due,
    resume_clock,
)
from portal.cases.feedback import (
    answered_this_round,
    confirm_outcome,
    dispute_outcome,
    feedback_open,
    rate_handling,
    rating_history,
    satisfaction_of,
)
from portal.cases.handling import add_internal_note, reply_publicly, request_information
from portal.cases.intake_other import OTHER_CHANNELS, record_case_from_channel
from portal.cases.merge import merge_case
from portal.cases.recusal import declare_conflict, recuse_named_staff
from portal.cases.resolution import (
    OUTCOMES,
    close_case,
    close_expired_cases,
    outcomes_for,
    reopen_case,
    resolve_case,
)
from portal.cases.screening import (
    DECLINE_REASONS,
    KEEP,
    PRIORITY,
    acknowledge_case,
    assign_case,
    decline_case,
    refer_case,
    update_case_details,
)
from portal.cases.similar import SimilarCase, similar_open_cases
from portal.cases.transitions import ALLOWED, can_move

__all__ = [
    "answered_this_round",
    "ALLOWED", "DECLINE_REASONS", "KEEP", "OTHER_CHANNELS", "OUTCOMES", "PRIORITY", "DueStatus",
    "Reminder", "SimilarCase", "acknowledge_case", "add_internal_note", "assign_case",
    "can_move", "close_case", "close_expired_cases", "confirm_outcome", "decline_case",
    "declare_conflict", "dispute_outcome", "due_status", "feedback_open", "merge_case",
    "on_time", "outcomes_for", "policy_for", "rate_handling", "record_case_from_channel",
    "recuse_named_staff", "refer_case", "reminders_due", "reopen_case", "reply_publicly",
    "request_information", "resolve_case", "resume_clock", "similar_open_cases",
    "update_case_details", "rating_history", "satisfaction_of",
]
