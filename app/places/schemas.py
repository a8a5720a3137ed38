"""Place fields for every domain's schemas: a district goes in as a name, alias or code and is
stored as its code; it comes out as its Chinese name (and the code beside it)."""
import marshmallow as ma

from app.common.errors import InvalidInput
from app.places import service


class District(ma.fields.String):
    """In: 姑苏区 / 姑苏 / 苏州市姑苏区 / 320508 -> "320508". Out: "姑苏区".
    allow_city=True also takes a served city (苏州市 -> "320500")."""

    def __init__(self, *args, allow_city: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_city = allow_city

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text.strip():
            raise ma.ValidationError("区县不能为空")
        try:
            return service.district_code(text, allow_city=self.allow_city)
        except InvalidInput as exc:
            raise ma.ValidationError(exc.message)

    def _serialize(self, value, attr, obj, **kwargs):
        return service.district_name(value)


class City(ma.fields.String):
    """In: a served city's name, alias or code -> its code. Out: its Chinese name."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return service.city_code(text)
        except InvalidInput as exc:
            raise ma.ValidationError(exc.message)

    def _serialize(self, value, attr, obj, **kwargs):
        return service.district_name(value)


class DistrictCode(ma.fields.String):
    """The stored code, shown beside the name."""

    def __init__(self, attribute: str = "district", **kwargs):
        kwargs.setdefault("metadata", {"description": "行政区划代码（GB/T 2260）"})
        kwargs.setdefault("allow_none", True)
        super().__init__(attribute=attribute, dump_only=True, **kwargs)


class DivisionSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class CitySchema(DivisionSchema):
    province = ma.fields.String()
    districts = ma.fields.List(ma.fields.Nested(DivisionSchema))
