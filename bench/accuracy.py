"""Metadata accuracy against hand-checked truth files, or on a fresh generated set.

    python bench/accuracy.py [DIR ...]        (default: ../shared/corpus/real)
    python bench/accuracy.py --generated 300 --seed 7

With ``--generated N``, N documents are drawn by ``ingest.generated`` (seeded) and printed as DOCX,
ODT, PDF and DOC (LibreOffice, in one batch), as mail carrying the DOCX, as edXML carrying the PDF or
the DOCX and as 200-dpi scans of the PDF, a seventh each; the truth is what the generator used. Both modes also print how well the confidence predicts correctness:
accuracy of the values given at >= 0.9, 0.7-0.9 and < 0.7, and the share of wrong values that were
marked unsure (< 0.7). A value the reader did not find has no confidence and is not counted there.
Some generated secret documents are scanned with their "MẬT" as a red rubber stamp instead of print,
half of those too faint to read; a secrecy "Chưa rõ" (not known: a person decides) counts as right
for a secret document and wrong for any other, and secret documents read as not secret are listed.

Every DIR holding a ``truth.jsonl`` is read with ``congbo``'s readers and metadata extractor; each
field of the truth is compared exactly after NFC, whitespace collapsing and case-folding (the
recipients as sets). Prints per-field accuracy for each group of formats (text layer, scans,
edXML headers), the mean of each group, and every mismatch underneath, for people to check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.cli import configure_logging  # noqa: E402
from parsers.base import ParserContext  # noqa: E402
from parsers.metadata.fields import SECRECY_UNKNOWN  # noqa: E402
from parsers.reading import read, to_dict  # noqa: E402
from parsers.registry import default_registry  # noqa: E402

FIELDS = ("number", "doc_type", "issuer", "parent_issuer", "place", "issued_on", "subject", "signer_name",
          "signer_title", "signer_authority", "recipients", "secrecy", "urgency", "effective_on")
CORPUS_GOALS = {"text layer": 0.98, "scan": 0.95, "edxml": 1.0}
GENERATED_GOALS = {"docx": 0.99, "odt": 0.99, "pdf": 0.99, "doc": 0.99, "mail": 0.99, "edxml": 0.99, "scan": 0.92}
BANDS = (("≥ 0.9", 0.9, 1.01), ("0.7–0.9", 0.7, 0.9), ("< 0.7", 0.0, 0.7))


def group_of(name: str) -> str:
    if name.startswith("edxml"):
        return "edxml"
    if name.startswith(("pdf_scan", "pdf_image", "pdf_ocrgarbled")):
        return "scan"
    return "text layer"


def norm(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, list):
        return frozenset(norm(v) for v in value)
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip().casefold()


def corpus_cases(dirs: list[Path]) -> Iterator[tuple[str, bytes, dict, str]]:
    for folder in dirs:
        for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            truth = json.loads(line)
            yield truth["file"], (folder / truth["file"]).read_bytes(), truth, group_of(truth["file"])


KINDS = ("docx", "odt", "pdf", "doc", "mail", "edxml", "scan")


def generated_cases(count: int, seed: int, kinds: tuple[str, ...] = KINDS) -> Iterator[tuple[str, bytes, dict, str]]:
    """A seventh of the set each as DOCX, ODT, PDF and DOC (LibreOffice, one batch per format), a
    mail carrying the DOCX, an edXML package carrying the PDF or the DOCX, and a 200-dpi scan."""
    from email.message import EmailMessage

    from dataclasses import replace

    from ingest.generated import Generated, edxml_package, generate, printed, scanned
    from ingest.samples import build_docx, build_odt

    drawn = generate(count, seed)
    by_kind = {kind: [one for index, one in enumerate(drawn) if KINDS[index % len(KINDS)] == kind and kind in kinds]
               for kind in KINDS}
    rubber: dict[int, tuple[str, bool]] = {}  # scans whose secrecy mark is a red rubber stamp: (mark, faint)
    for index, one in enumerate(by_kind["scan"]):
        secret = next((s for s in one.document.stamps if "MẬT" in s), None)
        if secret and index % 3:
            one = Generated(replace(one.document, stamps=tuple(s for s in one.document.stamps if s != secret)),
                            one.truth, {**one.layout, "rubber_stamp": secret})
            by_kind["scan"][index] = one
            rubber[id(one)] = (secret, index % 2 == 0)
    to_print = by_kind["pdf"] + by_kind["edxml"][::2] + by_kind["scan"]
    with tempfile.TemporaryDirectory() as work:
        pdfs = dict(zip(map(id, to_print), printed(to_print, Path(work) / "pdf", ("pdf",))["pdf"]))
        docs = printed(by_kind["doc"], Path(work) / "doc", ("doc",))["doc"]
    for kind in KINDS:
        for index, one in enumerate(by_kind[kind]):
            name = f"gen-{seed}-{kind}-{index:04d}.{ {'mail': 'eml', 'scan': 'pdf'}.get(kind, kind) }"
            if kind == "pdf":
                data = pdfs[id(one)]
            elif kind == "scan":
                stamp, faint = rubber.get(id(one), (None, False))
                data = scanned(pdfs[id(one)], seed=seed * 1000 + index, stamp=stamp, faint=faint)
            elif kind == "doc":
                data = docs[index]
            elif kind == "odt":
                data = build_odt(one.document)
            elif kind == "docx":
                data = build_docx(one.document)
            elif kind == "edxml":
                attached = (pdfs[id(one)], "van-ban.pdf") if id(one) in pdfs else (build_docx(one.document), "van-ban.docx")
                data = edxml_package(one, *attached)
            else:
                message = EmailMessage()
                message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", "tobientap@sxd.kontum.gov.vn"
                message["Subject"] = f"Gửi văn bản số {one.truth['number']}"
                message.set_content("Kính gửi Tổ Biên tập, gửi văn bản đính kèm.")
                message.add_attachment(build_docx(one.document), maintype="application", subtype="octet-stream",
                                       filename=f"van-ban-{index}.docx")
                data = message.as_bytes()
            yield name, data, one.truth, kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus" / "real"])
    parser.add_argument("--generated", type=int, metavar="N", help="score N freshly generated documents instead")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated set")
    parser.add_argument("--kinds", default=",".join(KINDS), help="with --generated: only these kinds, comma-separated "
                        "(the same documents as in the full set)")
    parser.add_argument("--quiet", action="store_true", help="no list of mismatches")
    args = parser.parse_args()
    configure_logging("WARNING")
    ctx, registry = ParserContext(), default_registry()
    scores: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    calibration: list[tuple[float, bool]] = []
    misses: list[str] = []
    secrets_missed: list[str] = []
    files = 0
    kinds = tuple(k for k in args.kinds.split(",") if k in KINDS)
    cases = generated_cases(args.generated, args.seed, kinds) if args.generated else corpus_cases(args.dirs)
    for name, data, truth, group in cases:
        reading = read(data, name, ctx, registry)
        got = to_dict(reading)
        if group == "mail" and reading.attachments:  # a mail's metadata is its document's
            got = {**to_dict(reading.attachments[0]), **{k: v for k, v in got.items() if v is not None}}
        files += 1
        if truth.get("secrecy") and got.get("secrecy") is None:
            secrets_missed.append(name)
        for key in FIELDS:
            if key not in truth:
                continue
            ok = norm(got.get(key)) == norm(truth[key]) or (
                key == "secrecy" and truth[key] is not None and got.get(key) == SECRECY_UNKNOWN)
            scores[group][key].append(ok)
            confidence = (got.get("fields", {}).get(key) or {}).get("confidence")
            if got.get(key) is not None and confidence is not None:
                calibration.append((confidence, ok))
            if not ok:
                sure = f" (confidence {confidence:.2f})" if confidence is not None else ""
                misses.append(f"{name}: {key}: expected {truth[key]!r}, got {got.get(key)!r}{sure}")
    source = f"{args.generated} generated documents, seed {args.seed}" if args.generated else f"{files} files"
    print(f"metadata accuracy over {source} (exact after NFC, whitespace and case; recipients as sets)")
    goals = GENERATED_GOALS if args.generated else CORPUS_GOALS
    groups = [g for g in goals if g in scores]
    print(f"{'field':18}" + "".join(f"{g:>14}" for g in groups))
    for key in FIELDS:
        cells = []
        for group in groups:
            results = scores[group].get(key, [])
            cells.append(f"{sum(results) / len(results):14.0%}" if results else f"{'—':>14}")
        print(f"{key:18}" + "".join(cells))
    means = {g: sum(sum(r) / len(r) for r in scores[g].values()) / len(scores[g]) for g in groups}
    print(f"{'mean':18}" + "".join(f"{means[g]:14.1%}" for g in groups))
    print(f"{'goal':18}" + "".join(f"{goals[g]:14.0%}" for g in groups))
    print(f"{'documents':18}" + "".join(f"{len(next(iter(scores[g].values()))):14d}" for g in groups))
    print_calibration(calibration)
    print(f"secret documents read as not secret: {len(secrets_missed)}" + (f" ({', '.join(secrets_missed)})"
                                                                           if secrets_missed else ""))
    if not args.quiet and misses:
        print("\nmismatches:")
        print("\n".join(misses))


def print_calibration(calibration: list[tuple[float, bool]]) -> None:
    print("\nconfidence   values   right   share of values")
    for label, low, high in BANDS:
        band = [ok for confidence, ok in calibration if low <= confidence < high]
        right = f"{sum(band) / len(band):7.1%}" if band else f"{'—':>7}"
        share = len(band) / len(calibration) if calibration else 0
        print(f"{label:10} {len(band):8d} {right} {share:10.1%}")
    wrong = [confidence for confidence, ok in calibration if not ok]
    unsure = sum(1 for confidence in wrong if confidence < 0.7)
    print(f"wrong values marked unsure (< 0.7): {unsure} of {len(wrong)}"
          + (f" ({unsure / len(wrong):.0%}; goal ≥ 80%)" if wrong else ""))


if __name__ == "__main__":
    main()
