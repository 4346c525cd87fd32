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
from .base import BaseParser, Line, Page, Parsed, Word, nfc
from .errors import CorruptFile, EncryptedFile, LimitExceeded
from .ocr import OcrPool
from .signatures import read_signatures

_PDFIUM_PASSWORD_ERROR = 4
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE
_GARBLED_BELOW = 0.8  # share of well-formed Vietnamese syllables under which a scan's OCR layer is redone


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
        for index in range(count):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    text = _clean(textpage.get_text_range())
                    detail = index in (0, count - 1)
                    lines = _lines(textpage, height, words=detail)
                finally:
                    textpage.close()
            finally:
                page.close()
            if len(re.sub(r"\s", "", text)) < self.ctx.min_text_chars:
                scans.append(index)
            elif _garbled_scan(pdf, index, text):
                scans.append(index)
                result.warnings.append(f"page {index + 1}: the text layer of this scan is garbled; page OCR'd again")
            pages.append(Page(index + 1, width, height, text, "text", lines))
        self._convert_legacy(data, pages, result)
        if scans:
            self._ocr(pdf, pages, scans, name)
        return pages

    def _convert_legacy(self, data: bytes, pages: list[Page], result: Parsed) -> None:
        candidates = [p.number for p in pages if legacy.is_legacy_candidate(p.text)]
        if not candidates:
            return
        fonts = _legacy_fonts_by_page(data, candidates)
        for page in pages:
            if not legacy.is_legacy_candidate(page.text):
                continue
            encoding, upper = fonts.get(page.number, (None, False))
            encoding = encoding or legacy.detect(page.text)
            if encoding is None:
                continue
            page.text = legacy.convert(page.text, encoding, upper=upper)
            for line in page.lines:
                line.text = legacy.convert(line.text, encoding, upper=upper)
                for word in line.words:
                    word.text = legacy.convert(word.text, encoding, upper=upper)
            result.legacy_encoding = encoding
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
                image.convert("L").save(path)
                pool.submit(path, dpi)
            for index, ocr in zip(scans, pool.results()):
                page = pages[index]
                page.text, page.lines, page.text_source = ocr.text, ocr.lines, "ocr"


def _garbled_scan(pdf: pdfium.PdfDocument, index: int, text: str) -> bool:
    """A scanned page whose hidden OCR layer reads as nonsense (wrong font mapping, bad OCR)."""
    quality = legacy.syllable_quality(text)
    if quality is None or quality >= _GARBLED_BELOW:
        return False
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


def _lines(textpage: Any, height: float, *, words: bool) -> list[Line]:
    lines = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = _clean(textpage.get_text_bounded(left, bottom, right, top)).strip()
        if text:
            lines.append(Line(text, (left, height - top, right, height - bottom)))
    if words and lines:
        _attach_words(textpage, height, lines)
    return lines


def _attach_words(textpage: Any, height: float, lines: list[Line]) -> None:
    """Word boxes from character boxes, each word given to the line whose box holds its centre."""
    current: list[tuple[str, tuple[float, float, float, float]]] = []
    found: list[Word] = []

    def flush() -> None:
        if current:
            text = nfc("".join(c for c, _ in current))
            boxes = [b for _, b in current]
            found.append(Word(text, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                     max(b[2] for b in boxes), max(b[3] for b in boxes))))
            current.clear()

    all_text = textpage.get_text_range()
    for index in range(min(textpage.count_chars(), len(all_text))):
        char = all_text[index]
        if char.isspace() or char in "\x00\ufffe":
            flush()
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        current.append((char, (left, height - top, right, height - bottom)))
    flush()
    for word in found:
        cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        for line in lines:
            x0, y0, x1, y1 = line.box
            if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
                line.words.append(word)
                break


def _legacy_fonts_by_page(data: bytes, numbers: list[int]) -> dict[int, tuple[str | None, bool]]:
    """The legacy encoding and upper-case flag of the dominant font of each page, via pdfplumber."""
    import pdfplumber

    found: dict[int, tuple[str | None, bool]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in numbers:
            counts: dict[tuple[str | None, bool], int] = {}
            for char in pdf.pages[number - 1].chars:
                key = legacy.encoding_of_font(char.get("fontname"))
                counts[key] = counts.get(key, 0) + 1
            if counts:
                best = max(counts, key=counts.__getitem__)
                if best[0]:
                    found[number] = best
    return found


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, Any]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - broken info dictionaries are common and harmless
        meta = {}
    props = {k.lower(): nfc(str(v)) for k, v in meta.items()}
    props["pdf_version"] = pdf.get_version()
    return props
