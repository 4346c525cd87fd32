"""The desk's document page for a 20-page PDF, side by side with the queue page in one run.

    python bench/review_page.py [--pages 20] [--rounds 30]

A 20-page decision is built (python-docx), printed to PDF by LibreOffice, and taken in through the
real intake into a fresh SQLite database; a member signs in through the real sign-in. Then, timed
with Flask's test client (no network), median of ``--rounds``:

- the queue page (``/review/``), the baseline;
- the document page, cold: its HTML and every page image drawn for the first time (once);
- the document page once its images are cached: its HTML, and its HTML plus every image served;
each with its ratio to the queue page. Goal: the cached document page (HTML) <= 300 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.db import migrate  # noqa: E402
from ingest.demo import load_demo_users  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from ingest.samples import SampleDocument, build_docx  # noqa: E402
from ingest.settings import load_settings  # noqa: E402
from review_ui import create_app  # noqa: E402


def long_decision(pages: int) -> bytes:
    paragraph = ("Các cơ quan, đơn vị thuộc Sở Xây dựng có trách nhiệm cung cấp thông tin đầy đủ, chính xác "
                 "và kịp thời cho Tổ Biên tập theo quy định tại Quy chế này. ") * 6
    body = tuple(f"Điều {i}. {paragraph}" for i in range(1, pages * 3))
    return build_docx(replace(SampleDocument(), body=SampleDocument().body[:4] + body))


def to_pdf(docx: bytes, workdir: Path) -> bytes:
    source = workdir / "quyet-dinh.docx"
    source.write_bytes(docx)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(workdir / 'lo').as_uri()}", "--convert-to",
                    "pdf", "--outdir", str(workdir), str(source)], check=True, capture_output=True, timeout=300)
    return (workdir / "quyet-dinh.pdf").read_bytes()


def timed(call, rounds: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congbo-bench-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'congbo.sqlite3'}"
        migrate(url)
        settings = load_settings(environ={}, overrides={"app.database_url": url, "app.data_dir": str(work / "data")})
        pdf = to_pdf(long_decision(args.pages), work)
        with Pipeline.from_settings(settings) as pipeline:
            item = pipeline.ingest_bytes(pdf, "quyet-dinh-20-trang.pdf", source="bench").item
        load_demo_users(settings)
        app = create_app({"TESTING": True}, settings=settings)
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
        client.post("/login", data={"username": "uyvien", "password": "uyvien-demo-2026", "csrf_token": token})
        html = client.get("/review/").get_data(as_text=True)
        document_id = re.search(r'/review/documents/(\d+)"', html).group(1)
        page_urls = re.findall(r'src="(/review/documents/\d+/pages/\d+\.png)"',
                               client.get(f"/review/documents/{document_id}").get_data(as_text=True))
        # the page above was the first HTML render; now the cold images
        for cached in (work / "data" / "pages").rglob("*.png"):
            cached.unlink()
        start = time.perf_counter()
        client.get(f"/review/documents/{document_id}")
        for page_url in page_urls:
            assert client.get(page_url).status_code == 200
        cold = (time.perf_counter() - start) * 1000

        def document_html() -> None:
            assert client.get(f"/review/documents/{document_id}").status_code == 200

        def document_with_images() -> None:
            document_html()
            for page_url in page_urls:
                client.get(page_url).close()

        assert client.get("/review/").status_code == 200, "signed in: the queue itself is timed"
        queue_ms = timed(lambda: client.get("/review/"), args.rounds)
        html_ms = timed(document_html, args.rounds)
        full_ms = timed(document_with_images, max(5, args.rounds // 3))
        app.extensions["congbo_engine"].dispose()
    print(f"document: item {item.id}, {len(page_urls)} pages drawn")
    print(f"{'page':48} {'median ms':>10} {'x queue':>8}")
    print(f"{'queue page /review/ (baseline)':48} {queue_ms:10.1f} {1:8.2f}")
    print(f"{'document page, cold (HTML + all images drawn)':48} {cold:10.1f} {cold / queue_ms:8.2f}")
    print(f"{'document page, images cached (HTML)':48} {html_ms:10.1f} {html_ms / queue_ms:8.2f}")
    print(f"{'document page, images cached (HTML + images)':48} {full_ms:10.1f} {full_ms / queue_ms:8.2f}")
    print(f"goal: cached document page <= 300 ms: {'met' if html_ms <= 300 else 'NOT met'} ({html_ms:.0f} ms)")


if __name__ == "__main__":
    main()
