"""Fuzz every reader through the supervised child, by hand (not in ``make test``).

    .venv/bin/python bench/fuzz_readers.py [--examples 300] [--seed 1] [--hostile]

For each reader a seed file is made (``ingest.samples`` and LibreOffice for PDF and DOC), and
hypothesis mutates it: bytes flipped, runs cut out, repeated or inserted, the file truncated. Every
mutant is read by :class:`parsers.isolation.SupervisedReader` under the production limits. A
mutant must end read or refused with one of the readers' errors; an :class:`InternalError` (a bug
of ours), a crashed or killed child, or a read over 30 s / 500 MB is a finding, printed with the
mutant's SHA-256 and kept in ``--keep`` for replay. With ``--hostile`` the hostile cases of
``tests/hostile.py`` are read too and their outcome, seconds and peak memory printed as a table
(the one in docs/RELIABILITY.md).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
import hashlib
import io
import socket
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from ingest.samples import SampleDocument, build_docx, build_odt  # noqa: E402
from parsers.base import ParserContext  # noqa: E402
from parsers.doc import convert_with_libreoffice  # noqa: E402
from parsers.errors import InternalError, ReaderCrashed  # noqa: E402
from parsers.isolation import ChildLimits, SupervisedReader  # noqa: E402
from parsers.registry import default_registry  # noqa: E402

MOST_SECONDS, MOST_MB = 30, 500


def seeds(workdir: Path) -> dict[str, bytes]:
    from email.message import EmailMessage

    from PIL import Image, ImageDraw

    sample = SampleDocument()
    docx, odt = build_docx(sample), build_odt(sample)
    (workdir / "seed.docx").write_bytes(docx)
    pdf = convert_with_libreoffice(workdir / "seed.docx", "pdf", workdir, soffice="soffice", timeout=180).read_bytes()
    doc = convert_with_libreoffice(workdir / "seed.docx", "doc:MS Word 97", workdir, soffice="soffice",
                                   timeout=180).read_bytes()
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "vanthu@sxd.kontum.gov.vn", "tbt@sxd.kontum.gov.vn", "Quyết định 166"
    mail.set_content("Kính gửi Tổ Biên tập")
    mail.add_alternative("<p>Kính gửi <b>Tổ Biên tập</b></p>", subtype="html")
    mail.add_attachment(docx, maintype="application", subtype="octet-stream", filename="qd.docx")
    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((20, 20), "QUYET DINH 166", fill=0)
    png = io.BytesIO()
    image.save(png, "PNG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("qd.docx", docx)
        out.writestr("ghi-chu.txt", "Ghi chú")
    from tests.hostile import _edxml

    import base64
    return {"pdf": pdf, "docx": docx, "odt": odt, "doc": doc, "mail": mail.as_bytes(), "png": png.getvalue(),
            "zip": archive.getvalue(), "edxml": _edxml(attachment=base64.b64encode(docx).decode()),
            "text": "Quyết định số 166/QĐ-SXD\nKon Tum, ngày 26 tháng 12 năm 2023\n".encode()}


@st.composite
def mutants(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        length = draw(st.integers(1, 64))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:at + length]
        elif kind == "repeat":
            data[at:at] = data[at:at + length] * draw(st.integers(2, 200))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=length))
        else:
            del data[at:]
    return bytes(data)


def fuzz(reader: SupervisedReader, kind: str, seed: bytes, examples: int, keep: Path) -> dict:
    stats = {"kind": kind, "examples": 0, "outcomes": Counter(), "findings": [], "seconds": 0.0, "peak_mb": 0.0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(mutants(seed))
    def one(data: bytes) -> None:
        reading, usage = reader.read_measured(data, f"mau.{kind}")
        if usage.peak_mb > MOST_MB:  # the shared child's peak includes what earlier mutants left resident
            with SupervisedReader(reader.ctx, reader.registry, replace(reader.limits, max_reads=1)) as fresh:
                reading, usage = fresh.read_measured(data, f"mau.{kind}")
        stats["examples"] += 1
        stats["seconds"] = max(stats["seconds"], usage.seconds)
        stats["peak_mb"] = max(stats["peak_mb"], usage.peak_mb)
        outcome = type(reading.error).__name__ if reading.error else "read"
        stats["outcomes"][outcome] += 1
        bad = isinstance(reading.error, (InternalError, ReaderCrashed)) or usage.seconds > MOST_SECONDS \
            or usage.peak_mb > MOST_MB
        if bad:
            digest = hashlib.sha256(data).hexdigest()
            (keep / f"{kind}-{digest[:16]}").write_bytes(data)
            stats["findings"].append((digest[:16], outcome, str(reading.error), round(usage.seconds, 2),
                                      round(usage.peak_mb)))

    one()
    return stats


def hostile_table() -> list[str]:
    """Each hostile case in a fresh child (``max_reads=1``), so that its peak is its own and not what
    an earlier case left resident."""
    from tests.hostile import SECRET, Targets, cases

    reader = SupervisedReader(ParserContext(), default_registry(),
                              ChildLimits(timeout_s=120, memory_bytes=2048 * 2**20, max_reads=1))

    folder = Path(tempfile.mkdtemp(prefix="congbo-hostile-"))
    (folder / "secret.txt").write_text(SECRET)
    (folder / "outside").mkdir()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    rows = ["| case | outcome | seconds | peak MB | message |", "|---|---|---:|---:|---|"]
    for case in cases(Targets(folder / "secret.txt", listener.getsockname()[1], folder / "outside")):
        reading, usage = reader.read_measured(case.data, case.name)
        message = str(reading.error) if reading.error else "; ".join(reading.parsed.warnings[:1]) or "đọc được"
        outcome = "refused" if reading.error else "read"
        rows.append(f"| {case.kind} | {outcome} | {usage.seconds:.2f} | {usage.peak_mb:.0f} | "
                    f"{message.replace('|', '/')[:110]} |")
    listener.close()
    reader.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=300, help="mutants per reader (DOC: a tenth, LibreOffice is slow)")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "congbo-fuzz-findings")
    parser.add_argument("--hostile", action="store_true", help="also read the hostile cases and print their table")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory() as work, SupervisedReader(
            ParserContext(), default_registry(), ChildLimits(timeout_s=120, memory_bytes=2048 * 2**20)) as reader:
        print("| reader | mutants | read | refused (by error) | findings | slowest s | peak MB |")
        print("|---|---:|---:|---|---:|---:|---:|")
        findings = 0
        for kind, seed in seeds(Path(work)).items():
            stats = fuzz(reader, kind, seed, max(args.examples // 10, 10) if kind == "doc" else args.examples, args.keep)
            refused = ", ".join(f"{name} {count}" for name, count in stats["outcomes"].most_common() if name != "read")
            print(f"| {kind} | {stats['examples']} | {stats['outcomes']['read']} | {refused or '-'} | "
                  f"{len(stats['findings'])} | {stats['seconds']:.2f} | {stats['peak_mb']:.0f} |", flush=True)
            for finding in stats["findings"]:
                print(f"    finding {kind}: {finding}", flush=True)
            findings += len(stats["findings"])
        if args.hostile:
            print()
            print("\n".join(hostile_table()))
    print(f"\n{findings} finding(s) in {time.time() - started:.0f} s; mutants that broke a rule are in {args.keep}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
