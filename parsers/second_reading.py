"""A second OCR engine for the lines whose letters Tesseract loses: the number and the date of the
header, and a signer's name under a seal's edge.

Registration numbers and days are often written by hand or stamped in a different typeface
("Số: 932/QĐ-TTg" with "932" in ink, "ngày 24 tháng 10"), and Tesseract's Vietnamese model reads
them as letters ("Ở32", "ngày234"). PP-OCRv4's recogniser (through RapidOCR, models shipped inside
the wheel, no download) reads those digits far better, but knows no Vietnamese diacritics. So
Tesseract reads the page, and this module reads again only the lines of the first page's header
that look like the number or the place-date line, cropped from the same picture, and the name line
of a signature block Tesseract read with a garbled first word. The metadata reader decides which
reading to keep (``parsers.metadata.second``); both stay on the page, so an editor can see what
each engine read.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING, Any

from .base import Line, Word, nfc

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

_NUMBER_LINE = re.compile(r"^\W{0,3}S\S{0,2}\s*[:;.]", re.IGNORECASE)  # "Số:", "Sô:", "S6:"
_NUMBER_START = re.compile(r"^\W{0,3}S[ốôóòoồổ6éơở]", re.IGNORECASE)
_DATE_LINE = re.compile(r"ng[àaảâ]y.{0,12}th[áaả]ng|th[áaả]ng.{0,12}n[ăaãà]m\s*\d", re.IGNORECASE)
_HEADER_SHARE = 0.4  # the number and date stand in the top 40% of the first page


def header_lines(lines: list[Line], page_height: float) -> list[Line]:
    """Tesseract's lines of a first page that hold the number and the place and date (often one
    line across both columns): the first of each."""
    number = number_line(lines, page_height)
    date = next((line for line in lines if line.box[1] <= page_height * _HEADER_SHARE
                 and _DATE_LINE.search(line.text) and not re.match(r"\W*C[ăa]n\s*c", line.text)), None)
    chosen = [number] if number is not None else []
    if date is not None and date is not number:
        chosen.append(date)
    return chosen


def number_line(lines: list[Line], page_height: float) -> Line | None:
    """The first line in the top of a first page that opens with "Số:" as OCR reads it; failing
    that, one opening like it ("Sở 12/…") that has a number (not "SỞ XÂY DỰNG")."""
    top = [line for line in lines if line.box[1] <= page_height * _HEADER_SHARE]
    return next((line for line in top if _NUMBER_LINE.search(line.text)), None) or next(
        (line for line in top if _NUMBER_START.search(line.text) and re.search(r"\d|/", line.text)), None)


def name_word(word: str) -> bool:
    """A word of a person's name as printed: a capital, then small letters ("Nguyễn", "A"; not
    "PHÁP" or "BộxLU")."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def name_line(lines: list[Line]) -> Line | None:
    """The signer's name as Tesseract garbled its first word in a signature block read on its own
    ("m=TTân Duy Đông", a seal's edge over the "Tr"): the lowest line that ends in two words
    written like a name and is not all name words."""
    for line in sorted(lines, key=lambda ln: ln.box[1], reverse=True):
        words = line.text.split()
        if len(words) >= 3 and all(name_word(w) for w in words[-2:]) and not all(name_word(w) for w in words):
            return line
    return None


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """One recogniser per process (loading its models takes about half a second); one thread each,
    since OCR already runs a page per core. RapidOCR pads a wide picture to a 1:8 shape and then
    enlarges it to at least 736 pixels high, so a line cut from a page was detected at about
    3000 x 736 pixels: 0.4-0.9 s and 300-450 MB more at its peak. A header line is detected as well
    at its own size (narrowed to 2048 pixels if wider), in a quarter of the time and with a peak of
    260 MB for the whole process (bench/parse_throughput.py, docs/PERFORMANCE.md)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, width_height_ratio=-1,
                    det_limit_type="max", det_limit_side_len=2048, print_verbose=False)


def read_again(image: "Image.Image", lines: list[Line], scale: float) -> list[Line]:
    """The given lines read again from ``image`` (``scale`` pixels per point); one Line per piece of
    text the engine found, with its box in points. Nothing when the engine fails: the first reading
    stands."""
    out: list[Line] = []
    for line in lines:
        x0, top, x1, bottom = line.box
        margin = bottom - top
        left, upper = max(0, int((x0 - margin) * scale)), max(0, int((top - 0.3 * margin) * scale))
        crop = image.crop((left, upper, min(image.width, int((x1 + margin) * scale)),
                           min(image.height, int((bottom + 0.3 * margin) * scale))))
        try:
            found, _ = _engine()(crop.convert("RGB"), use_cls=False)  # (an array would be taken as BGR)
        except Exception as exc:  # an engine failure must not lose the page's first reading
            log.warning("second reading of %r failed: %s", line.text, exc)
            continue
        for points, text, score in found or []:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = ((left + min(xs)) / scale, (upper + min(ys)) / scale,
                   (left + max(xs)) / scale, (upper + max(ys)) / scale)
            text = nfc(text.strip())
            if text:
                out.append(Line(text, box, [Word(text, box, round(float(score), 3))]))
    return out
