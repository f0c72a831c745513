"""Domain errors raised by the case services."""

from __future__ import annotations


class CaseError(Exception):
    """A case operation refused; ``message`` is user-facing (translatable)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message
