"""Reading a file end to end: choose a reader, parse, then read each attachment the same way.

:func:`read` never raises for bad input: a file that cannot be read comes back as a
:class:`Reading` with ``error`` set (its bytes, size and hash still known), and so does each
attachment, so one broken member does not hide the rest.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .base import Parsed, ParserContext
from .metadata import Metadata, extract_reading
from .errors import CorruptFile, InternalError, LimitExceeded, ParseError
from .limits import count_vi, declared_members
from .registry import ParserRegistry

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Reading:
    name: str
    size: int
    sha256: str
    parsed: Parsed | None = None
    error: ParseError | None = None
    attachments: list["Reading"] = field(default_factory=list)
    metadata: Metadata | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


def read(data: bytes, name: str, ctx: ParserContext, registry: ParserRegistry, *, depth: int = 0,
         metadata: bool = True) -> Reading:
    """Read a file and its attachments; with ``metadata``, extract the official metadata too."""
    reading = Reading(name, len(data), hashlib.sha256(data).hexdigest())
    try:
        reading.parsed = _parse(data, name, ctx, registry)
    except ParseError as exc:
        if exc.detail:
            log.info("%s not read: %s (%s)", name, exc, exc.detail)
        reading.error = exc
        return reading
    for attachment in reading.parsed.attachments:
        if depth + 1 > ctx.limits.max_nesting:
            reading.parsed.warnings.append(
                f"không đọc tệp đính kèm “{attachment.name}”: lồng sâu quá {ctx.limits.max_nesting} mức")
            continue
        reading.attachments.append(read(attachment.data, attachment.name, ctx, registry, depth=depth + 1,
                                        metadata=metadata))
    if metadata:
        reading.metadata = extract_reading(reading, ctx.publication)
    return reading


def _parse(data: bytes, name: str, ctx: ParserContext, registry: ParserRegistry) -> Parsed:
    if len(data) > ctx.limits.max_file_bytes:
        raise LimitExceeded(f"tệp {len(data) // 2**20} MB, vượt giới hạn "
                            f"{ctx.limits.max_file_bytes // 2**20} MB", name=name)
    if not data:
        raise CorruptFile("tệp rỗng (0 byte), không có nội dung để đọc", name=name)
    if data.startswith(b"PK\x03\x04"):  # before any reader opens it to sniff: its directory costs per member
        declared = declared_members(data)
        if declared is not None and declared > ctx.limits.max_members:
            raise LimitExceeded(f"tệp nén khai báo {count_vi(declared)} tệp bên trong, vượt giới hạn "
                                f"{count_vi(ctx.limits.max_members)} tệp", name=name)
    parser_cls = registry.choose(data, name)
    try:
        with parser_cls(ctx) as parser:  # type: ignore[call-arg]
            return parser.parse(data, name)
    except ParseError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise LimitExceeded(f"tệp quá lớn hoặc lồng nhau quá sâu để đọc dạng {parser_cls.format.upper()}",
                            name=name) from exc
    except Exception as exc:  # noqa: BLE001 - a library failing on malformed input is bad input, not a crash
        if _ours(exc):
            log.error("reader %s failed on %s: a bug of the reader", parser_cls.__name__, name, exc_info=True)
            raise InternalError(f"lỗi của chương trình khi đọc tệp {parser_cls.format.upper()} (không phải lỗi "
                                "của tệp); lỗi đã được ghi lại, tệp sẽ được đọc lại sau khi sửa", name=name,
                                detail=f"{type(exc).__name__}: {exc}") from exc
        log.debug("reader %s failed on %s", parser_cls.__name__, name, exc_info=True)
        raise CorruptFile(f"tệp {parser_cls.format.upper()} bị hỏng, không đọc được", name=name,
                          detail=f"{type(exc).__name__}: {exc}") from exc


_OURS = Path(__file__).resolve().parent
_PROGRAMMING_ERRORS = (TypeError, AttributeError, NameError, AssertionError, ZeroDivisionError, IndexError, KeyError,
                       ValueError, ArithmeticError, LookupError)


def _ours(exc: BaseException) -> bool:
    """A programming error raised in congbo's own reader code (the innermost frame is ours), as
    opposed to a library refusing malformed bytes."""
    if not isinstance(exc, _PROGRAMMING_ERRORS):
        return False
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    where = Path(last.tb_frame.f_code.co_filename).resolve()
    return _OURS in where.parents


def to_dict(reading: Reading) -> dict[str, Any]:
    """The ``congbo parse --json`` object of one file."""
    out: dict[str, Any] = {"file": reading.name, "size": reading.size, "sha256": reading.sha256}
    if reading.error is not None:
        out["error"] = str(reading.error)
        out["error_type"] = type(reading.error).__name__
        return out
    parsed = reading.parsed
    assert parsed is not None
    out.update({
        "format": parsed.format,
        "mime": parsed.mime,
        "text_source": parsed.text_source,
        "legacy_encoding": parsed.legacy_encoding,
        "open_format": parsed.open_format,
        "pages": parsed.page_count,
        "ocr_pages": sum(1 for p in parsed.pages if p.text_source == "ocr"),
        "chars": len(parsed.text),
        "signatures": [_signature(s) for s in parsed.signatures],
        "attachments": [to_dict(a) for a in reading.attachments],
        "warnings": list(parsed.warnings),
        "properties": parsed.properties,
    })
    if parsed.converted:
        out["converted_to"] = parsed.converted[0]
    if parsed.edxml is not None:
        out["edxml"] = parsed.edxml
    if reading.metadata is not None:
        out.update(reading.metadata.to_dict())
        out["warnings"] += reading.metadata.warnings
    return out


def _signature(sig: Any) -> dict[str, Any]:
    return {"field": sig.field_name, "signer_name": sig.signer_name, "signer_organisation": sig.signer_organisation,
            "signing_time": sig.signing_time, "intact": sig.intact, "covers_whole_file": sig.covers_whole_file,
            "coverage": sig.coverage, "trusted": "unknown" if sig.trusted is None else sig.trusted,
            **({"error": sig.error} if sig.error else {})}


def summary(reading: Reading, indent: str = "") -> list[str]:
    """Short human lines for ``congbo parse`` without ``--json``."""
    if reading.error is not None:
        return [f"{indent}{reading.name}: ERROR: {reading.error}"]
    p = reading.parsed
    assert p is not None
    bits = [p.format, f"{p.page_count} page(s)", f"{len(p.text)} chars", f"text from {p.text_source}"]
    if p.legacy_encoding:
        bits.append(f"converted from {p.legacy_encoding}")
    if not p.open_format:
        bits.append("not an open format")
    for sig in p.signatures:
        state = "intact" if sig.intact else "NOT INTACT"
        bits.append(f"signed by {sig.signer_name or '?'} ({state})")
    lines = [f"{indent}{reading.name}: " + ", ".join(bits)]
    lines += [f"{indent}  warning: {w}" for w in p.warnings]
    for child in reading.attachments:
        lines += summary(child, indent + "  ")
    return lines
