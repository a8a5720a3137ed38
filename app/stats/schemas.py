"""Query and response shapes of the statistics overview and the audit log."""
import marshmallow as ma
from marshmallow import validate

from app.common.audit import ACTIONS, OBJECT_TYPES
from app.common.fields import Id
from app.common.pagination import PageArgsSchema, QueryArgsSchema
from app.common.timeutil import LocalDateTime
from app.stats.service import SECTIONS

_F = ma.fields


class OverviewArgsSchema(QueryArgsSchema):
    from_ = _F.Date(data_key="from", metadata={"description": "开始日期（含），默认结束日期前29天"})
    to = _F.Date(metadata={"description": "结束日期（含），默认今天（北京时间）"})
    district = _F.String(validate=validate.Length(max=32),
                         metadata={"description": "区县名称，如 吴中区；不填为全市"})
    format = _F.String(load_default="json", validate=validate.OneOf(["json", "csv"]))
    section = _F.String(validate=validate.OneOf(SECTIONS),
                        metadata={"description": "format=csv 时必填：" + "、".join(SECTIONS)})

    @ma.post_load
    def _rename(self, data, **kwargs):
        if "from_" in data:
            data["from"] = data.pop("from_")
        return data

    @ma.validates_schema
    def _csv_needs_section(self, data, **kwargs):
        if data.get("format") == "csv" and not data.get("section"):
            raise ma.ValidationError(f"下载 CSV 时请指定 section（{'、'.join(SECTIONS)}）",
                                     "section")


class ClassesSchema(ma.Schema):
    sessions_held = _F.Integer()
    seats_offered = _F.Integer()
    seats_booked = _F.Integer()
    attended = _F.Integer()
    no_show = _F.Integer()
    attendance_rate = _F.Float()
    no_show_rate = _F.Float()
    unmet_demand = _F.Integer()


class _VoucherCounts(ma.Schema):
    claimed = _F.Integer()
    issued = _F.Integer(metadata={"description": "已领取、尚未使用"})
    reserved = _F.Integer()
    redeemed = _F.Integer()
    expired = _F.Integer()
    revoked = _F.Integer()
    forfeited = _F.Integer()
    redemption_rate = _F.Float()


class VoucherDistrictSchema(_VoucherCounts):
    district = _F.String()


class VoucherVenueSchema(ma.Schema):
    venue_id = _F.Integer()
    venue = _F.String()
    district = _F.String()
    redeemed = _F.Integer()


class VouchersSchema(_VoucherCounts):
    quota = _F.Integer(metadata={"description": "区间内发放中批次的总额度"})
    by_district = _F.List(_F.Nested(VoucherDistrictSchema))
    by_venue = _F.List(_F.Nested(VoucherVenueSchema))


class SupplyDistrictSchema(ma.Schema):
    district = _F.String()
    facilities = _F.Integer()
    places = _F.Integer()
    inclusive_places = _F.Integer()
    inclusive_share = _F.Float()
    demonstration_facilities = _F.Integer()
    population = _F.Integer(allow_none=True)
    population_year = _F.Integer(allow_none=True)
    population_source = _F.String(allow_none=True)
    population_synthetic = _F.Boolean()
    places_per_1000 = _F.Float(allow_none=True)
    meets_target = _F.Boolean(allow_none=True)


class SupplySchema(ma.Schema):
    facilities = _F.Integer()
    places = _F.Integer()
    inclusive_places = _F.Integer()
    inclusive_share = _F.Float()
    demonstration_facilities = _F.Integer()
    population = _F.Integer(allow_none=True)
    places_per_1000 = _F.Float(allow_none=True)
    target_per_1000 = _F.Float()
    target_source = _F.String()
    population_synthetic = _F.Boolean()
    by_district = _F.List(_F.Nested(SupplyDistrictSchema))


class BotDaySchema(ma.Schema):
    day = _F.String()
    questions = _F.Integer()
    answered = _F.Integer()
    clarified = _F.Integer()
    declined = _F.Integer()


class UnansweredSchema(ma.Schema):
    question = _F.String()
    count = _F.Integer()


class BotSchema(ma.Schema):
    questions = _F.Integer()
    answered = _F.Integer()
    clarified = _F.Integer()
    declined = _F.Integer()
    other = _F.Integer(metadata={"description": "闲聊、紧急情况提示等"})
    answered_rate = _F.Float()
    district_applies = _F.Boolean()
    per_day = _F.List(_F.Nested(BotDaySchema))
    top_unanswered = _F.List(_F.Nested(UnansweredSchema))


class NoticeDaySchema(ma.Schema):
    day = _F.String()
    total = _F.Integer()
    sent = _F.Integer()
    refused = _F.Integer()
    failed = _F.Integer()
    other = _F.Integer()


class NoticeStatusSchema(ma.Schema):
    status = _F.String()
    count = _F.Integer()


class NotificationsSchema(ma.Schema):
    total = _F.Integer()
    sent = _F.Integer(metadata={"description": "微信已接收"})
    refused = _F.Integer(metadata={"description": "用户拒收或无可用订阅（refused、no_subscription）"})
    failed = _F.Integer(metadata={"description": "失败或过期未发（failed、expired）"})
    other = _F.Integer(metadata={"description": "待发送、发送中、仅站内信、已撤回"})
    sent_rate = _F.Float()
    by_status = _F.List(_F.Nested(NoticeStatusSchema))
    per_day = _F.List(_F.Nested(NoticeDaySchema))


class OverviewSchema(ma.Schema):
    from_ = _F.Date(data_key="from", attribute="from")
    to = _F.Date()
    district = _F.String(allow_none=True)
    generated_at = LocalDateTime()
    classes = _F.Nested(ClassesSchema)
    vouchers = _F.Nested(VouchersSchema)
    supply = _F.Nested(SupplySchema)
    bot = _F.Nested(BotSchema)
    notifications = _F.Nested(NotificationsSchema)
    definitions = _F.Dict(keys=_F.String(), values=_F.String())


class AuditArgsSchema(PageArgsSchema):
    actor_id = Id()
    action = _F.String(validate=validate.OneOf(ACTIONS))
    object_type = _F.String(validate=validate.OneOf(OBJECT_TYPES))
    object_id = _F.String(validate=validate.Length(min=1, max=80))
    since = LocalDateTime(metadata={"description": "起始时间（含），如 2026-12-01"})
    until = LocalDateTime(end_of_day=True, metadata={"description": "截止时间，日期表示当天结束"})
    format = _F.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @ma.validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ma.ValidationError("起始时间不能晚于截止时间", "since")


class AuditEntrySchema(ma.Schema):
    id = _F.Integer()
    at = LocalDateTime()
    actor_id = _F.Integer()
    action = _F.String()
    object_type = _F.String()
    object_id = _F.String()
    before = _F.Dict(allow_none=True)
    after = _F.Dict(allow_none=True)
    request_id = _F.String(allow_none=True)
