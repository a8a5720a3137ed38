"""marshmallow fields every domain shares."""
import marshmallow as ma

MAX_ID = 2**31 - 1  # a PostgreSQL integer


class Id(ma.fields.Integer):
    """A row id: a positive integer that fits the database (a larger one is a 422, not a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)
