"""faqbot: knowledge base, sessions, question log

Revision ID: 0005_faqbot
Revises: 0001_foundation
Create Date: 2026-11-24 06:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '0005_faqbot'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('faq_entry',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.String(length=24), nullable=False),
    sa.Column('related', sa.JSON(), nullable=False),
    sa.Column('reviewed', sa.String(length=10), nullable=False),
    sa.Column('leave_kind', sa.String(length=32), nullable=True),
    sa.Column('file', sa.String(length=120), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_entry'))
    )
    op.create_table('faq_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['faq_entry.id'], name=op.f('fk_faq_question_entry_id_faq_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_question')),
    sa.UniqueConstraint('entry_id', 'text', name=op.f('uq_faq_question_entry_id_text'))
    )
    with op.batch_alter_table('faq_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_question_entry_id'), ['entry_id'], unique=False)

    op.create_table('faq_resource',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_faq_resource'))
    )
    op.create_table('faq_session',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_session'))
    )
    with op.batch_alter_table('faq_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_session_updated_at'), ['updated_at'], unique=False)

    op.create_table('faq_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.String(length=32), nullable=False),
    sa.Column('asked_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=True),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('normalized', sa.String(length=300), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('faq_id', sa.String(length=80), nullable=True),
    sa.Column('province', sa.String(length=16), nullable=True),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('latency_ms', sa.Float(), nullable=False),
    sa.Column('kb_version', sa.String(length=40), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.Column('feedback_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_log')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_faq_log_answer_id'))
    )
    with op.batch_alter_table('faq_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_log_asked_at'), ['asked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_faq_log_decision'), ['decision'], unique=False)


def downgrade():
    with op.batch_alter_table('faq_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_log_decision'))
        batch_op.drop_index(batch_op.f('ix_faq_log_asked_at'))
    op.drop_table('faq_log')
    with op.batch_alter_table('faq_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_session_updated_at'))
    op.drop_table('faq_session')
    op.drop_table('faq_resource')
    with op.batch_alter_table('faq_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_question_entry_id'))
    op.drop_table('faq_question')
    op.drop_table('faq_entry')
