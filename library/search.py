"""A reader's search of the library: what was typed, the filters, the order, one page of hits with
the total and the facet counts. The same on SQLite and PostgreSQL (``library.engines``).

- Words and "quoted phrases" must all be found; typed without diacritics they match folded text
  ("quyet dinh" finds "Quyết định", "duong" finds "đường"), typed with them, exactly.
- A query that starts like a document number ("166 qd sxd", "166/QĐ-SXD") also finds the
  documents whose number starts so, first.
- Counting stops at COUNT_CAP: a common word matches most of the library, and counting it all would
  cost more than finding its best page; beyond, the total is "more than" and the facets count the
  newest COUNT_CAP matches.
- Relevance: number matches, then documents with every term in their head (type, number, issuer,
  signer, subject, year), then the rest; newest first within each. Without a query: newest first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from . import effectivity
from .effectivity import Status
from .engines import Match, Term, Tier, engine_for
from .models import LibraryEntry
from .text import filter_word, folded, looks_like_number, number_key, words

MAX_TERMS = 12
MAX_PHRASE_WORDS = 20
PER_PAGE = 20
MAX_PER_PAGE = 100
FACET_VALUES = 30
COUNT_CAP = 1_000  # matches counted, and faceted, at most: beyond, "more than 1,000" (and a narrower search)
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”')


class Sort(StrEnum):
    RELEVANCE = "lien-quan"
    NEWEST = "moi-nhat"
    OLDEST = "cu-nhat"


SORT_LABELS = {Sort.RELEVANCE: "Liên quan nhất", Sort.NEWEST: "Mới nhất", Sort.OLDEST: "Cũ nhất"}
FACETS = ("doc_type", "issuer", "signer", "year", "category")
FACET_LABELS = {"doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành", "signer": "Người ký", "year": "Năm ban hành",
                "category": "Chuyên mục", "effectivity": "Hiệu lực"}


@dataclass(frozen=True, slots=True)
class Filters:
    doc_type: str | None = None
    issuer: str | None = None
    signer: str | None = None
    year: int | None = None
    category: str | None = None
    effectivity: Status | None = None

    def chosen(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in (*FACETS, "effectivity") if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort | None = None  # None: relevance with a query, newest without
    page: int = 1
    per_page: int = PER_PAGE
    as_of: date = field(default_factory=date.today)

    @property
    def order(self) -> Sort:
        if self.sort is not None and (self.sort is not Sort.RELEVANCE or self.q.strip()):
            return self.sort
        return Sort.RELEVANCE if parse_query(self.q).terms or parse_query(self.q).number else Sort.NEWEST


@dataclass(frozen=True, slots=True)
class Hit:
    entry: LibraryEntry
    status: Status


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: object
    count: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    request: SearchRequest
    hits: list[Hit]
    total: int  # counted up to COUNT_CAP
    exact: bool  # False: more than COUNT_CAP matched, and the facets count the newest COUNT_CAP
    facets: dict[str, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.per_page))


def parse_query(q: str) -> Match:
    """'quyet dinh "xay dung" 166/QĐ-SXD' -> terms: quyet, dinh, "xay dung", "166 qđ sxd" (exact)."""
    q = q or ""
    chunks = [a or b for a, b in _PHRASE.findall(q)] + _PHRASE.sub(" ", q).split()
    terms: list[Term] = []
    for chunk in chunks:
        exact = any(c.isalpha() and ord(c) > 127 for c in chunk)
        found = words(chunk)[:MAX_PHRASE_WORDS]
        if found:
            term = Term(tuple(found) if exact else tuple(folded(w) for w in found), exact)
            if term not in terms:
                terms.append(term)
    key = number_key(q)
    number = key if key[:1].isdigit() and looks_like_number(key) else None
    return Match(tuple(terms[:MAX_TERMS]), number)


def _filtered(request: SearchRequest) -> Select:
    f, e = request.filters, LibraryEntry
    statement = select(LibraryEntry)
    for key in FACETS:
        value = getattr(f, key)
        if value is not None:
            statement = statement.where(getattr(e, key) == value)
    if f.effectivity is not None:
        statement = statement.where(effectivity.condition(f.effectivity, request.as_of))
    return statement


def search(session: Session, request: SearchRequest, *, facets: bool = True) -> SearchResult:
    match = parse_query(request.q)
    f = request.filters
    match = replace(match, filters=tuple(filter_word(k, getattr(f, k)) for k in FACETS if getattr(f, k) is not None))
    engine = engine_for(session)
    engine.prepare(session)
    base = _filtered(request)  # the filters again, exactly: the filter words narrow, the columns decide
    searching = match.searching
    matching = engine.join(base, match) if searching else base
    key = engine.sort_key if searching else LibraryEntry.sort_key
    if request.q.strip() and not searching:
        matching = base.where(LibraryEntry.sort_key < 0)  # only punctuation typed: nothing matches
    offset, limit = (request.page - 1) * request.per_page, request.per_page
    counted: int | None = None
    if request.order is Sort.RELEVANCE:
        entries, counted = _by_relevance(session, engine, base, match, offset, limit)
    if counted is None:
        counted = engine.count(session, matching, COUNT_CAP + 1)
    few = counted <= COUNT_CAP
    if request.order is not Sort.RELEVANCE:
        order = engine.newest_first(few=few) if searching else key.desc()
        if request.order is Sort.OLDEST:
            order = key.asc()
        entries = list(session.scalars(matching.order_by(order).offset(offset).limit(limit)))
    hits = [Hit(e, effectivity.status(e.effective_on, e.ended_on, request.as_of)) for e in entries]
    counts: dict[str, list[FacetValue]] = {}
    if facets:
        columns = [getattr(LibraryEntry, name) for name in (*FACETS, "effective_on", "ended_on")]
        facet_rows = matching.with_only_columns(*columns)
        if not few:
            facet_rows = facet_rows.order_by(engine.newest_first(few=few) if searching else key.desc()).limit(COUNT_CAP)
        counts = _facets(session.execute(facet_rows).all(), request.as_of)
    return SearchResult(request, hits, min(counted, COUNT_CAP), few, counts)


def _by_relevance(session: Session, engine, base: Select, match: Match, offset: int,  # type: ignore[no-untyped-def]
                  limit: int) -> tuple[list[LibraryEntry], int | None]:
    """One page in tier order, each tier newest first; a tier wholly before the page is only
    counted. Each tier is counted (up to the page's end or COUNT_CAP) to know whether it is few.

    Also the number of matches, counted up to COUNT_CAP + 1, when the tiers tell it (None when
    the page filled before every tier was counted and none had more than COUNT_CAP): the tiers
    split the matches without overlap, so a common word's total needs no count of its own."""
    found: list[LibraryEntry] = []
    total, complete = 0, True
    for tier in Tier:
        if (tier is Tier.NUMBER and not match.number) or (tier is not Tier.NUMBER and not match.terms):
            continue
        if limit <= 0:
            complete = False
            break
        statement = engine.join(base, match, tier)
        in_tier = engine.count(session, statement, max(offset, COUNT_CAP) + 1)
        total += in_tier
        if in_tier <= offset:
            offset -= in_tier
            continue
        order = engine.newest_first(few=in_tier <= COUNT_CAP)
        rows = list(session.scalars(statement.order_by(order).offset(offset).limit(limit)))
        offset, limit = 0, limit - len(rows)
        found.extend(rows)
    if total > COUNT_CAP:
        return found, COUNT_CAP + 1
    return found, total if complete else None


def _facets(rows: Sequence[Row], as_of: date) -> dict[str, list[FacetValue]]:
    """Facet counts over the newest matches (all of them when there are no more than COUNT_CAP),
    taken in one statement, counted here: the most frequent values first, then by value (the
    same order on every database, whatever its collation)."""
    result: dict[str, list[FacetValue]] = {}
    for index, name in enumerate(FACETS):
        counts = Counter(row[index] for row in rows if row[index] is not None)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
        result[name] = [FacetValue(v, n) for v, n in ranked]
    statuses = Counter(effectivity.status(row[-2], row[-1], as_of) for row in rows)
    result["effectivity"] = [FacetValue(s, statuses[s]) for s in Status if statuses[s]]
    return result


def with_page(request: SearchRequest, page: int) -> SearchRequest:
    return replace(request, page=page)
