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

from . import second_reading, signing_blocks, stamps
from .base import RECIPIENTS_LABEL, Box, Line, Page, ParserContext, Word, list_by_last_entry, nfc

if TYPE_CHECKING:
    from PIL import Image
from .errors import ToolFailed


@dataclass(slots=True)
class OcrPage:
    text: str
    lines: list[Line]
    confidence: float | None  # mean word confidence, 0..1
    second_reading: list[Line] = field(default_factory=list)  # by the second engine: number, date, a garbled name
    reread: dict[str, list[Line]] = field(default_factory=dict)  # regions read on their own (Page.reread)
    marks: list[Box] = field(default_factory=list)  # stamp-like marks in a first page's header (Page.marks)

    def onto(self, page: Page) -> None:
        """Put this reading on the document's page."""
        page.text, page.lines, page.text_source = self.text, self.lines, "ocr"
        page.second_reading, page.reread, page.marks = self.second_reading, self.reread, self.marks


def run_tesseract(image: Path, ctx: ParserContext, *, dpi: int, block: bool = False) -> OcrPage:
    """OCR one image file; boxes are returned in points (1/72 inch) at the given resolution.
    ``block``: the image is one block of text (a region cut from a page), not a whole page."""
    cmd = [ctx.tesseract, str(image), "stdout", "-l", ctx.ocr_language, "--dpi", str(dpi),
           *(["--psm", "6"] if block else []), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=ctx.limits.ocr_timeout_s, env=env, check=False)
    except FileNotFoundError as exc:
        raise ToolFailed(f"chưa cài chương trình nhận dạng chữ (OCR) “{ctx.tesseract}”") from exc
    except subprocess.TimeoutExpired as exc:
        raise ToolFailed(f"nhận dạng chữ (OCR) một trang quá {ctx.limits.ocr_timeout_s:g} giây") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolFailed("chương trình nhận dạng chữ (OCR) báo lỗi",
                         detail=message[-1] if message else f"exit code {proc.returncode}")
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


def _read_page(image: Path, ctx: ParserContext, *, dpi: int, first: "Image.Image | None" = None,
               original: "Image.Image | None" = None) -> OcrPage:
    """Tesseract's reading of one page, then the regions its page layout tends to lose read again
    (``_reread``); on a first page (given ``original``, the page as scanned: ink written in blue
    reads better in colour) the number and date lines by the second engine, and on any page a
    signer's name whose first word Tesseract garbled, by the second engine too. ``first``, a first
    page as scanned, also has its header looked at for stamp-like marks (``stamps.find``)."""
    from PIL import Image

    page = run_tesseract(image, ctx, dpi=dpi)
    with Image.open(image) as picture:  # (reads the header only)
        width, height = picture.width * 72.0 / dpi, picture.height * 72.0 / dpi
    page.reread = _reread(image, page, ctx, dpi, width, height, first=first is not None)
    if first is not None:
        page.marks = stamps.find(first, dpi, page.lines)
    if original is not None:
        lines = second_reading.header_lines(page.lines, height)
        if lines:
            page.second_reading = second_reading.read_again(original, lines, dpi / 72.0)
    name = second_reading.name_line(page.reread.get("signature", [])) if ctx.ocr_second_reader else None
    if name is not None:
        with Image.open(image) as picture:
            page.second_reading += second_reading.read_again(picture, [name], dpi / 72.0)
    return page


def _reread(image: Path, page: OcrPage, ctx: ParserContext, dpi: int, width: float, height: float, *,
            first: bool) -> dict[str, list[Line]]:
    """The regions of a page read again by Tesseract, each cut out and read as a block of text (the
    picture decoded once for all): on a ``first`` page the block under the number; the signature
    block beside "Nơi nhận" (a name under a seal is often dropped by the page layout analysis,
    which takes the block for a picture), or each block of a joint document, keeping only its own
    words (``signing_blocks``); the list, where OCR garbled its "Nơi nhận" label."""
    centres, joint = signing_blocks.cut_outs(page.lines, width, height)
    single = None if joint else signature_region(page, width, height)
    wanted = [("subject", subject_region(page, width, height) if first else None)]
    wanted += [("signature", box) for box in joint or [single]]
    wanted.append(("recipients", recipients_region(page, width, height)))
    wanted = [(kind, box) for kind, box in wanted if box is not None]
    out: dict[str, list[Line]] = {}
    block = 0  # which joint block a signature region is
    for (kind, _), lines in zip(wanted, _read_regions(image, ctx, dpi, [box for _, box in wanted])):
        if kind == "signature" and joint:
            lines, block = signing_blocks.own_words(lines, centres, block), block + 1
        out.setdefault(kind, []).extend(lines)
    return out


def subject_region(page: OcrPage, width: float, height: float) -> Box | None:
    """Under a number in the left column, where a công văn prints its subject ("V/v …"), often in
    small or light print that Tesseract's page layout loses or reads in part: from a tenth of the
    page left of "Số:" to just past the middle, three of the number line's heights down."""
    number = second_reading.number_line(page.lines, height)
    if number is None or not number.words or number.words[0].box[0] > width * 0.45:
        return None
    bottom, tall = number.box[3], number.box[3] - number.box[1]
    return max(0.0, number.words[0].box[0] - width * 0.1), bottom + 1, width * 0.53, min(height, bottom + 3 * tall)


def recipients_region(page: OcrPage, width: float, height: float) -> Box | None:
    """The Nơi nhận list of a page whose "Nơi nhận:" label OCR garbled ("hề Ân"), and often the
    entry beside it: found by its last entry, "- Lưu: …", and the bulleted entries above it, from
    two lines over the first of them (the label's line) to the last, left of the seal."""
    if any(RECIPIENTS_LABEL.search(line.text) for line in page.lines):
        return None
    found = list_by_last_entry(page.lines, width)
    if found is None:
        return None
    last, first = found
    tall = last.box[3] - last.box[1]
    return max(0.0, last.box[0] - width * 0.03), first - 2.5 * tall, width * 0.56, min(height, last.box[3] + 3)


def signature_region(page: OcrPage, width: float, height: float) -> Box | None:
    """The signature block of a page with a "Nơi nhận:" list: right of the list, from the first
    words beside its label down a quarter of the page (authority, title, signature, seal, name)."""
    label = next((line for line in page.lines if RECIPIENTS_LABEL.search(line.text)), None)
    if label is None:
        return None
    beside = [w.box[1] for line in page.lines for w in line.words
              if w.box[1] >= label.box[1] - 5 and w.box[0] > width * 0.45]
    if not beside:
        return None
    top = min(beside) - 4
    return width * 0.42, top, width, min(height, top + height * 0.28)


def _read_regions(image: Path, ctx: ParserContext, dpi: int, regions: list[Box]) -> list[list[Line]]:
    """Regions of a page (boxes in points) cut out and read by Tesseract as blocks of text: each
    region's lines, with their boxes on the page."""
    from PIL import Image

    scale = dpi / 72.0
    paths = []
    with Image.open(image) as picture:
        for index, region in enumerate(regions):
            path = image.with_name(f"{image.stem}-region{index}.png")
            picture.crop(tuple(int(v * scale) for v in region)).save(path)
            paths.append(path)
    out: list[list[Line]] = []
    for path, (left, top, _, _) in zip(paths, regions):
        lines = run_tesseract(path, ctx, dpi=dpi, block=True).lines
        for line in lines:
            line.box = _moved(line.box, left, top)
            for word in line.words:
                word.box = _moved(word.box, left, top)
        out.append(lines)
    return out


def _moved(box: tuple[float, float, float, float], dx: float, dy: float) -> tuple[float, float, float, float]:
    return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy


class OcrPool:
    """Runs Tesseract on images in parallel; results come back in submission order."""

    def __init__(self, ctx: ParserContext) -> None:
        self.ctx = ctx
        self._executor = ThreadPoolExecutor(max_workers=max(1, ctx.ocr_workers))
        self._futures: list[Future[OcrPage]] = []

    def submit(self, image: Path, dpi: int, *, first_page: "Image.Image | None" = None) -> None:
        """OCR one page (``image``, prepared for Tesseract); ``first_page``, the same page as scanned,
        has its number and date lines read again by the second engine."""
        original = first_page if self.ctx.ocr_second_reader else None
        self._futures.append(self._executor.submit(_read_page, image, self.ctx, dpi=dpi, first=first_page,
                                                   original=original))

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
