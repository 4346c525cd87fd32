"""The reading of one file as a typed, versioned record: what the selection rules, the review desk
and the editorial services read, by attribute.

``Reading.result`` in the database holds :meth:`ReadingRecord.dump`, with its ``schema`` number;
:meth:`ReadingRecord.load` reads any version stored before and upgrades it, so old readings stay
readable. ``congbo parse --json`` prints the same dump: the JSON is one rendering of the record,
not the model.

Schema versions:

1. the ``congbo parse --json`` object (no ``schema`` key), attachments stored as file and hash;
2. ``schema`` added; attachments keep their format and error; a value found on a page may carry
   its ``box`` on that page (fractions of the page's width and height: x0, top, x1, bottom).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from parsers.metadata.fields import SECRECY_UNKNOWN

if TYPE_CHECKING:
    from parsers.reading import Reading as ParserReading

SCHEMA_VERSION = 2

METADATA_KEYS = ("number", "doc_type", "issuer", "parent_issuer", "place", "issued_on", "subject", "signer_name",
                 "signer_title", "signer_authority", "recipients", "addressees", "publish_requested", "secrecy",
                 "urgency", "effective_on")


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One metadata value with how sure the reader was and where it was found."""

    value: Any
    confidence: float | None
    found: dict[str, Any] | None

    @property
    def page(self) -> int | None:
        return (self.found or {}).get("page")

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        box = (self.found or {}).get("box")
        return tuple(box) if box else None  # type: ignore[return-value]

    @property
    def attachment(self) -> str | None:
        return (self.found or {}).get("attachment")


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    file: str
    sha256: str
    format: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class EdxmlInfo:
    kind: str | None  # "document" or "status"
    document_id: str | None
    operation: str | None  # "revoke", "update", "replace" (BussinessDocType)
    business_document_id: str | None
    replaces: tuple[str, ...]
    reason: str | None
    status_code: Any
    response_for: tuple[str, ...]

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> "EdxmlInfo | None":
        if raw is None:
            return None
        business = raw.get("business") or {}
        return cls(raw.get("kind"), raw.get("document_id"), business.get("operation"), business.get("document_id"),
                   tuple(business.get("replaces") or ()), business.get("reason"),
                   (raw.get("status") or {}).get("code"),
                   tuple(r.get("document_id") for r in raw.get("response_for") or [] if r.get("document_id")))


@dataclass(frozen=True, slots=True)
class ReadingRecord:
    file: str
    size: int
    sha256: str
    schema: int = SCHEMA_VERSION
    error: str | None = None
    error_type: str | None = None
    format: str | None = None
    text_source: str | None = None
    legacy_encoding: str | None = None
    open_format: bool | None = None
    pages: int = 0
    fields: dict[str, FieldValue] = field(default_factory=dict)
    publish_request_entry: str | None = None
    other_portal_entry: str | None = None  # asks another body's portal to publish: shown, not queued
    category_suggestion: dict[str, Any] | None = None
    attachments: tuple[AttachmentRef, ...] = ()
    signatures: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    edxml: EdxmlInfo | None = None
    converted_to: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # the dump it was loaded from

    # --- values, by attribute ----------------------------------------------------------------

    def value(self, key: str) -> Any:
        found = self.fields.get(key)
        return found.value if found is not None else None

    @property
    def number(self) -> str | None:
        return self.value("number")

    @property
    def doc_type(self) -> str | None:
        return self.value("doc_type")

    @property
    def issuer(self) -> str | None:
        return self.value("issuer")

    @property
    def subject(self) -> str | None:
        return self.value("subject")

    @property
    def secrecy(self) -> str | None:
        return self.value("secrecy")

    @property
    def is_secret(self) -> bool:
        """A secrecy mark was read ("Mật", "Tối mật", "Tuyệt mật"); not a mark no one could read."""
        return bool(self.secrecy) and self.secrecy != SECRECY_UNKNOWN

    @property
    def publish_requested(self) -> bool:
        return bool(self.value("publish_requested"))

    @property
    def issued_on(self) -> date | None:
        value = self.value("issued_on")
        try:
            return date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            return None

    @property
    def is_edxml_status(self) -> bool:
        return self.edxml is not None and self.edxml.kind == "status"

    # --- (de)serialising ---------------------------------------------------------------------

    @classmethod
    def from_reading(cls, reading: "ParserReading") -> "ReadingRecord":
        from parsers.reading import to_dict

        return cls.load(to_dict(reading))

    @classmethod
    def load(cls, result: dict[str, Any]) -> "ReadingRecord":
        """Read a stored dump of any schema version."""
        data = _upgrade(dict(result))
        fields = {key: FieldValue(data.get(key), (data.get("fields") or {}).get(key, {}).get("confidence"),
                                  (data.get("fields") or {}).get(key, {}).get("found"))
                  for key in METADATA_KEYS if key in data or key in (data.get("fields") or {})}
        return cls(
            file=data.get("file", ""), size=data.get("size", 0), sha256=data.get("sha256", ""),
            schema=data["schema"], error=data.get("error"), error_type=data.get("error_type"),
            format=data.get("format"), text_source=data.get("text_source"),
            legacy_encoding=data.get("legacy_encoding"), open_format=data.get("open_format"),
            pages=data.get("pages") or 0, fields=fields, publish_request_entry=data.get("publish_request_entry"),
            other_portal_entry=data.get("other_portal_entry"),
            category_suggestion=data.get("category_suggestion"),
            attachments=tuple(AttachmentRef(a.get("file", ""), a.get("sha256", ""), a.get("format"), a.get("error"))
                              for a in data.get("attachments") or []),
            signatures=tuple(data.get("signatures") or ()), warnings=tuple(data.get("warnings") or ()),
            edxml=EdxmlInfo.of(data.get("edxml")), converted_to=data.get("converted_to"), raw=data)

    def dump(self, *, attachments_in_full: bool = False) -> dict[str, Any]:
        """The stored form: the ``congbo parse --json`` object with its schema number; attachments
        as references unless ``attachments_in_full``."""
        out = {**self.raw, "schema": SCHEMA_VERSION}
        if not attachments_in_full:
            out["attachments"] = [{"file": a.file, "sha256": a.sha256, "format": a.format, "error": a.error}
                                  for a in self.attachments]
        return out


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema", 1)
    if version > SCHEMA_VERSION:
        raise ValueError(f"reading schema {version} is newer than this program's {SCHEMA_VERSION}")
    if version == 1:  # attachments were kept as file and hash only; nothing else changed meaning
        data["attachments"] = [{"format": None, "error": None, **a} for a in data.get("attachments") or []]
        data["schema"] = 2
    return data
