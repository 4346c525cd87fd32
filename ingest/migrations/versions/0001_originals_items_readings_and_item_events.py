"""originals, items, readings and item events

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 15:47:25.220083
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('originals',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_key', sa.String(length=1000), nullable=False),
    sa.Column('name', sa.String(length=1000), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('format', sa.String(length=20), nullable=True),
    sa.Column('text_source', sa.String(length=10), nullable=True),
    sa.Column('legacy_encoding', sa.String(length=10), nullable=True),
    sa.Column('open_format', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sha256'], ['originals.sha256'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'source_key', name='uq_items_source_key')
    )
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_items_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_state'), ['state'], unique=False)

    op.create_table('item_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('item_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_events_item_id'), ['item_id'], unique=False)

    op.create_table('readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reader_version', sa.String(length=40), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('converted_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['converted_sha256'], ['originals.sha256'], ),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_readings_item_id'), ['item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_readings_item_id'))

    op.drop_table('readings')
    with op.batch_alter_table('item_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_events_item_id'))

    op.drop_table('item_events')
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_state'))
        batch_op.drop_index(batch_op.f('ix_items_sha256'))
        batch_op.drop_index(batch_op.f('ix_items_parent_id'))

    op.drop_table('items')
    op.drop_table('originals')
