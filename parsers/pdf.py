"""PDF: pypdfium2 for the text of every page, OCR for pages without text, pyHanko for signatures.

Positions come from PDFium's character boxes, only where the metadata needs them: the first page
(the two-column header), the first page holding "Nơi nhận" (the signature block; else the last
page) and pages whose text reads badly. pdfplumber is kept for what needs its analysis: pages
whose text is in a legacy font, where it gives the font of every character (a ``.VnTimeH`` run
must be upper-cased).
"""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import legacy
from .base import RECIPIENTS_LABEL, BaseParser, Line, Page, Parsed, nfc
from .errors import CorruptFile, EncryptedFile, LimitExceeded
from .ocr import OcrPool, prepare
from .pdf_layout import pdfium_chars, pdfplumber_chars, positional_rows, rows_text, stamp_char
from .signatures import read_signatures

_PDFIUM_PASSWORD_ERROR = 4
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE
_GARBLED_BELOW = 0.8  # share of well-formed Vietnamese syllables under which a scan's OCR layer is redone
_REORDER_BELOW = 0.9  # under this share of well-formed syllables, try placing characters by position


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
            result.warnings.append("tệp hỗn hợp: có trang có lớp chữ, có trang phải nhận dạng chữ (OCR)")
        if b"/ByteRange" in data:
            result.signatures = read_signatures(data, self.ctx.trust_roots, result.warnings)
        return result

    def _open(self, data: bytes, name: str) -> pdfium.PdfDocument:
        try:
            return pdfium.PdfDocument(data, password="")
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR or "password" in str(exc).lower():
                raise EncryptedFile("tệp PDF được bảo vệ bằng mật khẩu", name=name) from exc
            raise CorruptFile("không phải tệp PDF đọc được", name=name, detail=str(exc)) from exc

    def _read_pages(self, pdf: pdfium.PdfDocument, data: bytes, name: str, result: Parsed) -> list[Page]:
        count = len(pdf)
        pages: list[Page] = []
        scans: list[int] = []
        thin: set[int] = set()
        signature_page_found = False
        for index in range(count):
            page = pdf[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    raw = _clean(textpage.get_text_range())
                    stamps = self._stamps(pdf, page, textpage, height, raw, result) if index == 0 else []
                    # the last page too when no "Nơi nhận" came before it: a signature block without one
                    last = index == count - 1 and not signature_page_found
                    text, lines, quality, reordered = _page_text(
                        textpage, raw, height, detail=index == 0 or last,
                        signature_page=not signature_page_found, stamps=stamps)
                finally:
                    textpage.close()
            finally:
                page.close()
            signature_page_found = signature_page_found or bool(RECIPIENTS_LABEL.search(text))
            if reordered:
                result.warnings.append(f"trang {index + 1}: đã sắp lại ký tự theo vị trí trên trang")
            if not _has_text(text, self.ctx.min_text_chars) and (not text.strip() or _has_image(pdf, index)):
                scans.append(index)  # (a little text and no picture: a last page's few lines, all there is)
                if text.strip():
                    thin.add(index)  # a little text: OCR may find more, or nothing (then the layer stays)
            elif quality is not None and quality < _GARBLED_BELOW and _covered_by_image(pdf, index):
                scans.append(index)
                result.warnings.append(f"trang {index + 1}: lớp chữ của bản quét bị lỗi; đã nhận dạng chữ lại trang này")
            pages.append(Page(index + 1, width, height, text, "text", lines))
        self._convert_legacy(data, pages, result)
        if scans:
            self._ocr(pdf, pages, scans, name, thin)
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
            result.warnings.append(f"đã chuyển văn bản từ bảng mã {result.legacy_encoding} sang Unicode")

    def _stamps(self, pdf: pdfium.PdfDocument, page: Any, textpage: Any, height: float, text: str,
                result: Parsed) -> list[tuple[str, Any]]:
        """Text that a signing system stamps into the blanks ("Số:   /…", "ngày   tháng") as
        signature-widget appearances, which PDFium's text page leaves out. Only when page 1 has
        such a blank: the page is flattened in memory (the appearances become page content, read
        through their fonts' character maps) and loaded again; the characters past the original
        ones that land in a widget are its text. The open page and its text page keep the
        original content."""
        rects = _text_widgets(page, height) if _BLANK_FIELD.search(text) else []
        if not rects or pdfium_c.FPDFPage_Flatten(page.raw, _FLAT_NORMALDISPLAY) != _FLATTEN_SUCCESS:
            return []
        flattened = pdf[0]  # PDFium reads a flattened page's new content only when it is loaded again
        try:
            stamped = flattened.get_textpage()
            added = [(stamped.get_text_range(i, 1), stamped.get_charbox(i))
                     for i in range(textpage.count_chars(), stamped.count_chars())]
            stamped.close()
        finally:
            flattened.close()
        found, unreadable = [], 0
        for rect in rects:
            x0, top, x1, bottom = rect
            inside = "".join(ch for ch, (left, low, right, high) in added
                             if x0 - 2 <= (left + right) / 2 <= x1 + 2
                             and top - 2 <= height - (low + high) / 2 <= bottom + 2).strip()
            # a number or date part ("8151", "12A")
            token = re.match(r"(\d+[A-Z]?(?:[/.\-]\d+)*|[A-Za-z][0-9A-Za-z/.\-]*)", inside)
            if token:
                found.append((token.group(1), rect))
            elif inside and not any(c.isalnum() for c in inside):
                unreadable += 1  # glyphs without a character map
        if found:
            result.warnings.append("trang 1: " + ", ".join(f"“{t}”" for t, _ in found)
                                   + " đọc từ dấu của hệ thống ký số")
        if unreadable:
            result.warnings.append(f"trang 1: {unreadable} dấu của hệ thống ký số có chữ không đọc được")
        return found

    def _ocr(self, pdf: pdfium.PdfDocument, pages: list[Page], scans: list[int], name: str,
             thin: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        """OCR the pages in ``scans``; a ``thin`` page (a little text in its layer) keeps its layer
        when OCR finds less ("Dummy PDF file", a chart's labels)."""
        limit = self.ctx.limits.max_ocr_pages
        if len(scans) > limit:
            raise LimitExceeded(f"{len(scans)} trang cần nhận dạng chữ, vượt giới hạn {limit} trang", name=name)
        with OcrPool(self.ctx) as pool:
            for index in scans:
                page = pdf[index]
                try:
                    dpi = _dpi_within_budget(self.ctx.ocr_dpi, *page.get_size())
                    image = page.render(scale=dpi / 72).to_pil()  # the scan only
                finally:
                    page.close()
                path = self.workdir / f"page-{index + 1:04d}.png"
                prepare(image, first_page=index == 0).save(path)
                pool.submit(path, dpi, first_page=image if index == 0 else None)
            for index, ocr in zip(scans, pool.results()):
                page = pages[index]
                if index in thin and _words(ocr.text) < _words(page.text):
                    continue
                ocr.onto(page)


OCR_PIXEL_BUDGET = 16_000_000  # pixels a page is rendered to for OCR, at most (an A4 page at 300 dpi: 8.7 million)


def _dpi_within_budget(dpi: int, width_pt: float, height_pt: float) -> int:
    """The OCR resolution, lowered for a page so large that ``dpi`` would pass the pixel budget
    (a 3,146 × 1,529 pt drawing at 300 dpi is 83 million pixels): memory holds whatever the size."""
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= OCR_PIXEL_BUDGET:
        return dpi
    return max(1, int(dpi * (OCR_PIXEL_BUDGET / pixels) ** 0.5))  # no floor: the budget holds on any page


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


_WIDGET = 20  # FPDF_ANNOT_WIDGET
_FLAT_NORMALDISPLAY, _FLATTEN_SUCCESS = 0, 1
_BLANK_FIELD = re.compile(r"S[ốo]\s*:?\s*/|ngày\s+tháng|tháng\s+năm", re.IGNORECASE)  # "Số:   /", "ngày   tháng"
_TEXT_OBJECT, _FORM_OBJECT = 1, 5


def _text_widgets(page: Any, height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (top-down) of widget annotations whose appearance holds text."""
    def has_text(obj: Any) -> bool:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _TEXT_OBJECT:
            return True
        return kind == _FORM_OBJECT and any(has_text(pdfium_c.FPDFFormObj_GetObject(obj, i))
                                            for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))

    boxes = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != _WIDGET:
                continue
            if not any(has_text(pdfium_c.FPDFAnnot_GetObject(annot, k))
                       for k in range(pdfium_c.FPDFAnnot_GetObjectCount(annot))):
                continue
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(annot, rect)
            if rect.right - rect.left > 2 and rect.top - rect.bottom > 2:
                boxes.append((rect.left, height - rect.top, rect.right, height - rect.bottom))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


def _has_text(text: str, least: int) -> bool:
    """Whether the page has at least ``least`` characters that are not spaces (else it is a scan)."""
    return sum(1 for _ in itertools.islice((c for c in text if not c.isspace()), least)) >= least


def _has_image(pdf: pdfium.PdfDocument, index: int) -> bool:
    """Whether the page holds any picture at all (a scan of part of it, a chart)."""
    page = pdf[index]
    try:
        return any(obj.type == _IMAGE_OBJECT for obj in page.get_objects(max_depth=2))
    finally:
        page.close()


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


def _page_text(textpage: Any, text: str, height: float, *, detail: bool, signature_page: bool = False,
               stamps: list[tuple[str, Any]] | None = None) -> tuple[str, list[Line], float | None, bool]:
    """(text, lines, syllable quality, reordered) of a page whose PDFium text is ``text``.

    PDFium's order, unless the text reads badly and placing the characters by position reads
    better. Pages the caller asks ``detail`` of, the first page holding "Nơi nhận"
    (``signature_page``: none seen yet), pages with stamps and reordered pages get lines and word
    boxes; the layout of other pages is not computed, as it would cost more than their text."""
    quality = legacy.syllable_quality(text, sample=600)  # about 100 words: enough when they read well
    if quality is not None and quality < _REORDER_BELOW + 0.05:
        quality = legacy.syllable_quality(text)
    poor = quality is not None and quality < _REORDER_BELOW
    detail = detail or (signature_page and bool(RECIPIENTS_LABEL.search(text)))
    if stamps:
        detail = True
    if not (poor or detail):
        return text, [], quality, False
    chars = pdfium_chars(textpage, height)
    chars += [stamp_char(text, box, chars) for text, box in stamps or []]
    rows = positional_rows(chars)
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
