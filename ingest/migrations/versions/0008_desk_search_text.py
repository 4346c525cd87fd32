"""the desk searches a folded text kept on each revision, in the database, instead of folding every open document in Python

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    from editorial.models import searchable

    with op.batch_alter_table('revisions') as batch:
        batch.add_column(sa.Column('search_text', sa.Text(), nullable=True))
    bind = op.get_bind()
    revisions = sa.table('revisions', sa.column('id', sa.Integer), sa.column('metadata_values', sa.JSON),
                         sa.column('search_text', sa.Text))
    last = 0
    while True:  # in batches: years of archives need not fit in memory
        rows = bind.execute(sa.select(revisions.c.id, revisions.c.metadata_values).where(revisions.c.id > last)
                            .order_by(revisions.c.id).limit(_BATCH)).all()
        if not rows:
            break
        bind.execute(revisions.update().where(revisions.c.id == sa.bindparam('key'))
                     .values(search_text=sa.bindparam('folded')),
                     [{'key': key, 'folded': searchable(values or {})} for key, values in rows])
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('revisions') as batch:
        batch.drop_column('search_text')
