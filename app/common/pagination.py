"""Page-number pagination with the total in the body: {items, page, per_page, total}."""
import marshmallow as ma
from sqlalchemy import Select, func, select

from app.extensions import db

MAX_PER_PAGE = 50


class QueryArgsSchema(ma.Schema):
    """Base of every query-string schema: a parameter it does not declare is a 422 naming it.

    webargs loads query strings with unknown=EXCLUDE whatever the schema says, so a misspelt
    filter (`?chlid_id=3`) would silently return everything; this check runs before loading."""

    @ma.pre_load
    def _reject_unknown(self, data, **kwargs):
        known = {field.data_key or name for name, field in self.load_fields.items()}
        unknown = sorted(key for key in data if key not in known)
        if unknown:
            raise ma.ValidationError({key: [f"不支持的查询参数“{key}”"] for key in unknown})
        return data


class PageArgsSchema(QueryArgsSchema):
    """Inherit in a list endpoint's query schema."""

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100000))
    per_page = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE))


_page_schemas: dict[type, type] = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The response schema of a page of `item_schema` (cached so OpenAPI names it once)."""
    if item_schema not in _page_schemas:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _page_schemas[item_schema] = type(name, (ma.Schema,), {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
            "total": ma.fields.Integer(required=True),
        })
    return _page_schemas[item_schema]


def paginate(stmt: Select, page: int, per_page: int, *, scalars: bool = True) -> dict:
    """Run `stmt` (which must have a stable ORDER BY) for one page and count the whole."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    paged = stmt.limit(per_page).offset((page - 1) * per_page)
    rows = db.session.scalars(paged).all() if scalars else db.session.execute(paged).all()
    return {"items": list(rows), "page": page, "per_page": per_page, "total": total or 0}


def page_from_list(items: list, page: int, per_page: int) -> dict:
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "page": page, "per_page": per_page,
            "total": len(items)}
