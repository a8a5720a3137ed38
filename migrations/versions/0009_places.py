"""places: the division registry

Revision ID: 0009_places
Revises: 0011_ledger_triggers
Create Date: 2026-12-01 10:00:00

"""
import json
import logging
import os
from pathlib import Path

from alembic import op
import sqlalchemy as sa
import yaml

from app.places.registry import AmbiguousPlace, Registry, UnknownPlace, parse

log = logging.getLogger("alembic.runtime.migration")


revision = '0009_places'
down_revision = '0011_ledger_triggers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('division',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.CheckConstraint("level IN ('province', 'city', 'district', 'street')",
                       name=op.f('ck_division_level_known')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_division'))
    )
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_division_parent_code'), ['parent_code'],
                              unique=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('scope', sa.String(length=12), nullable=True))
    _convert(to_code=True)


# Text columns that held a district's name and now hold its code.
_TEXT_COLUMNS = [('user_account', 'district'), ('facility', 'district'),
                 ('nursing_room', 'district'), ('voucher', 'district'), ('venue', 'district')]
_LIST_COLUMNS = [('voucher_batch', 'districts')]


def _registry() -> Registry:
    folder = Path(__file__).resolve().parents[2] / "content" / "places"

    def error(message, entry, field):
        return RuntimeError(f"content/places: {entry or ''} {field or ''}: {message}")

    def read(name):
        with open(folder / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    return Registry.of(parse(read("divisions.yaml"), read("aliases.yaml"), error))


def _convert(to_code: bool) -> None:
    """Names (and aliases) become codes, or back; what cannot be mapped is kept and reported."""
    places = _registry()
    cities = []
    for city in os.environ.get("CITIES", "苏州市").split(","):
        try:
            cities.append(places.resolve(city.strip(), "city"))
        except (UnknownPlace, AmbiguousPlace):
            pass
    prefer = tuple(cities)

    def convert(value):
        if value is None or value == "":
            return value, True
        if not to_code:
            return places.name(value) or value, places.get(value) is not None
        try:
            return places.resolve(value, "district", prefer=prefer), True
        except (UnknownPlace, AmbiguousPlace):
            return value, False

    bind = op.get_bind()
    for table, column in _TEXT_COLUMNS + _LIST_COLUMNS:
        many = (table, column) in _LIST_COLUMNS
        t = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.JSON if many
                                                                    else sa.String))
        unmapped = []
        for row_id, value in bind.execute(sa.select(t.c.id, t.c[column])).all():
            if many:
                values = value if isinstance(value, list) else json.loads(value or "[]")
                pairs = [convert(v) for v in values]
                new = [v for v, _ in pairs]
                unmapped += [(row_id, v) for v, ok in pairs if not ok]
            else:
                new, ok = convert(value)
                if not ok:
                    unmapped.append((row_id, value))
            if new != value:
                bind.execute(t.update().where(t.c.id == row_id).values({column: new}))
        for row_id, value in unmapped:
            log.warning("%s.%s id %s: %r is not a district of the registry; kept as it is",
                        table, column, row_id, value)
        if to_code:
            log.info("%s.%s: %d value(s) could not be mapped", table, column, len(unmapped))
    if to_code:
        users = sa.table('user_account', sa.column('id', sa.Integer),
                         sa.column('district', sa.String), sa.column('city', sa.String))
        for row_id, district in bind.execute(sa.select(users.c.id, users.c.district)).all():
            city = places.ancestor(district, "city")
            if city:
                bind.execute(users.update().where(users.c.id == row_id).values(city=city))


def downgrade():
    _convert(to_code=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('scope')
        batch_op.drop_column('city')
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_division_parent_code'))
    op.drop_table('division')
