"""Errors of the readers. Third-party exceptions are wrapped here, at the boundary."""

from __future__ import annotations


class ParseError(Exception):
    """A file could not be read. ``str(error)`` is a plain sentence for the person who sent it."""

    def __init__(self, message: str, *, name: str | None = None) -> None:
        self.name = name
        super().__init__(f"{name}: {message}" if name else message)


class UnsupportedFormat(ParseError):
    """No reader recognises the bytes."""


class CorruptFile(ParseError):
    """The bytes claim a format but do not follow it."""


class EncryptedFile(ParseError):
    """The file is password-protected and the empty password does not open it."""


class LimitExceeded(ParseError):
    """The file breaks one of the configured limits (size, unpacked size, ratio, pages, nesting)."""


class ToolFailed(ParseError):
    """An external program (LibreOffice, Tesseract) failed, was missing, or ran out of time."""
