"""A text filter typed by an admin, matched anywhere in a column, case-insensitively, with the
LIKE wildcards in it taken literally (「100%」 finds 100%, not everything)."""


def contains(column, text: str):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
