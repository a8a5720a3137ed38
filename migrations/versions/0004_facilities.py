"""facilities and nursing rooms

Revision ID: 0004_facilities
Revises: 0001_foundation
Create Date: 2026-11-24 06:20:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '0004_facilities'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('facility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('filing_no', sa.String(length=64), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('registration_form', sa.String(length=32), nullable=True),
    sa.Column('operation_form', sa.String(length=32), nullable=True),
    sa.Column('district', sa.String(length=32), nullable=False),
    sa.Column('street', sa.String(length=64), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('care_types', sa.JSON(), nullable=False),
    sa.Column('age_min_months', sa.Integer(), nullable=True),
    sa.Column('age_max_months', sa.Integer(), nullable=True),
    sa.Column('class_types', sa.JSON(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=True),
    sa.Column('open_places', sa.Integer(), nullable=True),
    sa.Column('open_places_updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('inclusive', sa.Boolean(), nullable=False),
    sa.Column('inclusive_places', sa.Integer(), nullable=True),
    sa.Column('demonstration_level', sa.String(length=16), nullable=True),
    sa.Column('fee_min', sa.Integer(), nullable=True),
    sa.Column('fee_max', sa.Integer(), nullable=True),
    sa.Column('fee_items', sa.JSON(), nullable=False),
    sa.Column('meals', sa.Boolean(), nullable=True),
    sa.Column('quality_grade', sa.String(length=16), nullable=True),
    sa.Column('quality_assessed_on', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('source_note', sa.String(length=200), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('search_words', sa.Text(), nullable=False),
    sa.Column('name_pinyin', sa.Text(), nullable=False),
    sa.Column('name_initials', sa.Text(), nullable=False),
    sa.Column('search_seq', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('active', 'suspended', 'deregistered')", name=op.f('ck_facility_status_known')),
    sa.CheckConstraint('age_min_months BETWEEN 0 AND 36 AND age_max_months BETWEEN 0 AND 36 AND age_min_months <= age_max_months', name=op.f('ck_facility_ages_in_range')),
    sa.CheckConstraint('open_places <= places', name=op.f('ck_facility_open_within_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_facility_credit_code')),
    sa.UniqueConstraint('filing_no', name=op.f('uq_facility_filing_no'))
    )
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_facility_search_seq'), ['search_seq'], unique=False)

    op.create_table('nursing_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('venue_name', sa.String(length=100), nullable=True),
    sa.Column('venue_type', sa.String(length=32), nullable=True),
    sa.Column('floor_location', sa.String(length=100), nullable=True),
    sa.Column('district', sa.String(length=32), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('area_m2', sa.Float(), nullable=True),
    sa.Column('changing_table', sa.Boolean(), nullable=False),
    sa.Column('crib', sa.Boolean(), nullable=False),
    sa.Column('nursing_chair', sa.Boolean(), nullable=False),
    sa.Column('sink', sa.Boolean(), nullable=False),
    sa.Column('hot_water', sa.Boolean(), nullable=False),
    sa.Column('lockable', sa.Boolean(), nullable=False),
    sa.Column('hours', sa.String(length=64), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('source_note', sa.String(length=200), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'closed')", name=op.f('ck_nursing_room_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nursing_room')),
    sa.UniqueConstraint('code', name=op.f('uq_nursing_room_code'))
    )
    with op.batch_alter_table('nursing_room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nursing_room_district'), ['district'], unique=False)


def downgrade():
    with op.batch_alter_table('nursing_room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nursing_room_district'))

    op.drop_table('nursing_room')
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_search_seq'))
        batch_op.drop_index(batch_op.f('ix_facility_district'))

    op.drop_table('facility')
