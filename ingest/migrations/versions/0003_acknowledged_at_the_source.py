"""acknowledged at the source; Message-ID

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:18:54.045104
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('external_id', sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f('ix_items_external_id'), ['external_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_external_id'))
        batch_op.drop_column('external_id')
        batch_op.drop_column('acknowledged_at')

