"""Why a sign-in or an account change was refused."""

from __future__ import annotations

from datetime import datetime

from portal.cases.errors import CaseError


class SignInRefused(CaseError):
    """A sign-in step failed; ``reason`` is what the sign-in record stores."""

    def __init__(self, message, reason: str, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.locked_until = locked_until


class WrongPassword(CaseError):
    """The current password given to confirm a change is not the user's password."""


class PasswordRejected(CaseError):
    """A new password the policy refuses."""


class InvalidResetLink(CaseError):
    """A password-reset link that is forged, expired or already used."""
