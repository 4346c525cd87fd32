"""The library's search at scale, side by side with a bare Tantivy index and a LIKE scan, in one run.

    python bench/search_latency.py [--docs 100000] [--seed 7] [--body-words 120] [--skip-postgres]

Builds ``--docs`` synthetic published documents (numbers, types, issuers, signers, dates, a subject
and a body drawn from Vietnamese syllables with a Zipf law) into:

- congbo on SQLite (``library_entries`` + FTS5), and on PostgreSQL (``library_entries`` + tsvector
  and GIN) in a schema of its own in ``--pg-url``'s database; the same rows and words the library
  writes (``library.index.texts_of``), loaded in bulk as ``congbo reindex`` would;
- a bare Tantivy index of the same folded texts (one text field, the type and year as fields);
- a LIKE scan: the same folded text in a plain table, the 20 newest rows that contain every term.

Then 50 mixed queries — common words, rare words, numbers, phrases, and some of each with a filter
— are run against each, and p50/p95 are printed with the ratios the goal names: congbo's p95 over
bare Tantivy's (goal <= 2) and the LIKE scan's p95 over congbo's (goal >= 20). congbo is timed as
the list page calls it (``library.search.search``: one page ranked by relevance tiers, the total,
filters), and once more with the facet counts. Build time and size per 100,000 documents too.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.db import make_engine, migrate, session_factory  # noqa: E402
from library.engines import pg_words, with_pairs  # noqa: E402
from library.index import SORT_SPAN, texts_of  # noqa: E402
from library.search import Filters, SearchRequest, parse_query, search  # noqa: E402
from library.text import folded  # noqa: E402

BATCH = 5_000
TYPES = [("Quyết định", "QĐ", 30), ("Công văn", None, 30), ("Thông báo", "TB", 10), ("Kế hoạch", "KH", 10),
         ("Báo cáo", "BC", 8), ("Hướng dẫn", "HD", 4), ("Chỉ thị", "CT", 3), ("Tờ trình", "TTr", 3),
         ("Nghị quyết", "NQ", 2)]
ISSUERS = [("SỞ XÂY DỰNG", "SXD"), ("UBND TỈNH KON TUM", "UBND"), ("BỘ XÂY DỰNG", "BXD"), ("SỞ TÀI CHÍNH", "STC"),
           ("SỞ GIAO THÔNG VẬN TẢI", "SGTVT"), ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT"), ("UBND THÀNH PHỐ KON TUM", "UBND"),
           ("UBND HUYỆN ĐẮK HÀ", "UBND"), ("UBND HUYỆN NGỌC HỒI", "UBND"), ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT"),
           ("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG", "BQLDA"), ("THANH TRA SỞ", "TTr")] + [
              (f"UBND XÃ {n}", "UBND") for n in ("ĐẮK LA", "ĐẮK MAR", "HÒA BÌNH", "VINH QUANG", "IA CHIM", "ĐOÀN KẾT")]
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Quốc Ngọc Xuân Hồng".split()
GIVEN = "An Bình Cường Dũng Hà Hải Hùng Hương Lan Linh Long Mai Nam Phong Quang Sơn Tâm Thảo Trung Tuấn Vân Yến".split()
DOMAIN = ("xây dựng công trình quy hoạch đô thị giấy phép nhà ở chất lượng kiểm tra dự án đầu tư hạ tầng kỹ thuật "
          "giao thông thoát nước cấp nước chiếu sáng vật liệu thẩm định thiết kế dự toán nghiệm thu bảo trì an toàn "
          "lao động phòng cháy đất đai bồi thường giải phóng mặt bằng khu dân cư nông thôn thị trấn đường huyện").split()


@dataclass(frozen=True, slots=True)
class Doc:
    key: int
    values: dict
    body: str
    doc_type: str
    year: int


def zipf_words(rng: random.Random, vocabulary: list[str]) -> Callable[[int], list[str]]:
    cumulative = list(itertools.accumulate(1 / (rank ** 1.05) for rank in range(1, len(vocabulary) + 1)))
    total = cumulative[-1]

    def draw(k: int) -> list[str]:
        return [vocabulary[bisect.bisect_left(cumulative, rng.random() * total)] for _ in range(k)]

    return draw


def vocabulary() -> list[str]:
    words = [w.strip() for w in (ROOT / "parsers" / "metadata" / "syllables.txt").read_text().splitlines()
             if w.strip() and not w.startswith("#")]
    random.Random(1).shuffle(words)
    return list(dict.fromkeys(DOMAIN + words))


def documents(n: int, seed: int, body_words: int) -> Iterator[Doc]:
    rng = random.Random(seed)
    draw = zipf_words(rng, vocabulary())
    type_names = [t for t in TYPES for _ in range(t[2])]
    signers = [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(300)]
    start = date(2000, 1, 1)
    for i in range(1, n + 1):
        doc_type, abbr, _ = rng.choice(type_names)
        issuer, short = rng.choice(ISSUERS)
        issued = start + timedelta(days=rng.randrange(27 * 365))
        serial = rng.randrange(1, 3000)
        symbol = f"{abbr}-{short}" if abbr else f"{short}-{rng.choice(['QLXD', 'KTVL', 'QHKT', 'VP'])}"
        number = f"{serial}/{issued.year}/{symbol}" if rng.random() < 0.3 else f"{serial}/{symbol}"
        subject = " ".join(draw(rng.randrange(6, 16))).capitalize()
        effective = issued + timedelta(days=rng.randrange(0, 30)) if doc_type in ("Quyết định", "Chỉ thị") else None
        values = {"number": number, "doc_type": doc_type, "issuer": issuer, "signer_name": rng.choice(signers),
                  "issued_on": issued.isoformat(), "effective_on": effective.isoformat() if effective else None,
                  "subject": subject}
        yield Doc(issued.toordinal() * SORT_SPAN + i, values, " ".join(draw(body_words)), doc_type, issued.year)


# --- building -----------------------------------------------------------------------------------

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
ENTRY_COLUMNS = ("document_id", "revision_id", "sort_key", "slug", "number", "number_key", "doc_type", "issuer",
                 "signer", "issued_on", "year", "effective_on", "ended_on", "category", "subject", "values",
                 "published_at", "updated_at")
QUOTED = ", ".join(f'"{c}"' for c in ENTRY_COLUMNS)
CATEGORY = "Văn bản quy phạm pháp luật và văn bản liên quan đến ngành Xây dựng"


def entry_row(doc: Doc, document_id: int, texts) -> tuple:  # type: ignore[no-untyped-def]
    v = doc.values
    return (document_id, document_id, doc.key, "van-ban", v["number"], texts.number_key, v["doc_type"], v["issuer"],
            v["signer_name"], v["issued_on"], doc.year, v["effective_on"], None, CATEGORY, v["subject"], "{}",
            NOW.isoformat(), NOW.isoformat())


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> "Timer":
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds += time.perf_counter() - self._start


class SqliteBuild:
    def __init__(self, path: Path) -> None:
        self.url = f"sqlite:///{path}"
        migrate(self.url)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        self.timer, self.like_timer = Timer(), Timer()
        self.db.execute("CREATE TABLE bench_like (sort_key INTEGER PRIMARY KEY, doc_type TEXT, year INTEGER, text TEXT)")

    def add(self, batch: list[tuple[Doc, object]]) -> None:
        with self.timer:
            self.db.executemany(f"INSERT INTO library_entries ({QUOTED}) VALUES "
                                f"({', '.join('?' * len(ENTRY_COLUMNS))})",
                                [entry_row(d, i, t) for i, (d, t) in batch])
            self.db.executemany("INSERT INTO library_fts (rowid, h, he, b, be, f) VALUES (?, ?, ?, ?, ?, ?)",
                                [(d.key, with_pairs(t.head_folded), " ".join(t.head), with_pairs(t.body_folded),
                                  " ".join(t.body), " ".join([t.number_key, *t.filters])) for _, (d, t) in batch])
            self.db.commit()
        with self.like_timer:
            self.db.executemany("INSERT INTO bench_like VALUES (?, ?, ?, ?)", [
                (d.key, d.doc_type, d.year, " " + " ".join([*t.head_folded, *t.body_folded]) + " ")
                for _, (d, t) in batch])
            self.db.commit()

    def finish(self) -> None:
        with self.timer:
            self.db.execute("INSERT INTO library_fts (library_fts) VALUES ('optimize')")
            self.db.commit()
            self.db.execute("ANALYZE")
            self.db.commit()

    def congbo_bytes(self) -> int:
        rows = dict(self.db.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'library_fts%' OR "
                                    "name LIKE '%library_entries%' GROUP BY name").fetchall())
        return sum(rows.values())


class PostgresBuild:
    def __init__(self, admin_url: str, schema: str) -> None:
        import psycopg

        self.admin = admin_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schema = schema
        self.url = f"{admin_url}?options=-csearch_path%3D{schema}"
        migrate(self.url)
        self.db = psycopg.connect(self.admin, options=f"-csearch_path={schema}")
        self.db.execute("SET session_replication_role = replica")  # bulk load: no foreign-key triggers
        self.db.execute("DROP INDEX ix_library_search_words")
        self.db.execute("CREATE TABLE bench_like (sort_key bigint PRIMARY KEY, doc_type text, year int, text text)")
        self.db.commit()
        self.timer, self.like_timer = Timer(), Timer()

    def add(self, batch: list[tuple[Doc, object]]) -> None:
        with self.timer:
            with self.db.cursor() as cur:
                with cur.copy(f"COPY library_entries ({QUOTED}) FROM STDIN") as copy:
                    for i, (d, t) in batch:
                        copy.write_row(entry_row(d, i, t))
                with cur.copy("COPY library_search (sort_key, words) FROM STDIN") as copy:
                    for _, (d, t) in batch:
                        copy.write_row((d.key, pg_words(t)))
            self.db.commit()
        with self.like_timer:
            with self.db.cursor() as cur:
                with cur.copy("COPY bench_like FROM STDIN") as copy:
                    for _, (d, t) in batch:
                        copy.write_row((d.key, d.doc_type, d.year, " " + " ".join([*t.head_folded, *t.body_folded]) + " "))
            self.db.commit()

    def finish(self) -> None:
        with self.timer:
            self.db.execute("SET maintenance_work_mem = '1GB'")
            self.db.execute("CREATE INDEX ix_library_search_words ON library_search USING gin (words)")
            self.db.commit()
            self.db.autocommit = True
            self.db.execute("VACUUM ANALYZE library_entries")
            self.db.execute("ALTER TABLE library_search ALTER COLUMN words SET STATISTICS 1000")
            self.db.execute("VACUUM ANALYZE library_search")
            self.db.execute("VACUUM ANALYZE bench_like")

    def congbo_bytes(self) -> int:
        return sum(self.db.execute(f"SELECT pg_total_relation_size('{self.schema}.{t}')").fetchone()[0]
                   for t in ("library_entries", "library_search"))

    def drop(self) -> None:
        self.db.close()
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


class TantivyBuild:
    def __init__(self, path: Path) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name="default", index_option="position")
        builder.add_text_field("doc_type", stored=False, tokenizer_name="raw")
        builder.add_integer_field("year", stored=False, indexed=True, fast=True)
        builder.add_integer_field("key", stored=True, fast=True)
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.index = tantivy.Index(self.schema, path=str(path))
        self.writer = self.index.writer(heap_size=512 * 2**20, num_threads=1)
        self.timer = Timer()
        self.tantivy = tantivy

    def add(self, batch: list[tuple[Doc, object]]) -> None:
        with self.timer:
            for _, (d, t) in batch:
                self.writer.add_document(self.tantivy.Document(
                    text=" ".join([*t.head_folded, t.number_key, *t.body_folded]), doc_type=folded(d.doc_type),
                    year=d.year, key=d.key))

    def finish(self) -> None:
        with self.timer:
            self.writer.commit()
            self.writer.wait_merging_threads()
            self.index.reload()

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


# --- queries ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    q: str
    filters: Filters = Filters()


def queries(sample: list[Doc], vocab: list[str], seed: int) -> list[Query]:
    rng = random.Random(seed + 1)
    out: list[Query] = []
    common = [folded(w) for w in vocab[:40]]
    rare = [folded(w) for w in vocab[1500:3500]]
    for _ in range(10):
        out.append(Query("common", " ".join(rng.sample(common, rng.choice([1, 2])))))
    for _ in range(10):
        out.append(Query("rare", rng.choice(rare)))
    for doc in rng.sample(sample, 10):
        number = doc.values["number"]
        out.append(Query("number", rng.choice([folded(number).replace("/", " ").replace("-", " "), number])))
    for doc in rng.sample(sample, 10):
        words = doc.values["subject"].split()
        at = rng.randrange(0, max(1, len(words) - 3))
        phrase = " ".join(words[at:at + rng.choice([2, 3])])
        out.append(Query("phrase", f'"{phrase if rng.random() < 0.5 else folded(phrase)}"'))
    for i in range(10):
        doc = rng.choice(sample)
        base = rng.choice(common) if i % 2 else rng.choice(rare)
        filters = [Filters(doc_type=doc.doc_type), Filters(year=doc.year), Filters(doc_type=doc.doc_type, year=doc.year)]
        out.append(Query("filtered", base, rng.choice(filters)))
    return out


def congbo_runner(url: str, facets: bool) -> Callable[[Query], int]:
    sessions = session_factory(make_engine(url))

    def run(query: Query) -> int:
        with sessions() as session:
            result = search(session, SearchRequest(q=query.q, filters=query.filters, as_of=date(2026, 12, 1)),
                            facets=facets)
            return result.total

    return run


def tantivy_runner(build: TantivyBuild) -> Callable[[Query], int]:
    tantivy, schema = build.tantivy, build.schema
    searcher = build.index.searcher()
    Occur = tantivy.Occur

    def run(query: Query) -> int:
        match = parse_query(query.q)
        words = [tuple(folded(w) for w in t.words) for t in match.terms]
        clauses = []
        for term in words:
            if len(term) == 1:
                clauses.append((Occur.Must, tantivy.Query.term_query(schema, "text", term[0])))
            else:
                clauses.append((Occur.Must, tantivy.Query.phrase_query(schema, "text", list(term))))
        if query.filters.doc_type:
            clauses.append((Occur.Must, tantivy.Query.term_query(schema, "doc_type", folded(query.filters.doc_type))))
        if query.filters.year:
            clauses.append((Occur.Must, tantivy.Query.range_query(schema, "year", tantivy.FieldType.Integer,
                                                                  query.filters.year, query.filters.year)))
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit=20)
        return result.count

    return run


def like_runner(kind: str, target: object) -> Callable[[Query], int]:
    def conditions(query: Query) -> tuple[str, list]:
        match = parse_query(query.q)
        parts, args = [], []
        for term in match.terms:
            parts.append("text LIKE {}")
            args.append("% " + " ".join(folded(w) for w in term.words) + " %")
        if query.filters.doc_type:
            parts.append("doc_type = {}")
            args.append(query.filters.doc_type)
        if query.filters.year:
            parts.append("year = {}")
            args.append(query.filters.year)
        return " AND ".join(parts) or "1=1", args

    if kind == "sqlite":
        db = sqlite3.connect(target)  # type: ignore[arg-type]

        def run(query: Query) -> int:
            where, args = conditions(query)
            return len(db.execute(f"SELECT sort_key FROM bench_like WHERE {where.format(*['?'] * len(args))} "
                                  "ORDER BY sort_key DESC LIMIT 20", args).fetchall())
    else:
        import psycopg

        db = psycopg.connect(target, autocommit=True)  # type: ignore[arg-type]

        def run(query: Query) -> int:
            where, args = conditions(query)
            return len(db.execute(f"SELECT sort_key FROM bench_like WHERE {where.format(*['%s'] * len(args))} "
                                  "ORDER BY sort_key DESC LIMIT 20", args).fetchall())
    return run


def timed(run: Callable[[Query], int], qs: list[Query], rounds: int) -> tuple[float, float, dict[str, float]]:
    for q in qs:  # warm the caches once
        run(q)
    samples: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for _ in range(rounds):
        for q in qs:
            start = time.perf_counter()
            run(q)
            ms = (time.perf_counter() - start) * 1000
            samples.append(ms)
            by_kind.setdefault(q.kind, []).append(ms)
    return (statistics.median(samples), percentile(samples, 95),
            {k: percentile(v, 95) for k, v in by_kind.items()})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--body-words", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg-url", default=os.environ.get("CONGBO_TEST_PG_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--workdir", type=Path, help="where to build and leave what was built, the PostgreSQL schema "
                                                     "too (default: a temporary folder, all removed after)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="congbo-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sqlite_db = workdir / "library.sqlite3"
    for stale in (sqlite_db, workdir / "tantivy"):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    builds: dict[str, object] = {"sqlite": SqliteBuild(sqlite_db), "tantivy": TantivyBuild(workdir / "tantivy")}
    if not args.skip_postgres:
        builds["postgresql"] = PostgresBuild(args.pg_url, f"bench_search_{args.docs}")
    vocab = vocabulary()
    sample: list[Doc] = []
    words_timer = Timer()
    started = time.perf_counter()
    stream = documents(args.docs, args.seed, args.body_words)
    document_id = 0
    while True:
        with words_timer:
            chunk = list(itertools.islice(stream, BATCH))
            if not chunk:
                break
            batch = []
            for doc in chunk:
                document_id += 1
                batch.append((document_id, (doc, texts_of(doc.values, doc.body, CATEGORY))))
        if len(sample) < 2000:
            sample.extend(doc for doc in chunk[:200])
        for build in builds.values():
            build.add(batch)  # type: ignore[attr-defined]
        if document_id % 100_000 == 0:
            print(f"  {document_id:,} documents built ({time.perf_counter() - started:.0f} s)", flush=True)
    for build in builds.values():
        build.finish()  # type: ignore[attr-defined]

    per = 100_000 / args.docs
    print(f"\n{args.docs:,} synthetic documents, {args.body_words} body words each (seed {args.seed}); "
          f"words cut and folded in Python: {words_timer.seconds * per:.1f} s per 100,000")
    print(f"{'index':30} {'build s/100k':>13} {'size MB/100k':>13}")
    sq, tv = builds["sqlite"], builds["tantivy"]
    rows = [("congbo SQLite (FTS5)", sq.timer.seconds, sq.congbo_bytes()),  # type: ignore[attr-defined]
            ("bare Tantivy", tv.timer.seconds, tv.size())]  # type: ignore[attr-defined]
    if "postgresql" in builds:
        pg = builds["postgresql"]
        rows.insert(1, ("congbo PostgreSQL (tsvector+GIN)", pg.timer.seconds, pg.congbo_bytes()))  # type: ignore[attr-defined]
    for name, seconds, size in rows:
        print(f"{name:30} {seconds * per:13.1f} {size * per / 2**20:13.1f}")

    qs = queries(sample, vocab, args.seed)
    results: dict[str, tuple[float, float, dict[str, float]]] = {}
    runners: list[tuple[str, Callable[[Query], int]]] = [("bare Tantivy", tantivy_runner(tv))]  # type: ignore[arg-type]
    deployments = [("SQLite", sq.url, ("sqlite", sqlite_db))]  # type: ignore[attr-defined]
    if "postgresql" in builds:
        pg = builds["postgresql"]
        deployments.append(("PostgreSQL", pg.url, ("pg", pg.admin + f"?options=-csearch_path%3D{pg.schema}")))  # type: ignore[attr-defined]
    for name, url, (kind, target) in deployments:
        runners.append((f"congbo {name}", congbo_runner(url, facets=False)))
        runners.append((f"congbo {name} + facets", congbo_runner(url, facets=True)))
        runners.append((f"LIKE scan {name}", like_runner(kind, target)))
    for name, run in runners:
        results[name] = timed(run, qs, args.rounds)
    kinds = ["common", "rare", "number", "phrase", "filtered"]
    print(f"\n{len(qs)} queries x {args.rounds} rounds; milliseconds")
    print(f"{'engine':34} {'p50':>8} {'p95':>8}   " + " ".join(f"{'p95 ' + k:>14}" for k in kinds))
    for name, (p50, p95, by_kind) in results.items():
        print(f"{name:34} {p50:8.2f} {p95:8.2f}   " + " ".join(f"{by_kind[k]:14.2f}" for k in kinds))
    tantivy_p95 = results["bare Tantivy"][1]
    print("\nratios (goal: congbo p95 / Tantivy p95 <= 2; LIKE p95 / congbo p95 >= 20)")
    for name, *_ in deployments:
        mine = results[f"congbo {name}"][1]
        print(f"  {name:11} congbo/Tantivy {mine / tantivy_p95:7.2f}   LIKE/congbo {results[f'LIKE scan {name}'][1] / mine:7.2f}"
              f"   (with facets: congbo/Tantivy {results[f'congbo {name} + facets'][1] / tantivy_p95:7.2f})")
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "results": {k: v[:2] for k, v in results.items()}}, indent=2))
    if "postgresql" in builds and not args.workdir:
        builds["postgresql"].drop()  # type: ignore[attr-defined]
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
