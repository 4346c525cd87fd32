"""Bad input gets a clear, typed error and never a crash or a hang; formats are told by content."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from parsers.base import BaseParser, Parsed, ParserContext
from parsers.errors import CorruptFile, LimitExceeded, UnsupportedFormat
from parsers.reading import read, to_dict
from parsers.registry import DEFAULT_PARSERS


def limited(ctx: ParserContext, **limits) -> ParserContext:
    return replace(ctx, limits=replace(ctx.limits, **limits))


def test_a_file_over_the_size_limit_is_refused(sample_docx, ctx, registry):
    reading = read(sample_docx, "big.docx", limited(ctx, max_file_bytes=1000), registry)
    assert isinstance(reading.error, LimitExceeded) and "vượt giới hạn" in str(reading.error)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(ctx, registry):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 20_000_000)
    reading = read(out.getvalue(), "bomb.zip", ctx, registry)
    assert isinstance(reading.error, LimitExceeded) and "nén tỉ lệ" in str(reading.error)


def test_a_zip_that_unpacks_past_the_limit_is_refused(sample_docx, ctx, registry):
    reading = read(sample_docx, "d.docx", limited(ctx, max_unpacked_bytes=10_000), registry)
    assert isinstance(reading.error, LimitExceeded) and "giải nén ra hơn" in str(reading.error)


def test_attachments_nested_too_deep_are_not_read(sample_docx, ctx, registry):
    data = sample_docx
    for level in range(4):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(f"level-{level}.zip" if level else "d.docx", data)
        data = out.getvalue()
    reading = read(data, "deep.zip", limited(ctx, max_nesting=2), registry)
    record = to_dict(reading)
    assert "lồng sâu quá" in " ".join(record["attachments"][0]["attachments"][0]["warnings"])


def test_the_format_is_told_by_content_not_by_name(sample_docx, sample_odt, ctx, registry):
    assert read(sample_docx, "looks-like.pdf", ctx, registry).parsed.format == "docx"
    assert read(sample_odt, "looks-like.docx", ctx, registry).parsed.format == "odt"


def test_unknown_binary_content_is_a_clear_error(ctx, registry):
    reading = read(bytes(range(256)) * 4, "mystery.bin", ctx, registry)
    assert isinstance(reading.error, UnsupportedFormat) and "mystery.bin" in str(reading.error)


def test_a_reader_crashing_on_damaged_input_becomes_a_typed_error(ctx, registry):
    reading = read(b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged.pdf", ctx, registry)
    assert isinstance(reading.error, CorruptFile)
    assert to_dict(reading)["error"].startswith("damaged.pdf:")


@pytest.mark.parametrize("parser", DEFAULT_PARSERS, ids=lambda p: p.__name__)
def test_every_reader_follows_the_contract(parser):
    assert isinstance(parser.format, str) and isinstance(parser.mime, str) and isinstance(parser.open_format, bool)
    assert parser.score(b"", b"") is None, "empty input is declined"
    assert callable(parser.parse) and hasattr(parser, "__enter__") and hasattr(parser, "__exit__")


def test_a_reader_removes_its_temporary_files_even_after_an_error(ctx):
    class Exploding(BaseParser):
        format, mime, open_format = "boom", "application/x-boom", False

        def parse(self, data: bytes, name: str) -> Parsed:
            (self.workdir / "half-written.tmp").write_bytes(data)
            raise RuntimeError("reader failed")

    parser = Exploding(ctx)
    with pytest.raises(RuntimeError), parser:
        parser.parse(b"x", "x")
    assert parser._workdir is None
    assert not list(Path("/tmp").glob("congbo-boom-*"))


def test_a_picture_over_the_pixel_limit_is_refused_before_it_is_decoded(ctx, registry):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (4000, 3000)).save(out, "PNG")  # 12 megapixels in a few kB
    found = read(out.getvalue(), "scan.png", limited(ctx, max_image_pixels=10_000_000), registry)
    assert isinstance(found.error, LimitExceeded) and "megapixel" in str(found.error)


def test_choosing_a_reader_opens_a_zip_package_once_for_every_scorer(sample_docx, registry, monkeypatch):
    import zipfile

    from parsers import sniff

    opened = []
    real = zipfile.ZipFile.__init__

    def counting(self, *args, **kwargs):
        opened.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    assert registry.choose(sample_docx).format == "docx"
    assert len(opened) == 1  # DOCX, ODT, ODS and ODP all asked
    with sniff.choosing(b"PK\x03\x04 not a zip"):
        for _ in range(2):
            with pytest.raises(zipfile.BadZipFile):
                sniff.zip_archive(b"PK\x03\x04 not a zip")
    assert sniff.zip_archive(sample_docx) is not sniff.zip_archive(sample_docx)  # outside a choice: afresh
