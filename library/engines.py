"""Where the library's search text lives and how a query is matched, one engine per database,
chosen by the dialect: SQLite's FTS5 for the embedded deployment, PostgreSQL's full-text search
(``tsvector`` with GIN indexes) when several web processes share one database. Both index the same
words (``library.text``: cut and folded in Python) keyed by ``LibraryEntry.sort_key``, and both
read the same :class:`Match`, so they give the same results (tested on both).

- FTS5: columns ``h`` and ``b`` (head and body, folded words; ``h`` ends with the number key) and
  ``he``, ``be`` (the same words exactly as written).
- PostgreSQL: ``head`` (the head's folded words, its number key, and each exact word marked "=")
  and ``words`` (the head, a gap, then the body, so no phrase spans the two).

A term typed without diacritics matches the folded words, with them the exact words; a number
matches by prefix of the number key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, ClassVar, Iterable

from sqlalchemy import BigInteger, Boolean, Column, MetaData, Table, Text, and_, cast, false, literal, not_, or_, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from .models import LibraryEntry

HEAD_WORDS = 300
GAP = 10  # positions between the head and the body in PostgreSQL's ``words``
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


@dataclass(frozen=True, slots=True)
class Texts:
    """One document's search text."""

    head: list[str]
    head_folded: list[str]
    body: list[str]
    body_folded: list[str]
    number_key: str


class Tier(IntEnum):
    """How well an entry matches, best first: relevance orders by tier, then newest first."""

    NUMBER = 1  # its number starts with what was typed
    HEAD = 2  # every term in its head: type, number, issuer, signer, subject, year
    BODY = 3  # every term somewhere in it


class SearchEngine:
    """The search text of the library's entries, in one database's own full-text index."""

    dialect: ClassVar[str]

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        raise NotImplementedError

    def drop(self, session: Session, sort_key: int) -> None:
        raise NotImplementedError

    def clear(self, session: Session) -> None:
        raise NotImplementedError

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        """``statement`` (over ``LibraryEntry``) joined to the search text, keeping what matches
        (``tier``: only the entries of that tier)."""
        raise NotImplementedError

    sort_key: ClassVar[Any]  # the joined search text's key: ordering by it lets the index give newest first


ENGINES: dict[str, Callable[[], SearchEngine]] = {}


def register(cls: type[SearchEngine]) -> type[SearchEngine]:
    ENGINES[cls.dialect] = cls
    return cls


def engine_for(session: Session) -> SearchEngine:
    return ENGINES[session.get_bind().dialect.name]()


# --- SQLite FTS5 ------------------------------------------------------------------------------

FTS = Table("library_fts", MetaData(), Column("rowid", BigInteger), Column("h", Text), Column("he", Text),
            Column("b", Text), Column("be", Text))
FTS_DDL = ("CREATE VIRTUAL TABLE library_fts USING fts5(h, he, b, be, "
           "tokenize = 'unicode61 remove_diacritics 0', detail = full)")


def _fts_term(term: Term, columns: str) -> str:
    return f'{{{columns}}} : "{" ".join(term.words)}"'


@register
class Fts5Engine(SearchEngine):
    dialect = "sqlite"
    sort_key = FTS.c.rowid  # FTS5 walks its doclists backwards for ORDER BY rowid DESC

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        self.drop(session, sort_key)
        session.execute(FTS.insert().values(rowid=sort_key, h=" ".join([*texts.head_folded, texts.number_key]),
                                            he=" ".join(texts.head), b=" ".join(texts.body_folded),
                                            be=" ".join(texts.body)))

    def drop(self, session: Session, sort_key: int) -> None:
        session.execute(FTS.delete().where(FTS.c.rowid == sort_key))

    def clear(self, session: Session) -> None:
        session.execute(FTS.delete())

    @staticmethod
    def expression(match: Match, tier: Tier | None) -> str:
        anywhere = " AND ".join(_fts_term(t, "he be" if t.exact else "h b") for t in match.terms)
        head = " AND ".join(_fts_term(t, "he" if t.exact else "h") for t in match.terms)
        number = f'{{h}} : "{match.number}" *' if match.number else ""
        if tier is None:
            parts = [f"({e})" for e in (number, anywhere) if e]
            return " OR ".join(parts) or '""'
        if tier is Tier.NUMBER:
            return number or '""'
        keep, drop = (head, [number]) if tier is Tier.HEAD else (anywhere, [head, number])
        return " NOT ".join(f"({e})" for e in (keep, *drop) if e) if keep else '""'

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        return statement.join(FTS, FTS.c.rowid == LibraryEntry.sort_key).where(
            text("library_fts MATCH :fts_query").bindparams(fts_query=self.expression(match, tier)))


# --- PostgreSQL full-text search ---------------------------------------------------------------

PG_TABLE = Table("library_search", MetaData(), Column("sort_key", BigInteger, primary_key=True),
                 Column("head", Text), Column("words", Text))
PG_DDL = ("CREATE TABLE library_search (sort_key bigint PRIMARY KEY, head tsvector NOT NULL, words tsvector NOT NULL)",
          "CREATE INDEX ix_library_search_head ON library_search USING gin (head)",
          "CREATE INDEX ix_library_search_words ON library_search USING gin (words)")


def _quote(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def tsvector(*runs: tuple[int, Iterable[str]]) -> str:
    """A tsvector literal of words at positions (each run starts at its own position)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for start, words in runs:
        for i, word in enumerate(words):
            where = positions[word]
            if len(where) < PG_MAX_POSITIONS and start + i <= 16383:
                where.append(start + i)
    return " ".join(f"{_quote(w)}:{','.join(map(str, p))}" for w, p in positions.items() if p)


def _matches(column, query: str):  # type: ignore[no-untyped-def]
    return column.op("@@", return_type=Boolean)(cast(literal(query), TSQUERY))


def _pg_term(term: Term) -> str:
    return "(" + " <-> ".join(_quote("=" + w if term.exact else w) for w in term.words) + ")"


@register
class PostgresEngine(SearchEngine):
    dialect = "postgresql"
    sort_key = PG_TABLE.c.sort_key

    def put(self, session: Session, sort_key: int, texts: Texts) -> None:
        head_folded = [*texts.head_folded, texts.number_key] if texts.number_key else texts.head_folded
        exact = ["=" + w for w in texts.head]
        body_start = len(head_folded) + 1 + GAP
        head = tsvector((1, head_folded), (1, exact))
        words = tsvector((1, head_folded), (1, exact), (body_start, texts.body_folded),
                         (body_start, ["=" + w for w in texts.body]))
        self.drop(session, sort_key)
        session.execute(text("INSERT INTO library_search (sort_key, head, words) "
                             "VALUES (:k, CAST(:h AS tsvector), CAST(:w AS tsvector))"),
                        {"k": sort_key, "h": head, "w": words})

    def drop(self, session: Session, sort_key: int) -> None:
        session.execute(PG_TABLE.delete().where(PG_TABLE.c.sort_key == sort_key))

    def clear(self, session: Session) -> None:
        session.execute(PG_TABLE.delete())

    @staticmethod
    def tsquery(match: Match) -> str | None:
        return " & ".join(_pg_term(t) for t in match.terms) or None

    def join(self, statement, match: Match, tier: Tier | None = None):  # type: ignore[no-untyped-def]
        query = self.tsquery(match)
        anywhere = _matches(PG_TABLE.c.words, query) if query else false()
        head = _matches(PG_TABLE.c.head, query) if query else false()
        number = _matches(PG_TABLE.c.head, f"{_quote(match.number)}:*") if match.number else false()
        condition = {None: or_(number, anywhere), Tier.NUMBER: number, Tier.HEAD: and_(head, not_(number)),
                     Tier.BODY: and_(anywhere, not_(head), not_(number))}[tier]
        return statement.join(PG_TABLE, PG_TABLE.c.sort_key == LibraryEntry.sort_key).where(condition)
