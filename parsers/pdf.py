"""PDF: pypdfium2 for the text of every page, OCR for pages without text, pyHanko for signatures.

Positions come from PDFium cheaply: every page gets its text segments as lines with boxes, and
the first and last pages (the two-column header and the signature block) also get word boxes from
PDFium's character boxes. pdfplumber is kept for what needs its analysis: pages whose text is in a
legacy font, where it gives the font of every character (a ``.VnTimeH`` run must be upper-cased).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdfium2 as pdfium

from . import legacy
from .base import BaseParser, Line, Page, Parsed, nfc
from .errors import CorruptFile, EncryptedFile, LimitExceeded
from .ocr import OcrPool, prepare
from .pdf_layout import pdfium_chars, pdfplumber_chars, positional_rows, rows_text
from .signatures import read_signatures

_PDFIUM_PASSWORD_ERROR = 4
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE
_GARBLED_BELOW = 0.8
_REORDER_BELOW = 0.9
_SIGNATURE_PAGE = re.compile(r"N[ơo]i\s*nh[ậa]n", re.IGNORECASE)  # the page with "Nơi nhận" gets layout too  # under this share of well-formed syllables, try placing characters by position  # share of well-formed Vietnamese syllables under which a scan's OCR layer is redone


class PdfParser(BaseParser):
    format = "pdf"
    mime = "application/pdf"
    open_format = True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 100 if b"%PDF-" in head[:1024] else None

    def parse(self, data: bytes, name: str) -> Parsed:
        pdf = self._open(data, name)
        try:
            result = self.result(properties=_metadata(pdf))
            pages = self._read_pages(pdf, data, name, result)
        finally:
            pdf.close()
        result.pages = pages
        result.text = "\f".join(p.text for p in pages)
        sources = {p.text_source for p in pages if p.text.strip()}
        result.text_source = "ocr" if sources == {"ocr"} or (not sources and any(
            p.text_source == "ocr" for p in pages)) else "text"
        if sources == {"text", "ocr"}:
            result.warnings.append("mixed file: some pages have a text layer, others were OCR'd")
        if b"/ByteRange" in data:
            result.signatures = read_signatures(data, self.ctx.trust_roots, result.warnings)
        return result

    def _open(self, data: bytes, name: str) -> pdfium.PdfDocument:
        try:
            return pdfium.PdfDocument(data, password="")
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR or "password" in str(exc).lower():
                raise EncryptedFile("the PDF is protected by a password that is not empty", name=name) from exc
            raise CorruptFile(f"not a readable PDF ({exc})", name=name) from exc

    def _read_pages(self, pdf: pdfium.PdfDocument, data: bytes, name: str, result: Parsed) -> list[Page]:
        count = len(pdf)
        pages: list[Page] = []
        scans: list[int] = []
        signature_page_found = False
        for index in range(count):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    text, lines, quality, reordered = _page_text(
                        textpage, height, detail=index in (0, count - 1), signature_page=not signature_page_found)
                finally:
                    textpage.close()
            finally:
                page.close()
            signature_page_found = signature_page_found or bool(_SIGNATURE_PAGE.search(text))
            if reordered:
                result.warnings.append(f"page {index + 1}: characters reordered by position")
            if len(re.sub(r"\s", "", text)) < self.ctx.min_text_chars:
                scans.append(index)
            elif quality is not None and quality < _GARBLED_BELOW and _covered_by_image(pdf, index):
                scans.append(index)
                result.warnings.append(f"page {index + 1}: the text layer of this scan is garbled; page OCR'd again")
            pages.append(Page(index + 1, width, height, text, "text", lines))
        self._convert_legacy(data, pages, result)
        if scans:
            self._ocr(pdf, pages, scans, name)
        return pages

    def _convert_legacy(self, data: bytes, pages: list[Page], result: Parsed) -> None:
        """Pages whose text could be TCVN3/VNI are re-read with pdfplumber, which gives each
        character's font: runs in ``.Vn*``/``VNI-*`` fonts are decoded by their font (``.VnTimeH``
        upper-cased), other runs by the page's character statistics, and the page is laid out again
        from the characters' positions."""
        candidates = [p for p in pages if legacy.is_legacy_candidate(p.text)]
        if not candidates:
            return
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in candidates:
                guess = legacy.detect(page.text)
                used: set[str] = set()

                def convert(text: str, font: str | None, guess=guess, used=used) -> str:
                    encoding, upper = legacy.encoding_of_font(font)
                    encoding = encoding or (guess if legacy.is_legacy_candidate(text) else None)
                    if encoding is None:
                        return text
                    used.add(encoding)
                    return legacy.convert(text, encoding, upper=upper)

                rows = positional_rows(pdfplumber_chars(pdf.pages[page.number - 1], convert))
                if not used:
                    continue
                page.text = rows_text(rows)
                page.lines = [segment for row in rows for segment in row]
                result.legacy_encoding = "TCVN3" if "TCVN3" in used else "VNI"
        if result.legacy_encoding:
            result.warnings.append(f"text converted from {result.legacy_encoding} to Unicode")

    def _ocr(self, pdf: pdfium.PdfDocument, pages: list[Page], scans: list[int], name: str) -> None:
        limit = self.ctx.limits.max_ocr_pages
        if len(scans) > limit:
            raise LimitExceeded(f"{len(scans)} pages need OCR, more than the limit of {limit}", name=name)
        dpi = self.ctx.ocr_dpi
        with OcrPool(self.ctx) as pool:
            for index in scans:
                page = pdf[index]
                try:
                    image = page.render(scale=dpi / 72).to_pil()
                finally:
                    page.close()
                path = self.workdir / f"page-{index + 1:04d}.png"
                prepare(image, first_page=index == 0).save(path)
                pool.submit(path, dpi)
            for index, ocr in zip(scans, pool.results()):
                page = pages[index]
                page.text, page.lines, page.text_source = ocr.text, ocr.lines, "ocr"


def _covered_by_image(pdf: pdfium.PdfDocument, index: int) -> bool:
    """Whether an image fills half the page or more: a scan, when its text layer reads badly."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        for obj in page.get_objects(max_depth=1):
            if obj.type == _IMAGE_OBJECT:
                left, bottom, right, top = obj.get_bounds()
                if (right - left) * (top - bottom) >= 0.5 * width * height:
                    return True
    finally:
        page.close()
    return False


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return nfc(text.replace("\ufffe", "").replace("\x02", "-"))


def _page_text(textpage: Any, height: float, *, detail: bool,
               signature_page: bool = False) -> tuple[str, list[Line], float | None, bool]:
    # signature_page: this page gets layout if it holds "Nơi nhận" (only the first such page does)
    """(text, lines, syllable quality, reordered). PDFium's order, unless the text reads badly and
    placing the characters by position reads better. The header page, the last page and the page
    holding "Nơi nhận" (the signature block), and reordered pages, get lines and word boxes; the layout of other pages is not computed, as it
    would cost more than reading their text."""
    text = _clean(textpage.get_text_range())
    quality = legacy.syllable_quality(text)
    poor = quality is not None and quality < _REORDER_BELOW
    detail = detail or (signature_page and bool(_SIGNATURE_PAGE.search(text)))
    if not (poor or detail):
        return text, [], quality, False
    rows = positional_rows(pdfium_chars(textpage, height))
    lines = [segment for row in rows for segment in row]
    if poor:
        rebuilt = rows_text(rows)
        better = legacy.syllable_quality(rebuilt)
        if better is not None and better > quality:  # type: ignore[operator]
            return rebuilt, lines, better, True
    return text, lines, quality, False


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, Any]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - broken info dictionaries are common and harmless
        meta = {}
    props = {k.lower(): nfc(str(v)) for k, v in meta.items()}
    props["pdf_version"] = pdf.get_version()
    return props
