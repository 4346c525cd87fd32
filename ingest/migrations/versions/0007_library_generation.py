"""the library's generation: counted up with every change readers can see, so kept pages are known stale

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('library_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO library_state (id, generation, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP)")


def downgrade() -> None:
    op.drop_table('library_state')
