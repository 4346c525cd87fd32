"""Class 4 of unseen documents: subjects of several lines, a công văn's "V/v" under its number, and
a wrapped line with no case of its own ("… quý" / "III", "… năm" / "2024") that still belongs to the
subject. Proven on documents drawn by ``ingest.generated`` and on the wrapped tails directly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ingest.samples import SampleDocument, build_docx, build_odt
from parsers.reading import read, to_dict

from .generated_reading import QUICK_KINDS, drawn, printed, read_as


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), kind=st.sampled_from(QUICK_KINDS))
def test_the_subject_is_read_whole(seed, kind, ctx, registry):
    found = read_as(generated := drawn(seed), kind, ctx, registry)
    assert found["subject"] == generated.truth["subject"]


@pytest.mark.parametrize("tail", ["III", "2024", "12/QĐ-UBND"])
@pytest.mark.parametrize("doc_type", ["QUYẾT ĐỊNH", None])
@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_a_wrapped_line_with_no_case_of_its_own_stays_in_the_subject(tail, doc_type, build, ctx, registry):
    head = "Đề nghị cung cấp thông tin về giá vật liệu xây dựng quý" if doc_type else "V/v đề nghị báo cáo theo văn bản số"
    sample = replace(SampleDocument(), doc_type=doc_type, subject=f"{head}\n{tail}")
    found = to_dict(read(build(sample), "van-ban", ctx, registry))
    assert found["subject"] == f"{head} {tail}"


@pytest.fixture(scope="module")
def printed_set(tmp_path_factory, soffice):
    """Documents whose subject wraps onto a case-less last line, printed to PDF and saved as DOC."""
    from ingest.generated import Generated

    chosen = []
    for tail, doc_type in (("III", "QUYẾT ĐỊNH"), ("2024", None), ("12/QĐ-UBND", "THÔNG BÁO")):
        head = "Đề nghị cung cấp thông tin về giá vật liệu xây dựng quý" if doc_type else "V/v báo cáo kết quả năm"
        document = replace(SampleDocument(), doc_type=doc_type, subject=f"{head}\n{tail}")
        chosen.append(Generated(document, {"subject": f"{head} {tail}"}, {}))
    return printed(chosen, tmp_path_factory.mktemp("subjects"), soffice)


def test_a_wrapped_case_less_line_stays_in_the_subject_in_printed_pdf_and_legacy_doc(printed_set, ctx, registry):
    for generated, kind, data in printed_set:
        assert read_as(generated, kind, ctx, registry, data)["subject"] == generated.truth["subject"], kind
