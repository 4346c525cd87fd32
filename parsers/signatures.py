"""Embedded PDF signatures, read and checked with pyHanko.

For each signature: the signer's name and organisation from the certificate, the signing time the
signer claims (or the timestamp token's), whether the signed bytes are intact, and whether the
signature covers the whole file (a later incremental update would not be covered). Trust in a root
is only judged when root certificates are configured; otherwise ``trusted`` is ``None``.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from .base import Signature, nfc

log = logging.getLogger(__name__)


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


def read_signatures(data: bytes, trust_roots: tuple[Path, ...], warnings: list[str]) -> list[Signature]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on damaged files
        warnings.append(f"signatures could not be read: {exc}")
        return []
    roots = _load_roots(trust_roots) if trust_roots else []
    found = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        name = sig.field_name or "?"
        try:
            status = validate_pdf_signature(sig, context, skip_diff=True)
        except Exception as exc:  # noqa: BLE001
            found.append(Signature(name, None, None, None, False, False, "unknown", None, error=str(exc)))
            warnings.append(f"signature {name}: could not be checked: {exc}")
            continue
        subject = status.signing_cert.subject.native if status.signing_cert else {}
        when = status.signer_reported_dt
        if status.timestamp_validity is not None:
            when = status.timestamp_validity.timestamp
        coverage = status.coverage.name if status.coverage is not None else "unknown"
        found.append(Signature(
            field_name=name,
            signer_name=nfc(subject.get("common_name", "")) or None,
            signer_organisation=nfc(subject.get("organization_name", "")) or None,
            signing_time=when.isoformat() if when else None,
            intact=bool(status.intact),
            covers_whole_file=coverage == "ENTIRE_FILE",
            coverage=coverage,
            trusted=bool(status.trusted) if roots else None,
        ))
        if not status.intact:
            warnings.append(f"signature {name}: the signed bytes have been changed")
    return found
