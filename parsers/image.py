"""Images (JPEG, PNG, TIFF, multi-page TIFF included): every frame OCR'd with Tesseract."""

from __future__ import annotations

import io

from PIL import Image, ImageSequence, UnidentifiedImageError

from .base import BaseParser, Page, Parsed
from .errors import CorruptFile, LimitExceeded
from .ocr import OcrPool, prepare

# congbo's own limit (``limits.max_image_megapixels``), checked before decoding, replaces Pillow's
# process-wide one, which warns at 89 megapixels and refuses at twice that whatever the settings
Image.MAX_IMAGE_PIXELS = None

_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"II*\x00": "image/tiff",
          b"MM\x00*": "image/tiff"}


class ImageParser(BaseParser):
    format = "image"
    mime = "image/*"
    open_format = True  # JPEG, PNG (mandatory) and TIFF (recommended) in Thông tư 39/2017

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 90 if any(head.startswith(m) for m in _MAGIC) else None

    def parse(self, data: bytes, name: str) -> Parsed:
        mime = next(v for k, v in _MAGIC.items() if data.startswith(k))
        limit = self.ctx.limits.max_image_pixels
        try:
            image = Image.open(io.BytesIO(data))  # reads the header only
            count = getattr(image, "n_frames", 1)  # walks the frame headers, decodes nothing
            if count > self.ctx.limits.max_ocr_pages:
                raise LimitExceeded(f"{count} trang cần nhận dạng chữ, vượt giới hạn "
                                    f"{self.ctx.limits.max_ocr_pages} trang", name=name)
            for number in range(count):
                image.seek(number)
                if image.width * image.height > limit:  # checked before any pixel is decoded
                    raise LimitExceeded(f"ảnh số {number + 1} có {image.width} × {image.height} điểm ảnh, vượt giới "
                                        f"hạn {limit / 1e6:g} megapixel", name=name)
        except (UnidentifiedImageError, OSError, EOFError) as exc:
            raise CorruptFile("không phải tệp ảnh đọc được", name=name, detail=str(exc)) from exc
        pages = []
        with OcrPool(self.ctx) as pool:
            for number in range(1, count + 1):
                frame, dpi = self._frame(image, number, name)  # one frame decoded at a time
                resolution = int(round(dpi[0])) if dpi and dpi[0] and dpi[0] > 50 else self.ctx.ocr_dpi
                path = self.workdir / f"frame-{number:04d}.png"
                prepare(frame, first_page=number == 1).save(path)
                pool.submit(path, resolution, first_page=frame if number == 1 else None)
                scale = 72 / resolution
                pages.append(Page(number, frame.width * scale, frame.height * scale, "", "ocr"))
            for page, ocr in zip(pages, pool.results()):
                ocr.onto(page)
        result = self.result(pages=pages, text_source="ocr", text="\f".join(p.text for p in pages))
        result.mime = mime
        result.properties = {"frames": count}
        return result

    @staticmethod
    def _frame(image: Image.Image, number: int, name: str) -> tuple[Image.Image, tuple[float, float] | None]:
        try:
            image.seek(number - 1)
            return image.copy(), image.info.get("dpi")
        except (OSError, EOFError, ValueError) as exc:
            raise CorruptFile(f"ảnh số {number} bị hỏng, không đọc được", name=name, detail=str(exc)) from exc
