"""Domain errors of publishing."""

from __future__ import annotations


class PublishingError(Exception):
    """A publishing operation refused; ``message`` is user-facing (translatable)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class NotAllowed(PublishingError):
    """The user may not do this to this item (the view answers 403)."""


class VersionChanged(PublishingError):
    """The text awaiting approval is not the one the approver was shown (the view shows the
    current text with this message)."""
