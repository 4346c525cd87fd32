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
            frames = []
            for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                if frame.width * frame.height > limit:  # checked before the pixels are decoded
                    raise LimitExceeded(f"ảnh số {number} có {frame.width} × {frame.height} điểm ảnh, vượt giới hạn "
                                        f"{limit / 1e6:g} megapixel", name=name)
                frames.append((frame.copy(), frame.info.get("dpi")))
        except (UnidentifiedImageError, OSError) as exc:
            raise CorruptFile("không phải tệp ảnh đọc được", name=name, detail=str(exc)) from exc
        if len(frames) > self.ctx.limits.max_ocr_pages:
            raise LimitExceeded(f"{len(frames)} trang cần nhận dạng chữ, vượt giới hạn "
                                f"{self.ctx.limits.max_ocr_pages} trang", name=name)
        pages = []
        with OcrPool(self.ctx) as pool:
            for number, (frame, dpi) in enumerate(frames, 1):
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
        result.properties = {"frames": len(frames)}
        return result
