"""Errors of the readers. Third-party exceptions are wrapped here, at the boundary."""

from __future__ import annotations


class ParseError(Exception):
    """A file could not be read. ``str(error)`` is a plain sentence in Vietnamese for the board and
    the person who sent the file; ``detail`` keeps what a library or tool said, in its own words,
    for the log (never shown as the message)."""

    def __init__(self, message: str, *, name: str | None = None, detail: str | None = None) -> None:
        self.name = name
        self.detail = detail
        self.message = message
        super().__init__(f"{name}: {message}" if name else message)

    def __reduce__(self) -> tuple[object, ...]:  # pickled whole, from the reading child to the worker
        return _rebuild, (type(self), self.message, self.name, self.detail)


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


class ReaderCrashed(ParseError):
    """The child process reading the file ended without an answer (a fault in a library's native
    code, killed from outside): the file is quarantined, the worker goes on."""


class InternalError(ParseError):
    """A bug of congbo's reader, not a fault of the file: logged with its traceback, shown as the
    program's error, and read again (``congbo retry``) once the bug is fixed."""


def _rebuild(cls: type[ParseError], message: str, name: str | None, detail: str | None) -> ParseError:
    return cls(message, name=name, detail=detail)
