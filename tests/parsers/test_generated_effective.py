"""Class 3 of unseen documents: the effective date. A decision's own clause gives it ("có hiệu lực
kể từ ngày ký", "… thi hành kể từ ngày …", "… sau 10 ngày kể từ ngày ký"), also when the clause
goes on to replace another decision of another date; a document that gives another document's
effectivity ("Quyết định số 12/QĐ-UBND có hiệu lực từ …") or only dates of work in its body has
none. Proven on documents drawn by ``ingest.generated``, in every format the class was seen in."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ingest.generated import Generated, draw

from .generated_reading import QUICK_KINDS, drawn, printed, read_as


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), kind=st.sampled_from(QUICK_KINDS))
def test_the_effective_date_is_the_documents_own_or_none(seed, kind, ctx, registry):
    generated = drawn(seed)
    found = read_as(generated, kind, ctx, registry)
    assert found["effective_on"] == generated.truth["effective_on"], generated.document.body
    if found["effective_on"] is None:
        assert "effective_on" not in found["fields"] or found["fields"]["effective_on"].get("found") is None


@pytest.fixture(scope="module")
def printed_set(tmp_path_factory, soffice) -> list[tuple[Generated, str, bytes]]:
    rng, wanted, chosen = random.Random(20261202), {"signing", "date", "after", "signing-replaces", "date-replaces",
                                                     "none"}, []
    while wanted:  # one document of each phrasing, and one without a clause
        generated = draw(rng)
        if generated.layout.get("effective", "none") in wanted:
            wanted.discard(generated.layout.get("effective", "none"))
            chosen.append(generated)
    return printed(chosen, tmp_path_factory.mktemp("printed"), soffice)


def test_the_effective_date_in_printed_pdf_and_legacy_doc(printed_set, ctx, registry):
    for generated, kind, data in printed_set:
        found = read_as(generated, kind, ctx, registry, data)
        assert found["effective_on"] == generated.truth["effective_on"], (kind, generated.layout)
