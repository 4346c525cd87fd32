"""Class 3 of unseen documents: the effective date. A decision's own clause gives it ("có hiệu lực
kể từ ngày ký", "… thi hành kể từ ngày …", "… sau 10 ngày kể từ ngày ký"), also when the clause
goes on to replace another decision of another date; a document that gives another document's
effectivity ("Quyết định số 12/QĐ-UBND có hiệu lực từ …") or only dates of work in its body has
none. Proven on documents drawn by ``ingest.generated``, in every format the class was seen in."""

from __future__ import annotations

import random
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ingest.generated import Generated, draw
from ingest.samples import build_docx, build_odt
from parsers.reading import read, to_dict

from .test_generated_issuers import _as_mail


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), kind=st.sampled_from(["docx", "odt", "mail"]))
def test_the_effective_date_is_the_documents_own_or_none(seed, kind, ctx, registry):
    generated = draw(random.Random(seed))
    docx = build_docx(generated.document)
    data = {"docx": docx, "odt": build_odt(generated.document), "mail": _as_mail(docx)}[kind]
    reading = read(data, f"van-ban.{kind if kind != 'mail' else 'eml'}", ctx, registry)
    found = to_dict(reading.attachments[0] if kind == "mail" else reading)
    assert found["effective_on"] == generated.truth["effective_on"], generated.document.body
    if found["effective_on"] is None:
        assert "effective_on" not in found["fields"] or found["fields"]["effective_on"].get("found") is None


@pytest.fixture(scope="module")
def printed(tmp_path_factory, soffice) -> list[tuple[Generated, str, bytes]]:
    rng, wanted, chosen = random.Random(20261202), {"signing", "date", "after", "signing-replaces", "date-replaces",
                                                     "none"}, []
    while wanted:  # one document of each phrasing, and one without a clause
        generated = draw(rng)
        if generated.layout.get("effective", "none") in wanted:
            wanted.discard(generated.layout.get("effective", "none"))
            chosen.append(generated)
    folder = tmp_path_factory.mktemp("effective")
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


def test_the_effective_date_in_printed_pdf_and_legacy_doc(printed, ctx, registry):
    for generated, kind, data in printed:
        found = to_dict(read(data, f"van-ban.{kind}", ctx, registry))
        assert found["effective_on"] == generated.truth["effective_on"], (kind, generated.layout)
