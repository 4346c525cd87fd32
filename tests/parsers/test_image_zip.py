"""Images are OCR'd; ZIP archives are opened member by member."""

from __future__ import annotations

import io
import zipfile

from PIL import Image, ImageDraw, ImageFont

from parsers.reading import read


def text_image(lines: list[str], fmt: str) -> bytes:
    font = ImageFont.truetype("DejaVuSerif.ttf", 40)
    image = Image.new("L", (1400, 90 * len(lines) + 100), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 50 + 90 * i), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, fmt, dpi=(300, 300))
    return out.getvalue()


def test_a_photo_of_a_page_is_read_by_ocr(ctx, registry, tesseract):
    lines = ["SỞ XÂY DỰNG TỈNH KON TUM", "Quyết định ban hành Quy chế"]
    for fmt in ("PNG", "JPEG", "TIFF"):
        parsed = read(text_image(lines, fmt), f"page.{fmt.lower()}", ctx, registry).parsed
        assert parsed.format == "image" and parsed.text_source == "ocr"
        assert "SỞ XÂY DỰNG" in parsed.text, (fmt, parsed.text)


def test_a_zip_is_opened_member_by_member(sample_docx, ctx, registry):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Quyết định 166.docx", sample_docx)
        archive.writestr("ghi-chu.txt", "Ghi chú của văn thư".encode())
        archive.writestr("thu-muc/", b"")
    reading = read(out.getvalue(), "goi.zip", ctx, registry)
    assert reading.parsed.format == "zip"
    names = {a.name: a for a in reading.attachments}
    assert set(names) == {"Quyết định 166.docx", "ghi-chu.txt"}
    assert names["Quyết định 166.docx"].parsed.format == "docx"
    assert names["ghi-chu.txt"].parsed.text == "Ghi chú của văn thư"
