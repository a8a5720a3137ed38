"""health record: measurements, doses, check-ups, warning-sign answers, loaded schedules;
the child's sex and the parent's separate health-record consent

Revision ID: 0010_health
Revises: 0009_places
Create Date: 2026-12-01 09:43:03.836686

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '0010_health'
down_revision = '0009_places'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('health_content',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_health_content'))
    )
    op.create_table('health_checkup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('visit', sa.String(length=32), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=64), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_health_checkup_child_id_child'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_checkup')),
    sa.UniqueConstraint('child_id', 'visit', name=op.f('uq_health_checkup_child_id_visit'))
    )
    with op.batch_alter_table('health_checkup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_checkup_child_id'), ['child_id'], unique=False)

    op.create_table('health_development',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('band_months', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_health_development_child_id_child'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_development')),
    sa.UniqueConstraint('child_id', 'band_months', name=op.f('uq_health_development_child_id_band_months'))
    )
    with op.batch_alter_table('health_development', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_development_child_id'), ['child_id'], unique=False)

    op.create_table('health_dose',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('vaccine', sa.String(length=32), nullable=False),
    sa.Column('dose', sa.Integer(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=64), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_health_dose_child_id_child'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_dose')),
    sa.UniqueConstraint('child_id', 'vaccine', 'dose', name=op.f('uq_health_dose_child_id_vaccine_dose'))
    )
    with op.batch_alter_table('health_dose', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_dose_child_id'), ['child_id'], unique=False)

    op.create_table('health_measurement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=True),
    sa.Column('length_cm', sa.Float(), nullable=True),
    sa.Column('head_cm', sa.Float(), nullable=True),
    sa.Column('position', sa.String(length=10), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("position IS NULL OR position IN ('recumbent', 'standing')", name=op.f('ck_health_measurement_position_known')),
    sa.CheckConstraint('weight_kg IS NOT NULL OR length_cm IS NOT NULL OR head_cm IS NOT NULL', name=op.f('ck_health_measurement_some_measure')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_health_measurement_child_id_child'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_measurement'))
    )
    with op.batch_alter_table('health_measurement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_measurement_child_id'), ['child_id'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sex', sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(op.f('ck_child_sex_known'),
                                         "sex IS NULL OR sex IN ('male', 'female')")

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('health_consent_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('health_consent_at')

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_child_sex_known'), type_='check')
        batch_op.drop_column('sex')

    with op.batch_alter_table('health_measurement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_measurement_child_id'))

    op.drop_table('health_measurement')
    with op.batch_alter_table('health_dose', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_dose_child_id'))

    op.drop_table('health_dose')
    with op.batch_alter_table('health_development', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_development_child_id'))

    op.drop_table('health_development')
    with op.batch_alter_table('health_checkup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_checkup_child_id'))

    op.drop_table('health_checkup')
    op.drop_table('health_content')
