"""Where the library's search text lives and how a query is matched, one engine per database,
chosen by the dialect: SQLite's FTS5 for the embedded deployment, PostgreSQL's full-text search
(one ``tsvector`` with a GIN index) when several web processes share one database. Both index the
same words (``library.text``: cut and folded in Python) keyed by ``LibraryEntry.sort_key``, and
both read the same :class:`Match`, so they give the same results (tested on both).

What is indexed for a document: its head (type, number, issuer, signer, subject, year) and its
body, each folded and exactly as written; its number key; and one *filter word* per filterable
value ("_y_2024", "_t_quyet_dinh"), so that a filter is one more word to intersect inside the
index rather than a second pass over every match. Filter words start with "_", which no typed
word can: they are never found by typing.

- FTS5: columns ``h``/``he`` (head, folded/exact), ``b``/``be`` (body) and ``f`` (number key and
  filter words); ``_`` is a word character. ``h`` and ``b`` end with every pair of neighbouring
  folded words ("xay_dung"): a phrase is found through its pairs, each one word of the index,
  and only the documents holding all of them are checked for the words' positions.
- PostgreSQL: ``words`` holds the body's words (exact ones marked "="), the head's marked "h:"
  and "h=", the number key marked "#", the filter words, and every pair of neighbouring words
  (for phrases: GIN finds the documents with all of a phrase's pairs without reading the table).

A term typed without diacritics matches the folded words, with them the exact words; a number
matches by prefix of the number key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, ClassVar, Iterable

from sqlalchemy import BigInteger, Boolean, Column, MetaData, Table, Text, cast, literal
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from .models import LibraryEntry
from .text import folded

HEAD_WORDS = 300
PG_MAX_POSITIONS = 256  # positions PostgreSQL keeps per word


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase the reader typed (a phrase's words must come one after another)."""

    words: tuple[str, ...]
    exact: bool


@dataclass(frozen=True, slots=True)
class Match:
    terms: tuple[Term, ...]
    number: str | None = None  # a number key the query may start
    filters: tuple[str, ...] = ()  # filter words every match must have

    @property
    def searching(self) -> bool:
        return bool(self.terms or self.number)


@dataclass(frozen=True, slots=True)
class Texts:
    """One document's search text."""

    head: list[str]
    head_folded: list[str]
    body: list[str]
    body_folded: list[str]
    number_key: str
    filters: list[str]


class Tier(IntEnum):
    """How well an entry matches, best first: relevance orders by tier, then newest first."""

    NUMBER = 1  # its number starts with what was typed
    HEAD = 2  # every term in its head: type, number, issuer, signer, subject, year
    BODY = 3  # every term somewhere in it


def tier_expression(tier: Tier | None, anywhere: str, head: str, number: str, *,
                    either: Callable[[list[str]], str], without: Callable[[str, list[str]], str]) -> str:
    """Which parts of a match make up a tier, in either engine's query language: any match is the
    number or every term; the head tier every term in the head, not the number; the body tier
    every term, neither in the head nor the number ("": nothing can match)."""
    if tier is None:
        return either([e for e in (number, anywhere) if e])
    if tier is Tier.NUMBER:
        return number
    keep, drop = (head, [number]) if tier is Tier.HEAD else (anywhere, [head, number])
    return without(keep, [e for e in drop if e]) if keep else ""


class SearchEngine:
    """The search text of the library's entries, in one database's own full-text index."""

    dialect: ClassVar[str]
    sort_key: ClassVar[Any]  # the search text's key: ordering by it lets the index give newest first

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        raise NotImplementedError

    table: ClassVar[Table]  # where the search text is, keyed by ``sort_key``

    def drop(self, session: Session, sort_key: int) -> None:
        session.execute(self.table.delete().where(self.sort_key == sort_key))

    def clear(self, session: Session) -> None:
        session.execute(self.table.delete())

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        """``statement`` (over ``LibraryEntry``) joined to the search text, keeping what matches
        (``tier``: only the entries of that tier)."""
        raise NotImplementedError

    def newest_first(self, *, few: bool):  # type: ignore[no-untyped-def]
        """The order of a page of matches, newest first; ``few``: the matches are known to be few."""
        return self.sort_key.desc()

    def prepare(self, session: Session) -> None:
        """Set up the session's transaction for a search (nothing, unless the engine says)."""

    def rebuilt(self, session: Session) -> None:
        """After ``congbo reindex``: let the index settle (merge its pieces, refresh statistics)."""

    def count(self, session: Session, statement, limit: int) -> int:  # type: ignore[no-untyped-def]
        """How many rows ``statement`` gives, counting no further than ``limit``."""
        from sqlalchemy import func, select

        return session.scalar(select(func.count()).select_from(
            statement.with_only_columns(LibraryEntry.sort_key).limit(limit).subquery())) or 0


ENGINES: dict[str, Callable[[], SearchEngine]] = {}


def is_search_text(name: str | None) -> bool:
    """A table of an engine's search text (created by the migration, outside the models; FTS5
    adds its shadow tables): left out when the models and the database are compared."""
    return bool(name) and (name == "library_search" or name.startswith("library_fts"))  # type: ignore[union-attr]


def not_search_text(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object``: everything but the search text's tables and their indexes."""
    table = getattr(obj, "table", None)
    return not is_search_text(name if type_ == "table" else getattr(table, "name", None))


def register(cls: type[SearchEngine]) -> type[SearchEngine]:
    ENGINES[cls.dialect] = cls
    return cls


def engine_for(session: Session) -> SearchEngine:
    return ENGINES[session.get_bind().dialect.name]()


# --- SQLite FTS5 ------------------------------------------------------------------------------

FTS = Table("library_fts", MetaData(), Column("rowid", BigInteger), Column("h", Text), Column("he", Text),
            Column("b", Text), Column("be", Text), Column("f", Text))
FTS_DDL = ("CREATE VIRTUAL TABLE library_fts USING fts5(h, he, b, be, f, "
           "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", detail = full)")


def with_pairs(words: list[str]) -> str:
    """An FTS5 column of folded words, followed by each pair of neighbours ("xay dung xay_dung")."""
    return " ".join([*words, *(f"{a}_{b}" for a, b in zip(words, words[1:]))])


def _fts_term(term: Term, columns: str, folded_columns: str) -> str:
    """A word, or a phrase: its folded pairs (``folded_columns``), and for a phrase of more than
    two words or one typed with diacritics, the words in order (``columns``)."""
    words = term.words
    if len(words) < 2:
        return f'{{{columns}}} : "{words[0]}"'
    plain = [folded(w) for w in words] if term.exact else list(words)
    pairs = [f'{{{folded_columns}}} : "{a}_{b}"' for a, b in zip(plain, plain[1:])]
    if len(words) > 2 or term.exact:
        pairs.append(f'{{{columns}}} : "{" ".join(words)}"')
    return "(" + " AND ".join(pairs) + ")"


@register
class Fts5Engine(SearchEngine):
    dialect = "sqlite"
    table = FTS
    sort_key = FTS.c.rowid  # FTS5 walks its doclists backwards for ORDER BY rowid DESC

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        self.drop(session, sort_key)
        session.execute(FTS.insert().values(rowid=sort_key, h=with_pairs(texts.head_folded), he=" ".join(texts.head),
                                            b=with_pairs(texts.body_folded), be=" ".join(texts.body),
                                            f=" ".join([texts.number_key, *texts.filters])))

    def rebuilt(self, session: Session) -> None:
        from sqlalchemy import text

        session.execute(text("INSERT INTO library_fts (library_fts) VALUES ('optimize')"))

    @staticmethod
    def expression(match: Match, tier: Tier | None) -> str:
        anywhere = " AND ".join(_fts_term(t, "he be" if t.exact else "h b", "h b") for t in match.terms)
        head = " AND ".join(_fts_term(t, "he" if t.exact else "h", "h") for t in match.terms)
        number = f'{{f}} : "{match.number}" *' if match.number else ""
        wanted = tier_expression(tier, anywhere, head, number,
                                 either=lambda parts: " OR ".join(f"({e})" for e in parts),
                                 without=lambda keep, drop: " NOT ".join(f"({e})" for e in (keep, *drop)))
        if not wanted:
            return '""'
        filters = " AND ".join(f'{{f}} : "{w}"' for w in match.filters)
        return f"({wanted}) AND {filters}" if filters else wanted

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        from sqlalchemy import text

        return statement.join(FTS, FTS.c.rowid == LibraryEntry.sort_key).where(
            text("library_fts MATCH :fts_query").bindparams(fts_query=self.expression(match, tier)))


# --- PostgreSQL full-text search ---------------------------------------------------------------

PG_TABLE = Table("library_search", MetaData(), Column("sort_key", BigInteger, primary_key=True),
                 Column("words", Text))
PG_DDL = ("CREATE TABLE library_search (sort_key bigint PRIMARY KEY, words tsvector NOT NULL)",
          "CREATE INDEX ix_library_search_words ON library_search USING gin (words)",
          # the planner's estimate of how many documents hold a word comes from these statistics:
          # with the default target (100) a rare word is thought common and the table walked; at
          # 10,000 planning a query took 10 ms
          "ALTER TABLE library_search ALTER COLUMN words SET STATISTICS 1000")


def _quote(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def tsvector(*runs: tuple[int, Iterable[str]], unplaced: Iterable[str] = ()) -> str:
    """A tsvector literal of words at positions (each run starts at its own position), and of
    words without a position (``unplaced``)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for start, words in runs:
        for i, word in enumerate(words):
            where = positions[word]
            if len(where) < PG_MAX_POSITIONS and start + i <= 16383:
                where.append(start + i)
    placed = " ".join(f"{_quote(w)}:{','.join(map(str, p))}" for w, p in positions.items() if p)
    rest = " ".join(_quote(w) for w in dict.fromkeys(unplaced) if w not in positions)
    return f"{placed} {rest}".strip()


def _pairs(mark: str, words: list[str]) -> list[str]:
    return [f"{mark}{a}_{b}" for a, b in zip(words, words[1:])]


def pg_words(texts: Texts) -> str:
    """The document's ``words`` vector (see the module's description). Each pair of neighbouring
    words is kept too ("xay_dung", without a position): a phrase then narrows the index to the
    documents holding all of its pairs, and only those are read again for the positions."""
    runs = (("h:", texts.head_folded), ("h=", texts.head), ("", texts.body_folded), ("=", texts.body))
    return tsvector(*((1, [mark + w for w in words]) for mark, words in runs),
                    (1, [f"#{texts.number_key}", *texts.filters] if texts.number_key else texts.filters),
                    unplaced=[p for mark, words in runs for p in _pairs(mark, words)])


def _phrase(mark: str, words: tuple[str, ...]) -> str:
    marked = [mark + w for w in words]
    phrase = " <-> ".join(_quote(w) for w in marked)
    if len(words) < 2:
        return f"({phrase})"
    return "(" + " & ".join(_quote(p) for p in _pairs(mark, list(words))) + f" & ({phrase}))"


def _head(term: Term) -> str:
    return _phrase("h=" if term.exact else "h:", term.words)


def _anywhere(term: Term) -> str:
    return f"({_head(term)} | {_phrase('=' if term.exact else '', term.words)})"


def pg_query(match: Match, tier: Tier | None) -> str | None:
    """The tsquery for a match (or one tier of it); None: nothing can match."""
    anywhere = " & ".join(_anywhere(t) for t in match.terms)
    head = " & ".join(_head(t) for t in match.terms)
    number = f"{_quote('#' + match.number)}:*" if match.number else ""
    wanted = tier_expression(tier, anywhere, head, number,
                             either=lambda parts: " | ".join(f"({e})" for e in parts),
                             without=lambda keep, drop: " & ".join([f"({keep})", *(f"!({e})" for e in drop)]))
    if not wanted:
        return None
    return " & ".join([f"({wanted})", *(_quote(w) for w in match.filters)])


@register
class PostgresEngine(SearchEngine):
    dialect = "postgresql"
    table = PG_TABLE
    sort_key = PG_TABLE.c.sort_key

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        from sqlalchemy import text

        self.drop(session, sort_key)
        session.execute(text("INSERT INTO library_search (sort_key, words) VALUES (:k, CAST(:w AS tsvector))"),
                        {"k": sort_key, "w": pg_words(texts)})

    def rebuilt(self, session: Session) -> None:
        from sqlalchemy import text

        session.execute(text("ANALYZE library_search"))

    def prepare(self, session: Session) -> None:
        # Reading a row's vector (out of line, compressed) is dear, and the planner costs the @@
        # test as if it were not: left alone it walks the table testing every row where the GIN
        # index would have said at once, or walks both tables side by side to join them. For
        # this transaction only: no whole-table walk, and joins row by row (a page, or at most
        # COUNT_CAP + 1 rows, is joined).
        from sqlalchemy import text

        for setting in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
            session.execute(text(f"SET LOCAL {setting} = off"))

    def count(self, session: Session, statement, limit: int) -> int:  # type: ignore[no-untyped-def]
        # a count wants the GIN index's answer, never a walk along the key testing each row
        from sqlalchemy import text

        session.execute(text("SET LOCAL enable_indexscan = off"))
        try:
            return super().count(session, statement, limit)
        finally:
            session.execute(text("SET LOCAL enable_indexscan = on"))

    def newest_first(self, *, few: bool):  # type: ignore[no-untyped-def]
        # Few matches: take them all from the GIN index and sort them (``+ 0`` keeps the planner
        # from walking the key's index instead, reading and testing every row on the way, which
        # it prefers because it cannot know how dear reading a row's vector is). Many: walk the
        # key's index, newest first, and stop at the page.
        return (self.sort_key + 0).desc() if few else self.sort_key.desc()

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        from sqlalchemy import false

        query = pg_query(match, tier)
        condition = (PG_TABLE.c.words.op("@@", return_type=Boolean)(cast(literal(query), TSQUERY))
                     if query else false())
        return statement.join(PG_TABLE, PG_TABLE.c.sort_key == LibraryEntry.sort_key).where(condition)
