"""the public library: entries, relations, and the search text in the database's own full-text index

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from library.engines import FTS_DDL, PG_DDL

    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relations', sa.JSON(), nullable=True))
    op.create_table('library_entries',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('sort_key', sa.BigInteger(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=True),
    sa.Column('number_key', sa.String(length=200), nullable=False),
    sa.Column('doc_type', sa.String(length=100), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=True),
    sa.Column('signer', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], ),
    sa.PrimaryKeyConstraint('document_id'),
    sa.UniqueConstraint('sort_key')
    )
    for column in ('number_key', 'doc_type', 'issuer', 'signer', 'year', 'category'):
        op.create_index(f'ix_library_entries_{column}', 'library_entries', [column], unique=False)
    op.create_table('library_relations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('target_document_id', sa.Integer(), nullable=True),
    sa.Column('target_number', sa.String(length=200), nullable=True),
    sa.Column('target_number_key', sa.String(length=200), nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('target_label', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['library_entries.document_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    for column in ('document_id', 'target_document_id', 'target_number_key'):
        op.create_index(f'ix_library_relations_{column}', 'library_relations', [column], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(FTS_DDL)
    else:
        for statement in PG_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TABLE library_fts')
    else:
        op.execute('DROP TABLE library_search')
    op.drop_table('library_relations')
    op.drop_table('library_entries')
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('relations')
