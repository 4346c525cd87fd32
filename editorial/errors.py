"""Refusals of the editorial services. Each carries a message in Vietnamese, for the person who
asked, naming the document; the web layer maps them once to 403, 404 and 409 pages, the command line
prints them."""

from __future__ import annotations


class EditorialError(Exception):
    """Base of every refusal of ``editorial``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotPermitted(EditorialError):
    """The person does not hold this permission, for this document, now (HTTP 403)."""


class InvalidTransition(EditorialError):
    """The document is not in a state this action leaves from (HTTP 409)."""


class Refused(EditorialError):
    """The action is permitted, but a rule of the regulation refuses it now (HTTP 409): a secret,
    no source for outside material, no category, a missing reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StaleRevision(Refused):
    """Someone saved another revision since the person loaded the page (optimistic lock)."""


class NotFound(EditorialError):
    """No such document, user or delegation (HTTP 404)."""


class BadCredentials(EditorialError):
    """A sign-in that failed: wrong name or password, disabled, or locked for a while."""
