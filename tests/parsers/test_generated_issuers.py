"""Class 1 of unseen documents: a long issuing body wraps in the header's narrow left column
("SỞ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI"). The parent/issuer split comes from the names' own
shape (a line that does not begin a body's name continues the one above), not from the line count.
Proven on documents drawn by ``ingest.generated``, printed as DOCX, ODT, mail, PDF and DOC."""

from __future__ import annotations

import random
import subprocess
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from ingest.generated import Generated, draw
from ingest.samples import build_docx, build_odt
from parsers.reading import read, to_dict


def _wrapped(seed: int) -> Generated:
    generated = draw(random.Random(seed))
    assume(generated.layout["issuer_lines"] >= 2)
    return generated


def _as_mail(docx: bytes) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "vanthu@sxd.kontum.gov.vn", "tbt@sxd.kontum.gov.vn", "Văn bản"
    message.set_content("Gửi văn bản đính kèm.")
    message.add_attachment(docx, maintype="application", subtype="octet-stream", filename="van-ban.docx")
    return message.as_bytes()


def _bodies(found: dict) -> tuple[str | None, str | None]:
    return found["issuer"], found["parent_issuer"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                 HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), kind=st.sampled_from(["docx", "odt", "mail"]))
def test_a_wrapped_issuing_body_is_read_whole_and_apart_from_its_parent(seed, kind, ctx, registry):
    generated = _wrapped(seed)
    docx = build_docx(generated.document)
    data = {"docx": docx, "odt": build_odt(generated.document), "mail": _as_mail(docx)}[kind]
    reading = read(data, f"van-ban.{kind if kind != 'mail' else 'eml'}", ctx, registry)
    found = to_dict(reading.attachments[0] if kind == "mail" else reading)
    assert _bodies(found) == (generated.truth["issuer"], generated.truth["parent_issuer"])


@pytest.fixture(scope="module")
def printed(tmp_path_factory, soffice) -> list[tuple[Generated, str, bytes]]:
    """Eight wrapped-issuer documents printed to PDF and saved as DOC by LibreOffice, in one batch."""
    rng, chosen = random.Random(20261201), []
    while len(chosen) < 8:
        generated = draw(rng)
        if generated.layout["issuer_lines"] >= 2:
            chosen.append(generated)
    folder = tmp_path_factory.mktemp("wrapped")
    sources = []
    for index, generated in enumerate(chosen):
        sources.append(folder / f"d{index}.docx")
        sources[-1].write_bytes(build_docx(generated.document))
    out = []
    for target, filt in (("pdf", "pdf"), ("doc", "doc:MS Word 97")):
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
                        filt, "--outdir", str(folder / target), *map(str, sources)], check=True, capture_output=True,
                       timeout=600)
        out += [(generated, target, (folder / target / f"d{index}.{target}").read_bytes())
                for index, generated in enumerate(chosen)]
    return out


def test_a_wrapped_issuing_body_in_printed_pdf_and_legacy_doc(printed, ctx, registry):
    for generated, kind, data in printed:
        found = to_dict(read(data, f"van-ban.{kind}", ctx, registry))
        assert _bodies(found) == (generated.truth["issuer"], generated.truth["parent_issuer"]), (
            kind, generated.document.header_left)
