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


def test_character_boxes_keep_their_letters_where_pdfium_leaves_characters_out_of_the_text(corpus, monkeypatch):
    """In this scan's hidden OCR layer PDFium's text skips characters, so its bulk text no longer
    lines up with the character indices; each box must still carry its own letter, as when every
    letter is asked for one by one."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from parsers.pdf_layout import pdfium_chars

    pdf = pdfium.PdfDocument((corpus / "real" / "pdf_ocrgarbled_cat-lamdong_298-TTr-CAT-PC04_2025.pdf").read_bytes())
    page = pdf[0]
    textpage = page.get_textpage()
    found = [(c.text, c.x0) for c in pdfium_chars(textpage, page.get_height())]
    monkeypatch.setattr(pdfium_c, "FPDFText_GetText", lambda *args: 0)  # force one by one
    one_by_one = [(c.text, c.x0) for c in pdfium_chars(textpage, page.get_height())]
    textpage.close()
    page.close()
    pdf.close()
    assert len(found) > 100 and found == one_by_one
