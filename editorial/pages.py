"""Images of an original's pages, for the desk to show beside the fields, cached on disk by content.

A PDF is drawn by PDFium; DOCX, ODT and DOC through a PDF copy made by LibreOffice (kept in the blob
store: it is also the open-format copy published beside a closed original, Điều 5.1); a scan or
photograph by Pillow. Each page is drawn once, at ``width_px``, and served from the cache after.
Where a value was found in a flowing document (a table cell, a paragraph), its box on the page is
looked up in the PDF copy by its text.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ingest.blobstore import BlobStore
from parsers.doc import convert_with_libreoffice

DRAWN_AS_PDF = ("pdf",)
CONVERTED = ("docx", "odt", "doc")
PICTURES = ("image",)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class PageImageError(Exception):
    """The pages of this original cannot be drawn (the message is in Vietnamese)."""


@dataclass(frozen=True, slots=True)
class Pages:
    count: int
    pdf_sha256: str | None  # the PDF drawn (the original, or its copy)
    copy_made: bool  # the PDF is a copy made for a closed or flowing format


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


class PageImages:
    def __init__(self, store: BlobStore, cache: Path, *, soffice: str = "soffice", timeout_s: float = 120,
                 width_px: int = 1000, max_pages: int = 500) -> None:
        self.store, self.cache, self.soffice, self.timeout_s = store, cache, soffice, timeout_s
        self.width_px, self.max_pages = width_px, max_pages

    def drawable(self, fmt: str | None) -> bool:
        return fmt in DRAWN_AS_PDF + CONVERTED + PICTURES

    def pages(self, sha256: str, fmt: str | None) -> Pages:
        if fmt in PICTURES:
            with Image.open(io.BytesIO(self.store.get(sha256))) as picture:
                return Pages(min(getattr(picture, "n_frames", 1), self.max_pages), None, False)
        pdf_sha = self.pdf_of(sha256, fmt)
        document = pdfium.PdfDocument(self.store.get(pdf_sha))
        try:
            return Pages(min(len(document), self.max_pages), pdf_sha, pdf_sha != sha256)
        finally:
            document.close()

    def pdf_of(self, sha256: str, fmt: str | None) -> str:
        """The blob of the PDF that shows this original: itself, or its LibreOffice copy (made once)."""
        if fmt in DRAWN_AS_PDF:
            return sha256
        if fmt not in CONVERTED:
            raise PageImageError("Không hiển thị được trang của định dạng này.")
        marker = self._dir(sha256) / "copy.sha256"
        with _lock(sha256):
            if marker.exists():
                return marker.read_text().strip()
            with tempfile.TemporaryDirectory(prefix="congbo-pages-") as tmp:
                source = Path(tmp) / f"original.{fmt}"
                source.write_bytes(self.store.get(sha256))
                try:
                    pdf = convert_with_libreoffice(source, "pdf", Path(tmp), soffice=self.soffice,
                                                   timeout=self.timeout_s)
                except Exception as exc:  # noqa: BLE001 - ToolFailed or an OS error: the desk says so
                    raise PageImageError("Chưa tạo được bản PDF để xem trang (LibreOffice không chuyển được tệp); "
                                         "vẫn có thể tải bản gốc.") from exc
                copy_sha = self.store.put(pdf.read_bytes())
            _write(marker, copy_sha.encode())
            return copy_sha

    def copy_of(self, sha256: str) -> str | None:
        """The PDF copy made of this original, if its pages were drawn already."""
        marker = self._dir(sha256) / "copy.sha256"
        return marker.read_text().strip() if marker.exists() else None

    def png(self, sha256: str, fmt: str | None, page: int) -> Path:
        """The cached PNG of page ``page`` (1-based), drawn now if it is not cached yet."""
        target = self._dir(sha256) / f"p{page}-{self.width_px}.png"
        if target.exists():
            return target
        with _lock(f"{sha256}:{page}"):
            if target.exists():
                return target
            _write(target, self._draw(sha256, fmt, page))
        return target

    def boxes(self, sha256: str, fmt: str | None, texts: dict[str, str]) -> dict[str, tuple[int, list[float]]]:
        """Where each text stands in the PDF of a flowing document: key -> (page, [x0, top, x1, bottom]
        as fractions of the page), for the texts found; cached."""
        cached = self._dir(sha256) / "boxes.json"
        known: dict[str, list] = json.loads(cached.read_text()) if cached.exists() else {}
        wanted = {k: t for k, t in texts.items() if t and f"{k}={t}" not in known}
        if wanted and fmt in CONVERTED:
            document = pdfium.PdfDocument(self.store.get(self.pdf_of(sha256, fmt)))
            try:
                for key, text in wanted.items():
                    known[f"{key}={text}"] = _search(document, text)
            finally:
                document.close()
            _write(cached, json.dumps(known, ensure_ascii=False).encode())
        return {k: tuple(known[f"{k}={t}"]) for k, t in texts.items()  # type: ignore[misc]
                if t and known.get(f"{k}={t}")}

    def _draw(self, sha256: str, fmt: str | None, page: int) -> bytes:
        out = io.BytesIO()
        if fmt in PICTURES:
            with Image.open(io.BytesIO(self.store.get(sha256))) as picture:
                if page > getattr(picture, "n_frames", 1):
                    raise PageImageError(f"Không có trang {page}.")
                picture.seek(page - 1)
                frame = picture.convert("RGB")
                frame.thumbnail((self.width_px, self.width_px * 2))
                frame.save(out, "PNG", optimize=False)
            return out.getvalue()
        document = pdfium.PdfDocument(self.store.get(self.pdf_of(sha256, fmt)))
        try:
            if not 1 <= page <= min(len(document), self.max_pages):
                raise PageImageError(f"Không có trang {page}.")
            pdf_page = document[page - 1]
            scale = self.width_px / max(pdf_page.get_width(), 1)
            bitmap = pdf_page.render(scale=scale)
            bitmap.to_pil().save(out, "PNG", optimize=False, compress_level=3)
        finally:
            document.close()
        return out.getvalue()

    def _dir(self, sha256: str) -> Path:
        return self.cache / sha256[:2] / sha256


def _search(document: "pdfium.PdfDocument", text: str) -> list | None:
    """The first place ``text`` (or its first 60 letters) stands, as [page, [x0, top, x1, bottom]]."""
    needle = " ".join(text.split())[:60]
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_width(), page.get_height()
        textpage = page.get_textpage()
        searcher = textpage.search(needle, match_case=False)
        found = searcher.get_next()
        if found:
            start, count = found
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
            bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
            return [index + 1, [round(x0 / width, 4), round(1 - top / height, 4), round(x1 / width, 4),
                                round(1 - bottom / height, 4)]]
    return None


def _write(path: Path, data: bytes) -> None:
    """Atomically: a half-written image is never served."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
