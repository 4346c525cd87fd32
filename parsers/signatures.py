"""Embedded PDF signatures, read and checked with pyHanko.

For each signature: the signer's name and organisation from the certificate, the signing time the
signer claims (or the timestamp token's), whether the signed bytes are intact, and whether the
signature covers the whole file (a later incremental update would not be covered). Trust in a root
is only judged when root certificates are configured; otherwise ``trusted`` is ``None``.
"""

from __future__ import annotations

import binascii
import io
import logging
import re
from pathlib import Path
from typing import Any

from .base import Signature, nfc

log = logging.getLogger(__name__)


_WHITESPACE = b" \t\r\n\f\x00"
_HEX = re.compile(rb"[0-9A-Fa-f]*")


def read_hex_string(stream: Any) -> Any:
    """pyHanko's ``read_hex_string_from_stream``, reading the string in one piece.

    pyHanko tokenises hex strings one byte at a time in Python; a signature's ``/Contents`` is
    tens of kilobytes of hex, so a file with five signatures spent 0.09 s there (3/4 of its
    checking time). Same input, same output, same errors; installed by :func:`read_signatures`."""
    from pyhanko.pdf_utils.generic import PdfStreamError, pdf_string

    stream.read(1)  # "<"
    start = stream.tell()
    raw = bytearray()
    while True:
        chunk = stream.read(65536)
        if not chunk:
            raise PdfStreamError("Stream has ended unexpectedly")
        end = chunk.find(b">")
        if end >= 0:
            raw += chunk[:end]
            break
        raw += chunk
    stream.seek(start + len(raw) + 1)
    digits = bytes(raw).translate(None, _WHITESPACE)
    if not _HEX.fullmatch(digits):
        raise PdfStreamError(f"Unexpected token in hex string: {digits[:20]!r}")
    return pdf_string(binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits))


_pyhanko_hex_reader: Any = None  # pyHanko's own function, kept for comparison in the tests


def _install_fast_hex_reader() -> None:
    global _pyhanko_hex_reader
    from pyhanko.pdf_utils import generic

    if generic.read_hex_string_from_stream is not read_hex_string:
        _pyhanko_hex_reader = generic.read_hex_string_from_stream
        generic.read_hex_string_from_stream = read_hex_string


def _load_roots(paths: tuple[Path, ...]) -> list:
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        raw = path.read_bytes()
        if pem.detect(raw):
            for _, _, der in pem.unarmor(raw, multiple=True):
                roots.append(x509.Certificate.load(der))
        else:
            roots.append(x509.Certificate.load(raw))
    return roots


def _subject(cert: Any) -> tuple[str | None, str | None]:
    subject = cert.subject.native if cert is not None else {}
    return nfc(subject.get("common_name", "")) or None, nfc(subject.get("organization_name", "")) or None


def _claimed_time(sig: Any) -> str | None:
    """The timestamp token's time when there is one, else the time the signer claims."""
    for attribute in sig.signer_info["unsigned_attrs"] or []:
        if attribute["type"].native == "signature_time_stamp_token":
            try:
                token = attribute["values"][0]["content"]
                return token["encap_content_info"]["content"].parsed["gen_time"].native.isoformat()
            except (KeyError, ValueError, AttributeError, IndexError):
                break
    when = sig.self_reported_timestamp
    return when.isoformat() if when else None


def _unjudged(sig: Any) -> Signature:
    """Integrity and coverage only: with no trust root configured, building certificate paths
    could only end in "unknown", and costs more than the rest of the check."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    sig.compute_integrity_info(skip_diff=True)  # coverage is reported; later revisions are not judged
    intact, _ = validate_sig_integrity(sig.signer_info, sig.signer_cert, expected_content_type="data",
                                       actual_digest=sig.compute_digest())
    coverage = sig.coverage.name if sig.coverage is not None else "unknown"
    name, organisation = _subject(sig.signer_cert)
    return Signature(sig.field_name or "?", name, organisation, _claimed_time(sig), bool(intact),
                     coverage == "ENTIRE_FILE", coverage, None)


def _judged(sig: Any, roots: list) -> Signature:
    """Full validation by pyHanko against the configured roots."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False), skip_diff=True)
    when = status.signer_reported_dt
    if status.timestamp_validity is not None:
        when = status.timestamp_validity.timestamp
    coverage = status.coverage.name if status.coverage is not None else "unknown"
    name, organisation = _subject(status.signing_cert)
    return Signature(sig.field_name or "?", name, organisation, when.isoformat() if when else None,
                     bool(status.intact), coverage == "ENTIRE_FILE", coverage, bool(status.trusted))


def read_signatures(data: bytes, trust_roots: tuple[Path, ...], warnings: list[str]) -> list[Signature]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    _install_fast_hex_reader()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on damaged files
        log.info("signatures not read: %s", exc)
        warnings.append("không đọc được chữ ký số của tệp")
        return []
    roots = _load_roots(trust_roots) if trust_roots else []
    found = []
    for sig in embedded:
        name = sig.field_name or "?"
        try:
            found.append(_judged(sig, roots) if roots else _unjudged(sig))
        except Exception as exc:  # noqa: BLE001
            found.append(Signature(name, None, None, None, False, False, "unknown", None, error=str(exc)))
            log.info("signature %s not checked: %s", name, exc)
            warnings.append(f"chữ ký “{name}”: không kiểm tra được")
            continue
        if not found[-1].intact:
            warnings.append(f"chữ ký “{name}”: nội dung đã ký bị thay đổi sau khi ký")
    return found
