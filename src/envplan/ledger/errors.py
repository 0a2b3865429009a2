"""Errors raised by the ledger services; the web layer maps them to HTTP status codes.

``PermissionDenied`` → 403, ``NotFound`` → 404, ``ConflictError`` → 409, ``TransitionError`` and
``LedgerValidationError`` → 422, ``LoginThrottled`` → 429.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base class of every error a ledger service raises on purpose."""


class PermissionDenied(LedgerError):
    """The actor's role or unit may not do this."""


class NotFound(LedgerError):
    """The object asked for does not exist."""


class ConflictError(LedgerError):
    """Someone else changed the object since it was read (optimistic lock), or the database is busy."""


class TransitionError(LedgerError):
    """The status transition is not in the transition table for the current status."""


class LedgerValidationError(LedgerError):
    """Input that the ledger refuses, with the field named in the message."""


class ImportFailed(LedgerError):
    """A notice could not be imported; nothing was written."""


class LoginThrottled(LedgerError):
    """Too many failed sign-ins for this account within the window."""
