"""Metadata accuracy against hand-checked truth files.

    python bench/accuracy.py [DIR ...]        (default: ../shared/corpus/real)

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
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.cli import configure_logging  # noqa: E402
from parsers.base import ParserContext  # noqa: E402
from parsers.reading import read, to_dict  # noqa: E402
from parsers.registry import default_registry  # noqa: E402

FIELDS = ("number", "doc_type", "issuer", "parent_issuer", "place", "issued_on", "subject", "signer_name",
          "signer_title", "signer_authority", "recipients", "secrecy", "urgency")
GOALS = {"text layer": 0.98, "scan": 0.95, "edxml": 1.0}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus" / "real"])
    parser.add_argument("--quiet", action="store_true", help="no list of mismatches")
    args = parser.parse_args()
    configure_logging("WARNING")
    ctx, registry = ParserContext(), default_registry()
    scores: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    misses: list[str] = []
    files = 0
    for folder in args.dirs:
        for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            truth = json.loads(line)
            got = to_dict(read((folder / truth["file"]).read_bytes(), truth["file"], ctx, registry))
            files += 1
            group = group_of(truth["file"])
            for key in FIELDS:
                if key not in truth:
                    continue
                ok = norm(got.get(key)) == norm(truth[key])
                scores[group][key].append(ok)
                if not ok:
                    misses.append(f"{truth['file']}: {key}: expected {truth[key]!r}, got {got.get(key)!r}")
    print(f"metadata accuracy over {files} files (exact after NFC, whitespace and case; recipients as sets)")
    groups = [g for g in ("text layer", "scan", "edxml") if g in scores]
    print(f"{'field':18}" + "".join(f"{g:>14}" for g in groups))
    for key in FIELDS:
        cells = []
        for group in groups:
            results = scores[group].get(key, [])
            cells.append(f"{sum(results) / len(results):14.0%}" if results else f"{'—':>14}")
        print(f"{key:18}" + "".join(cells))
    means = {g: sum(sum(r) / len(r) for r in scores[g].values()) / len(scores[g]) for g in groups}
    print(f"{'mean':18}" + "".join(f"{means[g]:14.1%}" for g in groups))
    print(f"{'goal':18}" + "".join(f"{GOALS[g]:14.0%}" for g in groups))
    print(f"{'documents':18}" + "".join(f"{len(next(iter(scores[g].values()))):14d}" for g in groups))
    if not args.quiet and misses:
        print("\nmismatches:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
