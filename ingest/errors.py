"""Errors of the ingest package: each says what happened to which item."""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error raised by ``ingest``."""


class SettingsError(IngestError):
    """A setting is missing, unknown or has a bad value; the message names the key."""


class StorageError(IngestError):
    """The original bytes could not be stored safely."""


class ItemNotFound(IngestError):
    def __init__(self, item_id: int) -> None:
        super().__init__(f"item {item_id} does not exist")
        self.item_id = item_id
