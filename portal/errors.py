"""Domain errors raised by services; views turn them into form messages or HTTP answers."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request. `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input breaks a rule that a form validator cannot see (e.g. uniqueness, state)."""


class PermissionDenied(DomainError):
    """The acting user may not do this."""


class NotFound(DomainError):
    """The object does not exist for this user."""


class Conflict(DomainError):
    """The object changed state (e.g. already published, already applied)."""
