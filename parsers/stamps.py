"""Stamp-like marks in the header of a scanned first page, whether or not OCR can read them.

The secrecy mark ("MẬT", "TỐI MẬT") and the urgency mark ("KHẨN", "HỎA TỐC") stand under the number
(Nghị định 30, Phụ lục I, ô 10a and 10b), typed in bold or stamped in red ink in a frame. A faint,
smudged or tilted stamp is often no text to Tesseract; a secret document read without its mark
would go in front of the board as an ordinary one. :func:`find` looks at the pixels instead: red ink,
or a dark frame the size of a stamp, in the header's left column. The metadata extractor turns a mark
that no readable word accounts for into a secrecy "not known" that a person must settle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .base import Box

if TYPE_CHECKING:
    from PIL import Image

    from .base import Line

SAMPLE_DPI = 50  # the header is looked at this coarsely: a stamp's frame stays, print's strokes merge
_REGION = (0.0, 0.0, 0.55, 0.42)  # of the page: the header's left column, down to the type and subject


def find(image: "Image.Image", dpi: float, lines: "list[Line] | None" = None) -> list[Box]:
    """Boxes (in points) of red marks and of stamp-sized frames in the header's left column, and,
    given the page's OCR ``lines``, of ink under the number that OCR read as no word."""
    return _coloured_or_framed(image, dpi) + (_unread_ink(image, dpi, lines) if lines else [])


def _unread_ink(image: "Image.Image", dpi: float, lines: "list[Line]") -> list[Box]:
    """Print under the number, where ô 10a and 10b stand, that OCR made no word of (a bold "MẬT"
    read as "."): ink as large as a short word, less than a third of it under words OCR read, on a
    line of its own in the left column (not a word OCR skipped in a subject's line)."""
    from .second_reading import number_line

    to_pt = 72.0 / dpi
    width, height = image.width * to_pt, image.height * to_pt
    number = number_line(lines, height)
    own = [w for w in (number.words if number else []) if w.box[0] < width * 0.5]
    if not own:
        return []
    bottom, tall = max(w.box[3] for w in own), max(w.box[3] - w.box[1] for w in own)
    region = (max(0.0, own[0].box[0] - width * 0.1), bottom + 1, width * 0.5, min(height, bottom + 4 * tall))
    read = [w.box for line in lines for w in line.words if sum(c.isalnum() for c in w.text) >= 2]
    left = [r for r in read if (r[0] + r[2]) / 2 < width * 0.5]
    found = []
    for box in (blob.box for blob in _blobs(image, dpi, region, _dark)):
        w, h = box[2] - box[0], box[3] - box[1]
        if w < 12 or h < 6:
            continue
        covered = sum(max(0.0, min(box[2], r[2]) - max(box[0], r[0])) * max(0.0, min(box[3], r[3]) - max(box[1], r[1]))
                      for r in read)
        in_a_line = any(min(box[3], r[3]) - max(box[1], r[1]) > 0.5 * h for r in left)  # a word OCR skipped
        if covered < 0.3 * w * h and not in_a_line:
            found.append(box)
    return found


@dataclass(frozen=True, slots=True)
class _Blob:
    """A connected group of masked pixels on the coarse grid: its pixels (indices in a grid
    ``width`` wide), its box on the grid, and its box in points on the page."""

    pixels: list[int]
    grid: tuple[int, int, int, int]
    width: int
    to_points: float
    box: Box


def _blobs(image: "Image.Image", dpi: float, region: Box, masked: Callable[..., list[bool]]) -> list[_Blob]:
    """The connected groups of ``masked`` pixels in a region (points) of the image, looked at
    :data:`SAMPLE_DPI` coarse."""
    scale = dpi / 72.0
    crop = image.crop(tuple(int(v * scale) for v in region))
    factor = max(1.0, dpi / SAMPLE_DPI)
    size = (max(1, int(crop.width / factor)), max(1, int(crop.height / factor)))
    to_points = factor * 72.0 / dpi
    out = []
    for pixels in _components(masked(crop, size), size[0], size[1]):
        xs, ys = [p % size[0] for p in pixels], [p // size[0] for p in pixels]
        grid = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
        out.append(_Blob(pixels, grid, size[0], to_points,
                         (region[0] + grid[0] * to_points, region[1] + grid[1] * to_points,
                          region[0] + grid[2] * to_points, region[1] + grid[3] * to_points)))
    return out


def _coloured_or_framed(image: "Image.Image", dpi: float) -> list[Box]:
    width, height = image.width * 72.0 / dpi, image.height * 72.0 / dpi
    region = (_REGION[0] * width, _REGION[1] * height, _REGION[2] * width, _REGION[3] * height)
    return [blob.box for masked, is_stamp in ((_red, _red_mark), (_dark, _frame))
            for blob in _blobs(image, dpi, region, masked)
            if is_stamp(blob.pixels, blob.grid, blob.width, blob.to_points)]


def _red(region: "Image.Image", size: tuple[int, int]) -> list[bool]:
    """Where the region has red ink, even faint or dry (red well above green and blue), at ``size``:
    a coarse pixel is set when enough of its fine pixels are."""
    from PIL import ImageChops

    if region.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return [False] * (size[0] * size[1])
    r, g, b = region.convert("RGB").split()
    redness = ImageChops.darker(ImageChops.subtract(r, g), ImageChops.subtract(r, b))
    inked = redness.point(lambda v: 255 if v > 35 else 0)
    return [v > 24 for v in inked.resize(size, _box_filter()).tobytes()]


def _dark(region: "Image.Image", size: tuple[int, int]) -> list[bool]:
    """Where the region has dark print, at ``size``."""
    inked = region.convert("L").point(lambda v: 255 if v < 140 else 0)
    return [v > 40 for v in inked.resize(size, _box_filter()).tobytes()]


def _box_filter() -> int:
    from PIL import Image

    return Image.Resampling.BOX


def _components(mask: list[bool], width: int, height: int) -> list[list[int]]:
    """The 8-connected groups of set pixels of a mask."""
    seen = bytearray(len(mask))
    groups: list[list[int]] = []
    for start, on in enumerate(mask):
        if not on or seen[start]:
            continue
        seen[start] = 1
        stack, group = [start], []
        while stack:
            p = stack.pop()
            group.append(p)
            x, y = p % width, p // width
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    nx, ny = x + dx, y + dy
                    if 0 <= nx < width and 0 <= ny < height:
                        q = ny * width + nx
                        if mask[q] and not seen[q]:
                            seen[q] = 1
                            stack.append(q)
        groups.append(group)
    return groups


def _red_mark(pixels: list[int], box: tuple[int, int, int, int], width: int, to_points: float) -> bool:
    """Red ink covering at least a short word's size (a speck of colour noise does not)."""
    w, h = (box[2] - box[0]) * to_points, (box[3] - box[1]) * to_points
    return w >= 14 and h >= 6 and len(pixels) * to_points * to_points >= 40


def _frame(pixels: list[int], box: tuple[int, int, int, int], width: int, to_points: float) -> bool:
    """A hollow rectangle the size of a stamp (1.5 to 8 cm wide, 0.5 to 2 cm high): most of its
    pixels on the edges of its box, little inside."""
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) * to_points, (y1 - y0) * to_points
    if not (40 <= w <= 230 and 14 <= h <= 60 and w > 1.3 * h):
        return False
    edge = sum(1 for p in pixels if (p % width) - x0 <= 1 or x1 - 1 - (p % width) <= 1
               or (p // width) - y0 <= 1 or y1 - 1 - (p // width) <= 1)
    area = (x1 - x0) * (y1 - y0)
    return edge >= 0.6 * len(pixels) and len(pixels) <= 0.45 * area and edge >= (x1 - x0)
