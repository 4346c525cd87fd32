"""ledger states, item links, source health

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 16:52:49.480615
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('source_health',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('items_taken', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('item_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('target_item_id', sa.Integer(), nullable=True),
    sa.Column('target_document_id', sa.String(length=300), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_item_id'], ['items.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('item_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_links_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_links_target_item_id'), ['target_item_id'], unique=False)

    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skip_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_retry_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('doc_key', sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column('document_id', sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f('ix_items_doc_key'), ['doc_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_next_retry_at'), ['next_retry_at'], unique=False)
        batch_op.create_foreign_key('fk_items_duplicate_of_id', 'items', ['duplicate_of_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_constraint('fk_items_duplicate_of_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_items_next_retry_at'))
        batch_op.drop_index(batch_op.f('ix_items_duplicate_of_id'))
        batch_op.drop_index(batch_op.f('ix_items_document_id'))
        batch_op.drop_index(batch_op.f('ix_items_doc_key'))
        batch_op.drop_column('document_id')
        batch_op.drop_column('doc_key')
        batch_op.drop_column('next_retry_at')
        batch_op.drop_column('duplicate_of_id')
        batch_op.drop_column('skip_reason')

    with op.batch_alter_table('item_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_links_target_item_id'))
        batch_op.drop_index(batch_op.f('ix_item_links_item_id'))

    op.drop_table('item_links')
    op.drop_table('source_health')
