"""A course may be for one city's parents (a local provider): course.city

Revision ID: 0020_course_city
Revises: 0019_home_visit
Create Date: 2026-12-01 15:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020_course_city'
down_revision = '0019_home_visit'
branch_labels = None
depends_on = None


def upgrade():
    # Empty for every existing course: every city, as before; `flask content load` sets the demo
    # catalogue's local courses.
    op.add_column('course', sa.Column('city', sa.String(length=6), nullable=True))
    op.create_index('ix_course_city', 'course', ['city'])


def downgrade():
    op.drop_index('ix_course_city', table_name='course')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('city')
