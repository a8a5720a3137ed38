"""What goes in and out over HTTP for facilities and nursing rooms."""
import marshmallow as ma
from marshmallow import validate

from app.common.errors import register_choice_labels
from app.common.pagination import PageArgsSchema
from app.common.timeutil import LocalDateTime
from app.facilities import records
from app.places.schemas import City, District, DistrictCode

for _labels in (records.CARE_TYPES, records.DEMONSTRATION_LEVELS, records.REGISTRATION_FORMS,
                records.OPERATION_FORMS, records.STATUSES, records.VENUE_TYPES,
                records.ROOM_STATUSES):
    register_choice_labels(_labels)  # enum errors show 「city（市级）」

_CARE_CHOICES = list(records.CARE_TYPES)
_DEMO_CHOICES = list(records.DEMONSTRATION_LEVELS)


def care_type_code(value: str) -> str | None:
    """A care type code (full_day ...) or its Chinese label (全日托 ...) as a code."""
    value = value.strip()
    return value if value in records.CARE_TYPES else records.CARE_TYPE_WORDS.get(value)


class CareTypeList(ma.fields.List):
    """Repeatable care types; one flat Chinese message naming the unknown value."""

    def __init__(self, **kwargs):
        super().__init__(ma.fields.String(), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        codes = []
        for item in super()._deserialize(value, attr, data, **kwargs):
            code = care_type_code(item)
            if code is None:
                raise ma.ValidationError("未知的服务类型“%s”，应为：%s" % (item, "、".join(
                    f"{k}（{v}）" for k, v in records.CARE_TYPES.items())))
            codes.append(code)
        return list(dict.fromkeys(codes))


class _LocationArgs(ma.Schema):
    lat = ma.fields.Float(validate=validate.Range(min=-90, max=90),
                          metadata={"description": "纬度（默认 GCJ-02）"})
    lng = ma.fields.Float(validate=validate.Range(min=-180, max=180))
    coord = ma.fields.String(load_default="gcj02", validate=validate.OneOf(["gcj02", "wgs84"]),
                             metadata={"description": "wx.getLocation({type:'gcj02'}) 即 gcj02"})
    radius_km = ma.fields.Float(validate=validate.Range(min=0.1, max=50,
                                                        error="半径应在 0.1 到 50 公里之间"),
                                metadata={"description": "半径（公里，≤ 50），需同时给出 lat/lng"})

    @ma.validates_schema
    def _location_pair(self, data, **kwargs):
        if ("lat" in data) != ("lng" in data):
            missing = "lng" if "lat" in data else "lat"
            raise ma.ValidationError("lat 和 lng 需同时提供", field_name=missing)
        if "radius_km" in data and "lat" not in data:
            raise ma.ValidationError("按半径查找需要同时提供 lat 和 lng", field_name="radius_km")

    @ma.post_load
    def _to_gcj02(self, data, **kwargs):
        from app.common.geo import in_china, wgs84_to_gcj02

        if "lat" in data and data.pop("coord", "gcj02") == "wgs84":
            data["lat"], data["lng"] = wgs84_to_gcj02(data["lat"], data["lng"])
        elif "lat" in data and not in_china(data["lat"], data["lng"]):
            raise ma.ValidationError("坐标不在中国境内（请检查经纬度是否填反）", field_name="lat")
        return data


class FacilitySearchArgsSchema(PageArgsSchema, _LocationArgs):
    q = ma.fields.String(validate=validate.Length(max=50),
                         metadata={"description": "名称（任意两字以上片段）、拼音、首字母、街道、地址"})
    district = District(metadata={"description": "区县名称、简称或代码，如 姑苏区、园区、320576"})
    city = City(metadata={"description": "城市；默认为家长所在城市（未登录为本平台首个城市）"})
    care_type = CareTypeList(metadata={
        "description": "可重复；full_day/half_day/hourly/temporary 或 全日托 等"})
    age_months = ma.fields.Integer(validate=validate.Range(min=0, max=36))
    inclusive = ma.fields.Boolean(metadata={"description": "true：只看普惠"})
    demonstration_level = ma.fields.String(
        validate=validate.OneOf([*_DEMO_CHOICES, "any"]),
        metadata={"description": "national/province/city/district，any 表示任一级示范"})
    has_places = ma.fields.Boolean()
    fee_max = ma.fields.Integer(validate=validate.Range(min=0, max=100000),
                                metadata={"description": "月收费上限（元）"})
    meals = ma.fields.Boolean()
    sort = ma.fields.String(load_default="relevance",
                            validate=validate.OneOf(["relevance", "distance", "fee"]))

    @ma.validates_schema
    def _distance_needs_location(self, data, **kwargs):
        if data.get("sort") == "distance" and "lat" not in data:
            raise ma.ValidationError("按距离排序需要提供 lat 和 lng", field_name="sort")


class FacilityItemSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    district = District()
    district_code = DistrictCode()
    street = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    lat = ma.fields.Float(allow_none=True)
    lng = ma.fields.Float(allow_none=True)
    coord = ma.fields.Constant("gcj02")
    distance_m = ma.fields.Integer(allow_none=True, metadata={"description": "提供位置时返回（米）"})
    care_types = ma.fields.List(ma.fields.String())
    age_min_months = ma.fields.Integer(allow_none=True)
    age_max_months = ma.fields.Integer(allow_none=True)
    places = ma.fields.Integer(allow_none=True)
    open_places = ma.fields.Integer(allow_none=True)
    inclusive = ma.fields.Boolean()
    demonstration_level = ma.fields.String(allow_none=True)
    fee_min = ma.fields.Integer(allow_none=True)
    fee_max = ma.fields.Integer(allow_none=True)
    meals = ma.fields.Boolean(allow_none=True)
    match = ma.fields.String(allow_none=True, metadata={
        "description": "命中方式：name/alias/street/district/address/pinyin/initials/fuzzy"})


class FacetsSchema(ma.Schema):
    district = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    care_type = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    inclusive = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    demonstration_level = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class FacilitySearchPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(FacilityItemSchema), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    facets = ma.fields.Nested(FacetsSchema, required=True, metadata={
        "description": "整个筛选结果的分面计数；每个分面不计自身的筛选条件"})
    mode = ma.fields.String(metadata={"description": "none / text / pinyin / fuzzy（纠错结果）"})
    understood = ma.fields.Dict(metadata={
        "description": "从 q 中识别为筛选条件的词，如 {\"inclusive\": true, \"care_type\": [\"full_day\"]}"})


class FacilityDetailSchema(ma.Schema):
    """The full public notice (信息公示) of a facility."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    aliases = ma.fields.List(ma.fields.String())
    credit_code = ma.fields.String(allow_none=True)
    filing_no = ma.fields.String(allow_none=True)
    filed_on = ma.fields.Date(allow_none=True)
    registration_form = ma.fields.String(allow_none=True)
    operation_form = ma.fields.String(allow_none=True)
    district = District()
    district_code = DistrictCode()
    street = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    lat = ma.fields.Float(allow_none=True)
    lng = ma.fields.Float(allow_none=True)
    coord = ma.fields.Constant("gcj02")
    care_types = ma.fields.List(ma.fields.String())
    care_type_labels = ma.fields.Method("_care_labels")
    age_min_months = ma.fields.Integer(allow_none=True)
    age_max_months = ma.fields.Integer(allow_none=True)
    class_types = ma.fields.List(ma.fields.String())
    places = ma.fields.Integer(allow_none=True)
    open_places = ma.fields.Integer(allow_none=True)
    open_places_updated_at = LocalDateTime(allow_none=True)
    inclusive = ma.fields.Boolean()
    inclusive_places = ma.fields.Integer(allow_none=True)
    demonstration_level = ma.fields.String(allow_none=True)
    fee_min = ma.fields.Integer(allow_none=True)
    fee_max = ma.fields.Integer(allow_none=True)
    fee_items = ma.fields.List(ma.fields.Dict())
    meals = ma.fields.Boolean(allow_none=True)
    quality_grade = ma.fields.String(allow_none=True)
    quality_assessed_on = ma.fields.Date(allow_none=True)
    phone = ma.fields.String(allow_none=True, metadata={"description": "机构公示的联系电话"})
    status = ma.fields.String()
    source = ma.fields.String()
    source_note = ma.fields.String(allow_none=True)
    updated_at = LocalDateTime()

    def _care_labels(self, facility):
        return [records.CARE_TYPES.get(c, c) for c in facility.care_types or []]


class FeeItemSchema(ma.Schema):
    item = ma.fields.String(required=True, validate=validate.Length(min=1, max=32))
    amount = ma.fields.Integer(required=True, validate=validate.Range(min=0, max=100000))
    unit = ma.fields.String(load_default="月", validate=validate.OneOf(["月", "日", "小时", "次"]))


def _opt(field):
    field.allow_none = True
    return field


class FacilityWriteSchema(ma.Schema):
    """Admin create (name, district and a credit code or filing number needed) and edit."""

    name = ma.fields.String(validate=validate.Length(min=1, max=100))
    aliases = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=50)))
    credit_code = _opt(ma.fields.String(validate=validate.Length(equal=18)))
    filing_no = _opt(ma.fields.String(validate=validate.Length(min=1, max=64)))
    filed_on = _opt(ma.fields.Date())
    registration_form = _opt(ma.fields.String(
        validate=validate.OneOf(list(records.REGISTRATION_FORMS))))
    operation_form = _opt(ma.fields.String(validate=validate.OneOf(list(records.OPERATION_FORMS))))
    district = District()
    street = _opt(ma.fields.String(validate=validate.Length(max=64)))
    address = _opt(ma.fields.String(validate=validate.Length(max=200)))
    lat = _opt(ma.fields.Float())
    lng = _opt(ma.fields.Float())
    care_types = CareTypeList()
    age_min_months = _opt(ma.fields.Integer())
    age_max_months = _opt(ma.fields.Integer())
    places = _opt(ma.fields.Integer(validate=validate.Range(min=0, max=2000)))
    open_places = _opt(ma.fields.Integer(validate=validate.Range(min=0, max=2000)))
    inclusive = ma.fields.Boolean()
    inclusive_places = _opt(ma.fields.Integer(validate=validate.Range(min=0, max=2000)))
    demonstration_level = _opt(ma.fields.String(validate=validate.OneOf(_DEMO_CHOICES)))
    fee_min = _opt(ma.fields.Integer(validate=validate.Range(min=0, max=100000)))
    fee_max = _opt(ma.fields.Integer(validate=validate.Range(min=0, max=100000)))
    fee_items = ma.fields.List(ma.fields.Nested(FeeItemSchema))
    meals = _opt(ma.fields.Boolean())
    quality_grade = _opt(ma.fields.String(validate=validate.Length(max=16)))
    quality_assessed_on = _opt(ma.fields.Date())
    phone = _opt(ma.fields.String(validate=validate.Length(max=32)))
    status = ma.fields.String(validate=validate.OneOf(list(records.STATUSES)))
    source_note = _opt(ma.fields.String(validate=validate.Length(max=200)))

    @ma.pre_load
    def _normalise(self, data, **kwargs):
        if isinstance(data, dict):
            if isinstance(data.get("credit_code"), str):
                data = {**data, "credit_code": data["credit_code"].strip().upper()}
        return data


class FacilityCreateSchema(FacilityWriteSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    district = District(required=True)


class NursingRoomSearchArgsSchema(PageArgsSchema, _LocationArgs):
    q = ma.fields.String(validate=validate.Length(max=50),
                         metadata={"description": "名称、所在场所或地址的片段"})
    district = District(metadata={"description": "区县名称、简称或代码"})
    city = City(metadata={"description": "城市；默认为家长所在城市（未登录为本平台首个城市）"})
    venue_type = ma.fields.String(validate=validate.OneOf(list(records.VENUE_TYPES)))
    public_only = ma.fields.Boolean(metadata={"description": "true：只看对公众开放的"})
    changing_table = ma.fields.Boolean(metadata={"description": "true：有尿布台"})
    crib = ma.fields.Boolean(metadata={"description": "true：有婴儿床"})
    nursing_chair = ma.fields.Boolean(metadata={"description": "true：有哺乳椅"})
    sink = ma.fields.Boolean(metadata={"description": "true：有洗手台"})
    hot_water = ma.fields.Boolean(metadata={"description": "true：有热水"})
    lockable = ma.fields.Boolean(metadata={"description": "true：门可上锁"})


class NursingRoomSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = _opt(ma.fields.String(validate=validate.Length(min=1, max=64)))
    name = ma.fields.String(validate=validate.Length(min=1, max=100))
    venue_name = _opt(ma.fields.String(validate=validate.Length(max=100)))
    venue_type = _opt(ma.fields.String(validate=validate.OneOf(list(records.VENUE_TYPES))))
    floor_location = _opt(ma.fields.String(validate=validate.Length(max=100)))
    district = _opt(District())
    district_code = DistrictCode()
    address = _opt(ma.fields.String(validate=validate.Length(max=200)))
    lat = _opt(ma.fields.Float())
    lng = _opt(ma.fields.Float())
    coord = ma.fields.Constant("gcj02", dump_only=True)
    area_m2 = _opt(ma.fields.Float())
    changing_table = ma.fields.Boolean()
    crib = ma.fields.Boolean()
    nursing_chair = ma.fields.Boolean()
    sink = ma.fields.Boolean()
    hot_water = ma.fields.Boolean()
    lockable = ma.fields.Boolean()
    hours = _opt(ma.fields.String(validate=validate.Length(max=64)))
    is_public = ma.fields.Boolean()
    status = ma.fields.String(validate=validate.OneOf(list(records.ROOM_STATUSES)))
    source = ma.fields.String(dump_only=True)
    source_note = _opt(ma.fields.String(validate=validate.Length(max=200)))
    updated_at = LocalDateTime(dump_only=True)
    distance_m = ma.fields.Integer(dump_only=True, allow_none=True)

class NursingRoomCreateSchema(NursingRoomSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))


class NursingRoomPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NursingRoomSchema), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)

