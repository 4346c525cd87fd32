"""SQLite's search text gets each pair of neighbouring folded words, through which phrases are found

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _rewrite(change) -> None:  # type: ignore[no-untyped-def]
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT rowid, h, b FROM library_fts")).all()
    for rowid, head, body in rows:
        bind.execute(sa.text("UPDATE library_fts SET h = :h, b = :b WHERE rowid = :k"),
                     {"h": change(head or ""), "b": change(body or ""), "k": rowid})


def upgrade() -> None:
    # PostgreSQL's vector has held the pairs since 0005
    if op.get_bind().dialect.name == "sqlite":
        from library.engines import with_pairs

        _rewrite(lambda text: with_pairs(text.split()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite(lambda text: " ".join(w for w in text.split() if "_" not in w))
