"""Reader throughput, side by side in one run.

    python bench/parse_throughput.py DIR [DIR...] [--rounds N] [--ocr-pages N]
    python bench/parse_throughput.py --generated 70 [--seed S] [--rounds N]

1. Text-layer documents (PDF with a text layer, DOCX, ODT) found in DIR: documents per second for
   - congbo's readers (``parsers.reading.read``: text, layout, legacy check, signatures),
   - congbo's readers plus metadata extraction (timed in the same passes, so its share is exact),
   - a bare floor: pypdfium2 text of every page; the raw XML of DOCX/ODT, tags stripped,
   - pdfplumber ``extract_text()`` on every page (PDFs only),
   each with its ratio to the floor.
2. OCR: pages per second of congbo's OCR pool against the plain ``tesseract IMAGE stdout -l vie``
   command run page after page, on the same page images.
3. Peak memory (max RSS of a fresh process) of reading a 300-page PDF, against the goal
   150 MB + 2 x the file size, and against a process that only imports the readers.

With ``--generated N``, part 1 only, on the documents the board really gets: N documents drawn by
``ingest.generated`` (seeded), their bodies one to six pages long, a third each saved as DOCX, ODT,
and PDF printed by LibreOffice.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.cli import configure_logging  # noqa: E402
from parsers.base import ParserContext  # noqa: E402
from parsers.reading import read  # noqa: E402
from parsers.registry import default_registry  # noqa: E402


def text_layer_documents(dirs: list[Path], ctx: ParserContext) -> list[tuple[Path, bytes, str]]:
    """PDF, DOCX and ODT files whose every page congbo reads from the text layer (no OCR)."""
    registry = default_registry()
    found = []
    for folder in dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            try:
                fmt = registry.choose(data).format
            except Exception:  # noqa: BLE001 - not a document
                continue
            if fmt not in ("pdf", "docx", "odt"):
                continue
            if fmt == "pdf":
                import pypdfium2 as pdfium

                pdf = pdfium.PdfDocument(data)
                chars = sum(len(pdf[i].get_textpage().get_text_range().strip()) for i in range(len(pdf)))
                pages = len(pdf)
                pdf.close()
                if chars < ctx.min_text_chars * pages:
                    continue
                reading = read(data, path.name, ctx, registry)
                if reading.error or any(p.text_source == "ocr" for p in reading.parsed.pages):
                    continue
            found.append((path, data, fmt))
    return found


def floor(data: bytes, fmt: str) -> int:
    if fmt == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        total = 0
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
        return total
    member = "word/document.xml" if fmt == "docx" else "content.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(member).decode("utf-8")
    return len(re.sub(r"<[^>]+>", "", xml))


def pdfplumber_all(data: bytes, fmt: str) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def timed(fn, docs, rounds: int) -> float:
    """Documents per second over the median of ``rounds`` timed passes, after one untimed pass
    (the first call of a reader pays for its imports and caches, which a worker pays once)."""
    for _path, data, fmt in docs:
        fn(data, fmt)
    passes = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _path, data, fmt in docs:
            fn(data, fmt)
        passes.append(time.perf_counter() - start)
    return len(docs) / statistics.median(passes)


def side_by_side(docs, ctx: ParserContext, registry, rounds: int) -> tuple[float, float, float]:
    """(floor docs/s, readers docs/s, metadata time as a share of reader time). Each document
    is taken by the floor, then read, then its metadata extracted, one right after the other, so
    that a machine that slows down or speeds up during the run weighs on all three alike; each
    rate is from the median of ``rounds`` passes, after one untimed pass."""
    from parsers.metadata import extract_reading

    def one_pass() -> tuple[float, float, float]:
        floor_s = reading_s = metadata_s = 0.0
        for _path, data, fmt in docs:
            start = time.perf_counter()
            floor(data, fmt)
            floored = time.perf_counter()
            reading = read(data, "x", ctx, registry, metadata=False)
            middle = time.perf_counter()
            extract_reading(reading, ctx.publication)
            floor_s += floored - start
            reading_s += middle - floored
            metadata_s += time.perf_counter() - middle
        return floor_s, reading_s, metadata_s

    one_pass()
    passes = [one_pass() for _ in range(rounds)]
    floor_s, reading_s, metadata_s = (statistics.median(p[k] for p in passes) for k in range(3))
    return len(docs) / floor_s, len(docs) / reading_s, metadata_s / reading_s


def generated_documents(count: int, seed: int) -> list[tuple[Path, bytes, str]]:
    """``count`` drawn documents of one to six pages: a third each DOCX, ODT and PDF."""
    import random
    from dataclasses import replace

    from ingest.generated import Generated, generate, printed
    from ingest.samples import build_docx, build_odt

    rng = random.Random(seed)
    paragraph = ("{n}. Các đơn vị căn cứ chức năng, nhiệm vụ được giao tổ chức triển khai thực hiện nội dung "
                 "của văn bản này, báo cáo kết quả thực hiện về cơ quan chủ trì trước ngày 15 hằng tháng.")
    docs: list[tuple[Path, bytes, str]] = []
    drawn = []
    for one in generate(count, seed):
        extra = tuple(paragraph.format(n=n + 4) for n in range(rng.choice([0, 8, 20, 35, 50, 65])))
        drawn.append(Generated(replace(one.document, body=one.document.body + extra), one.truth, one.layout))
    to_print = drawn[2::3]
    with tempfile.TemporaryDirectory() as work:
        pdfs = printed(to_print, Path(work), ("pdf",))["pdf"] if to_print else []
    for index, one in enumerate(drawn):
        kind = ("docx", "odt", "pdf")[index % 3]
        data = {"docx": lambda: build_docx(one.document), "odt": lambda: build_odt(one.document),
                "pdf": lambda: pdfs[index // 3]}[kind]()
        docs.append((Path(f"gen-{index:03d}.{kind}"), data, kind))
    return docs


def bench_text(dirs: list[Path], rounds: int, docs: list[tuple[Path, bytes, str]] | None = None) -> None:
    ctx = ParserContext()
    registry = default_registry()
    docs = docs if docs is not None else text_layer_documents(dirs, ctx)
    if any(fmt == "pdf" for _, _, fmt in docs):
        import pypdfium2 as pdfium

        pages = [len(pdfium.PdfDocument(data)) for _, data, fmt in docs if fmt == "pdf"]
        print(f"PDF pages: {min(pages)} to {max(pages)}, {sum(pages) / len(pages):.1f} on average")
    pdfs = [d for d in docs if d[2] == "pdf"]
    print(f"text-layer documents: {len(docs)} ({len(pdfs)} PDF, "
          f"{sum(1 for d in docs if d[2] == 'docx')} DOCX, {sum(1 for d in docs if d[2] == 'odt')} ODT), "
          f"median of {rounds} timed pass(es) after one warm-up pass, floor and readers file by file")
    readers = lambda data, fmt: read(data, "x", ctx, registry, metadata=False)  # noqa: E731
    floor_rate, read_rate, metadata_share = side_by_side(docs, ctx, registry, rounds)
    rows = [("floor (pypdfium2 text / raw XML)", floor_rate), ("congbo readers", read_rate),
            ("congbo readers + metadata", read_rate / (1 + metadata_share))]
    print(f"{'reader':40} {'docs/s':>10} {'x floor':>9}")
    for name, rate in rows:
        print(f"{name:40} {rate:10.2f} {rate / floor_rate:9.2f}")
    print(f"metadata extraction adds {metadata_share:.0%} to the readers' time (both timed in the same passes)")
    for fmt in ("docx", "odt"):
        group = [d for d in docs if d[2] == fmt]
        if group:
            fmt_floor = timed(floor, group, rounds)
            rate = timed(readers, group, rounds)
            print(f"{fmt.upper()} ({len(group)}): floor {fmt_floor:.2f} docs/s, congbo readers {rate:.2f} docs/s, "
                  f"{rate / fmt_floor:.2f} x floor")
    signed = [d for d in pdfs if b"/ByteRange" in d[1]]
    for label, group in ((f"PDFs ({len(pdfs)})", pdfs), (f"unsigned PDFs ({len(pdfs) - len(signed)})",
                                                          [d for d in pdfs if d not in signed]),
                         (f"signed PDFs ({len(signed)}; pyHanko checks each signature)", signed)):
        if not group:
            continue
        pdf_floor = timed(floor, group, rounds)
        print(f"{label}:")
        for name, fn in (("floor (pypdfium2 text)", floor), ("congbo readers", readers),
                         ("pdfplumber extract_text, every page", pdfplumber_all)):
            rate = pdf_floor if fn is floor else timed(fn, group, 1 if fn is pdfplumber_all else rounds)
            print(f"  {name:38} {rate:10.2f} {rate / pdf_floor:9.2f}")


def scan_pages(dirs: list[Path], count: int, dpi: int, out: Path) -> list[Path]:
    import pypdfium2 as pdfium

    pages: list[Path] = []
    for folder in dirs:
        for path in sorted(folder.rglob("*.pdf")):
            pdf = pdfium.PdfDocument(path.read_bytes())
            for i in range(len(pdf)):
                if len(pages) >= count:
                    return pages
                textpage = pdf[i].get_textpage()
                if len(textpage.get_text_range().strip()) < 40:
                    image = out / f"page-{len(pages):03d}.png"
                    pdf[i].render(scale=dpi / 72).to_pil().convert("L").save(image)
                    pages.append(image)
    return pages


def bench_ocr(dirs: list[Path], count: int) -> None:
    from parsers.ocr import OcrPool

    ctx = ParserContext()
    with tempfile.TemporaryDirectory() as tmp:
        pages = scan_pages(dirs, count, ctx.ocr_dpi, Path(tmp))
        if not pages:
            print("OCR: no scanned pages found")
            return
        start = time.perf_counter()
        for image in pages:
            subprocess.run(["tesseract", str(image), "stdout", "-l", "vie"], capture_output=True, check=True)
        plain = len(pages) / (time.perf_counter() - start)
        start = time.perf_counter()
        single_env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        for image in pages:
            subprocess.run(["tesseract", str(image), "stdout", "-l", "vie"], capture_output=True, check=True,
                           env=single_env)
        single = len(pages) / (time.perf_counter() - start)
        start = time.perf_counter()
        with OcrPool(ctx) as pool:
            for image in pages:
                pool.submit(image, ctx.ocr_dpi)
            list(pool.results())
        ours = len(pages) / (time.perf_counter() - start)
    print(f"OCR on {len(pages)} scanned pages at {ctx.ocr_dpi} dpi ({ctx.ocr_workers} workers):")
    print(f"  {'plain tesseract command, page after page':44} {plain:6.2f} pages/s  1.00")
    print(f"  {'same, one thread each (OMP_THREAD_LIMIT=1)':44} {single:6.2f} pages/s  {single / plain:4.2f}")
    print(f"  {'congbo OCR pool (with signature re-reads)':44} {ours:6.2f} pages/s  {ours / plain:4.2f}")
    bench_second_reading(dirs, ctx)


def bench_second_reading(dirs: list[Path], ctx: ParserContext, most: int = 8) -> None:
    """What reading a scan's first page again costs, against Tesseract reading the same pages (one
    thread each, as in the pool): the second OCR engine on the number and date lines, and every
    re-reading together (also the block under the number, and the signature block and the list
    where the page has them)."""
    import pypdfium2 as pdfium

    from parsers import second_reading
    from parsers.ocr import _read_page, prepare, run_tesseract

    tesseract_s = second_s = all_s = 0.0
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(p for folder in dirs for p in folder.rglob("*.pdf")):
            if pages >= most:
                break
            pdf = pdfium.PdfDocument(path.read_bytes())
            if len(pdf[0].get_textpage().get_text_range().strip()) >= 40:
                continue
            original = pdf[0].render(scale=ctx.ocr_dpi / 72).to_pil()
            image = Path(tmp) / f"first-{pages}.png"
            prepare(original, first_page=True).save(image)
            start = time.perf_counter()
            page = run_tesseract(image, ctx, dpi=ctx.ocr_dpi)
            middle = time.perf_counter()
            lines = second_reading.header_lines(page.lines, original.height * 72 / ctx.ocr_dpi)
            second_reading.read_again(original, lines, ctx.ocr_dpi / 72)
            end = time.perf_counter()
            _read_page(image, ctx, dpi=ctx.ocr_dpi, first=original, original=original)
            tesseract_s += middle - start
            second_s += end - middle
            all_s += time.perf_counter() - end - (middle - start)  # what the full reading adds to the page's
            pages += 1
    if pages:
        print(f"  second engine on {pages} first pages' number and date lines: {1000 * second_s / pages:.0f} ms "
              f"a page, {second_s / tesseract_s:4.2f} x Tesseract's time on the same pages "
              f"({1000 * tesseract_s / pages:.0f} ms)")
        print(f"  every re-reading of those first pages together: {1000 * all_s / pages:.0f} ms a page, "
              f"{all_s / tesseract_s:4.2f} x Tesseract's time on them")


def make_long_pdf(dirs: list[Path], pages: int, out: Path) -> Path | None:
    import pypdfium2 as pdfium

    sources = [p for folder in dirs for p in sorted(folder.rglob("*.pdf"))]
    best = None
    for path in sources:  # the longest text-layer PDF is repeated up to the page count
        pdf = pdfium.PdfDocument(path.read_bytes())
        if len(pdf[0].get_textpage().get_text_range().strip()) > 200 and (best is None or len(pdf) > best[1]):
            best = (path, len(pdf))
        pdf.close()
    if best is None:
        return None
    source = pdfium.PdfDocument(best[0].read_bytes())
    target = pdfium.PdfDocument.new()
    while len(target) < pages:
        take = min(len(source), pages - len(target))
        target.import_pages(source, list(range(take)))
    target.save(out)
    return out


def peak_rss_mb(code: str) -> float:
    """Peak RSS (VmHWM) of a fresh interpreter running ``code``. Not ru_maxrss: that survives
    execve, so a child would report the bench's own peak."""
    report = ("; print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])")
    out = subprocess.run([sys.executable, "-c", code + report], check=True, cwd=ROOT, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


def bench_memory(dirs: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = make_long_pdf(dirs, 300, Path(tmp) / "long.pdf")
        if path is None:
            print("memory: no text-layer PDF to build a 300-page file from")
            return
        size_mb = path.stat().st_size / 2**20
        imports = ("import sys; sys.path.insert(0, '.'); from parsers.base import ParserContext; "
                   "from parsers.reading import read; from parsers.registry import default_registry")
        baseline = peak_rss_mb(imports)
        parsing = peak_rss_mb(imports + f"; r = read(open({str(path)!r}, 'rb').read(), 'long.pdf', "
                                        "ParserContext(), default_registry()); assert r.error is None, r.error; "
                                        "assert len(r.parsed.pages) == 300")
    goal = 150 + 2 * size_mb
    print(f"peak memory reading a 300-page PDF of {size_mb:.1f} MB: {parsing:.0f} MB "
          f"(imports alone: {baseline:.0f} MB; goal {goal:.0f} MB: {parsing / goal:.2f} of the goal)")
    scan = next((p for folder in dirs for p in sorted(folder.rglob("pdf_scan*.pdf"))), None)
    if scan is not None:
        with_second, without = (peak_rss_mb(
            imports + "; from dataclasses import replace; "
            f"r = read(open({str(scan)!r}, 'rb').read(), 'scan.pdf', replace(ParserContext(), "
            f"ocr_second_reader={on}), default_registry()); assert r.error is None, r.error") for on in (True, False))
        print(f"peak memory reading the scan {scan.name}: {with_second:.0f} MB with the second OCR engine, "
              f"{without:.0f} MB without ({with_second / without:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ocr-pages", type=int, default=8)
    parser.add_argument("--generated", type=int, metavar="N", help="only the text layer, on N generated documents")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    configure_logging("WARNING")
    if args.generated:
        bench_text([], args.rounds, generated_documents(args.generated, args.seed))
        return
    if not args.dirs:
        parser.error("give DIR or --generated N")
    bench_text(args.dirs, args.rounds)
    bench_ocr(args.dirs, args.ocr_pages)
    bench_memory(args.dirs)


if __name__ == "__main__":
    main()
