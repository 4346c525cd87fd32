"""Tesseract OCR of page images, several pages at once, each page with its lines and word boxes.

Each page is one ``tesseract IMAGE stdout -l LANG tsv`` process limited to one thread
(``OMP_THREAD_LIMIT=1``); ``ocr.workers`` of them run side by side, which uses the cores better than
Tesseract's own threading of one page at a time.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import second_reading
from .base import Line, ParserContext, Word, nfc

if TYPE_CHECKING:
    from PIL import Image
from .errors import ToolFailed


@dataclass(slots=True)
class OcrPage:
    text: str
    lines: list[Line]
    confidence: float | None  # mean word confidence, 0..1
    second_reading: list[Line] = field(default_factory=list)  # the header's number and date, read again


def run_tesseract(image: Path, ctx: ParserContext, *, dpi: int) -> OcrPage:
    """OCR one image file; boxes are returned in points (1/72 inch) at the given resolution."""
    cmd = [ctx.tesseract, str(image), "stdout", "-l", ctx.ocr_language, "--dpi", str(dpi), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=ctx.limits.ocr_timeout_s, env=env, check=False)
    except FileNotFoundError as exc:
        raise ToolFailed(f"the OCR program {ctx.tesseract!r} is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise ToolFailed(f"OCR of a page took longer than {ctx.limits.ocr_timeout_s:g} s") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolFailed(f"OCR failed: {message[-1] if message else 'exit code ' + str(proc.returncode)}")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"), scale=72.0 / dpi)


_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth, never Vietnamese, read for Đ


def fix_lookalikes(text: str) -> str:
    """Letters Tesseract reads that Vietnamese never uses, put back: 'QĐÐ-TTg' -> 'QĐ-TTg'."""
    return text.replace("ĐÐ", "Đ").replace("ÐĐ", "Đ").translate(_LOOKALIKES)


def parse_tsv(tsv: str, *, scale: float) -> OcrPage:
    """Group Tesseract's TSV words into lines (blank line between paragraphs)."""
    lines: list[Line] = []
    keys: list[tuple[int, int, int]] = []
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = float(row["left"]) * scale, float(row["top"]) * scale
        box = (left, top, left + float(row["width"]) * scale, top + float(row["height"]) * scale)
        conf = float(row["conf"]) / 100 if float(row["conf"]) >= 0 else None
        if conf is not None:
            confidences.append(conf)
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        word = Word(fix_lookalikes(nfc(text)), box, conf)
        if keys and keys[-1] == key:
            line = lines[-1]
            line.words.append(word)
            line.box = (min(line.box[0], box[0]), min(line.box[1], box[1]),
                        max(line.box[2], box[2]), max(line.box[3], box[3]))
        else:
            lines.append(Line("", box, [word]))
            keys.append(key)
    out: list[str] = []
    for i, line in enumerate(lines):
        line.text = " ".join(w.text for w in line.words)
        if i and keys[i][:2] != keys[i - 1][:2]:
            out.append("")
        out.append(line.text)
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrPage("\n".join(out), lines, mean)


def prepare(image: "Image.Image", *, first_page: bool) -> "Image.Image":
    """The picture Tesseract reads: grayscale, with red ink removed where seals are.

    A red seal over the signature block turns the title and name into noise in grayscale; in the
    red channel red ink is as light as the paper while black print stays dark. Red also carries
    the urgency and secrecy stamps, which stand in the header, so the top of the first page keeps
    its grayscale (a missed "MẬT" stamp would let a secret out)."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return image.convert("L")
    rgb = image.convert("RGB")
    red = rgb.getchannel("R")
    if first_page:
        band = int(rgb.height * 0.4)
        red.paste(rgb.crop((0, 0, rgb.width, band)).convert("L"), (0, 0))
    return red


def _read_first_page(image: Path, ctx: ParserContext, *, dpi: int, original: "Image.Image") -> OcrPage:
    """Tesseract's reading of a first page, and the second engine's of its number and date lines,
    cropped from the page as scanned (ink written in blue reads better in colour)."""
    page = run_tesseract(image, ctx, dpi=dpi)
    lines = second_reading.header_lines(page.lines, original.height * 72.0 / dpi)
    if lines:
        page.second_reading = second_reading.read_again(original, lines, dpi / 72.0)
    return page


class OcrPool:
    """Runs Tesseract on images in parallel; results come back in submission order."""

    def __init__(self, ctx: ParserContext) -> None:
        self.ctx = ctx
        self._executor = ThreadPoolExecutor(max_workers=max(1, ctx.ocr_workers))
        self._futures: list[Future[OcrPage]] = []

    def submit(self, image: Path, dpi: int, *, first_page: "Image.Image | None" = None) -> None:
        """OCR one page (``image``, prepared for Tesseract); ``first_page``, the same page as scanned,
        has its number and date lines read again by the second engine."""
        if first_page is not None and self.ctx.ocr_second_reader:
            future = self._executor.submit(_read_first_page, image, self.ctx, dpi=dpi, original=first_page)
        else:
            future = self._executor.submit(run_tesseract, image, self.ctx, dpi=dpi)
        self._futures.append(future)

    def results(self) -> Iterable[OcrPage]:
        try:
            for future in self._futures:
                yield future.result()
        finally:
            for future in self._futures:
                future.cancel()
            self._executor.shutdown(wait=True)

    def __enter__(self) -> "OcrPool":
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self._futures:
            future.cancel()
        self._executor.shutdown(wait=True)
