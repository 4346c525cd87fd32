"""Errors of the ingest package: each says what happened to which item."""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error raised by ``ingest``."""


class SettingsError(IngestError):
    """A setting is missing, unknown or has a bad value; the message names the key."""


class StorageError(IngestError):
    """The original bytes could not be stored safely (or read back intact). The message is in
    Vietnamese, as the status page shows it; ``detail`` keeps the system's own words for the log."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class ItemNotFound(IngestError):
    def __init__(self, item_id: int) -> None:
        super().__init__(f"item {item_id} does not exist")
        self.item_id = item_id


class NotRetryable(IngestError):
    """A person asked to read again an item that is neither quarantined nor failed."""

    def __init__(self, item_id: int, state: str) -> None:
        super().__init__(f"Mục {item_id} không bị cách ly cũng không gặp lỗi tạm thời: không có gì để đọc lại.")
        self.item_id, self.state = item_id, state
