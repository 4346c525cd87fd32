"""Every real document in the shared corpus is read without error (`congbo parse --json`)."""

from __future__ import annotations

import json

import pytest

from ingest.cli import main

# Inside edXML kit packages: a 17-byte stand-in for a PDF (the kit's own test payload), not a document.
MEANT_TO_BE_BROKEN = {"GUIDE_INSTALL OPENVPN.SIGNED.PDF"}


def _errors(record: dict, path: str = "") -> list[str]:
    here = f"{path}/{record['file']}"
    found = [f"{here}: {record['error']}"] if "error" in record and record["file"] not in MEANT_TO_BE_BROKEN else []
    for child in record.get("attachments", []):
        found += _errors(child, here)
    return found


@pytest.mark.slow
def test_the_whole_corpus_reads_without_error(corpus, tesseract, soffice, capsys):
    main(["parse", "--json", str(corpus)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) >= 60
    errors = [e for r in records for e in _errors(r)]
    assert errors == []
    documents = [r for r in records if r["format"] != "text"]
    assert all("number" in r and "fields" in r for r in documents), "every document gets every metadata key"
    by_name = {r["file"].rsplit("/", 1)[-1]: r for r in records}
    assert by_name["pdf_scan_ttg_932-QD-TTg_2025.pdf"]["text_source"] == "ocr"
    assert by_name["pdf_text_bnv_8151-BNV-CCHC_2025.pdf"]["text_source"] == "text"
    assert by_name["doc_vptw_36-HD-VPTW_2018.doc"]["open_format"] is False
    assert by_name["edxml_vpcp-sdk_7816-VPCP-TTDT_replacement.edxml"]["text_source"] == "edxml"
