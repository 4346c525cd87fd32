"""Class 1 of unseen documents: a long issuing body wraps in the header's narrow left column
("SỞ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI"). The parent/issuer split comes from the names' own
shape (a line that does not begin a body's name continues the one above), not from the line count.
Proven on documents drawn by ``ingest.generated``, printed as DOCX, ODT, mail, PDF and DOC."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from ingest.generated import Generated, draw

from .generated_reading import QUICK_KINDS, drawn, printed, read_as


def _wrapped(seed: int) -> Generated:
    generated = drawn(seed)
    assume(generated.layout["issuer_lines"] >= 2)
    return generated


def _bodies(found: dict) -> tuple[str | None, str | None]:
    return found["issuer"], found["parent_issuer"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                 HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), kind=st.sampled_from(QUICK_KINDS))
def test_a_wrapped_issuing_body_is_read_whole_and_apart_from_its_parent(seed, kind, ctx, registry):
    generated = _wrapped(seed)
    found = read_as(generated, kind, ctx, registry)
    assert _bodies(found) == (generated.truth["issuer"], generated.truth["parent_issuer"])


@pytest.fixture(scope="module")
def printed_set(tmp_path_factory, soffice) -> list[tuple[Generated, str, bytes]]:
    """Eight wrapped-issuer documents printed to PDF and saved as DOC by LibreOffice, in one batch."""
    rng, chosen = random.Random(20261201), []
    while len(chosen) < 8:
        generated = draw(rng)
        if generated.layout["issuer_lines"] >= 2:
            chosen.append(generated)
    return printed(chosen, tmp_path_factory.mktemp("printed"), soffice)


def test_a_wrapped_issuing_body_in_printed_pdf_and_legacy_doc(printed_set, ctx, registry):
    for generated, kind, data in printed_set:
        found = read_as(generated, kind, ctx, registry, data)
        assert _bodies(found) == (generated.truth["issuer"], generated.truth["parent_issuer"]), (
            kind, generated.document.header_left)
