"""registry uploads: a district office's CSV kept between its dry run and the confirmation

Revision ID: 0018_admin_registry
Revises: 0017_stats_summary
Create Date: 2026-12-01 12:30:00

"""
from alembic import op
import sqlalchemy as sa

from app.common.timeutil import UTCDateTime


revision = '0018_admin_registry'
down_revision = '0017_stats_summary'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registry_upload',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uploader_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['uploader_id'], ['user_account.id'],
                                name=op.f('fk_registry_upload_uploader_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_upload')),
    )
    op.create_index(op.f('ix_registry_upload_uploader_id'), 'registry_upload', ['uploader_id'])


def downgrade():
    op.drop_index(op.f('ix_registry_upload_uploader_id'), table_name='registry_upload')
    op.drop_table('registry_upload')
