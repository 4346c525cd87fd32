"""The public legal-document library: what the board published, as citizens find it.

- ``text``: words cut and folded for search; ``engines``: the search text in SQLite FTS5 or
  PostgreSQL full-text search; ``index``: kept in step with publication, rebuilt by ``reindex``;
  ``search``: a reader's query, filters, facets and pages; ``effectivity``: in force as of a date;
  ``relations``: replaces, amends, revokes, guides; ``documents``: one document as its page shows it.
"""
