"""Status vocabularies are tuples defined once beside their model; CHECK constraints are built
from the same tuples with one_of, so the database and the code never disagree."""


def one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
