"""What goes in and out over HTTP for vouchers."""
import marshmallow as ma
from marshmallow import validate

from app.common.fields import Id
from app.common.pagination import QueryArgsSchema
from app.common.timeutil import LocalDateTime
from app.vouchers import codes, service


class BatchCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    description = ma.fields.String(load_default=None, allow_none=True)
    issuer = ma.fields.String(required=True, validate=validate.Length(min=1, max=100),
                              metadata={"description": "发放单位，如 苏州市卫生健康委员会"})
    covers_course_ids = ma.fields.List(Id(), load_default=list)
    covers_formats = ma.fields.List(ma.fields.String(validate=validate.OneOf(
        ["专题讲座", "父母培训", "亲子游戏", "入户指导", "家长课堂", "孕妇学校", "线上课程"])),
        load_default=list)
    covers_domains = ma.fields.List(ma.fields.String(validate=validate.OneOf(
        ["身体发育", "动作", "语言", "认知", "情感与社会性", "营养喂养", "健康保健", "安全防护",
         "孕期保健", "家庭养育"])), load_default=list)
    min_age_months = ma.fields.Integer(load_default=None, allow_none=True,
                                       validate=validate.Range(min=0, max=72))
    max_age_months = ma.fields.Integer(load_default=None, allow_none=True,
                                       validate=validate.Range(min=0, max=72))
    includes_pregnancy = ma.fields.Boolean(load_default=False)
    districts = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=32)),
                               load_default=list)
    per_child = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=20))
    total = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=10_000_000))
    valid_from = LocalDateTime(required=True)
    valid_until = LocalDateTime(required=True)


class BatchSchema(BatchCreateSchema):
    id = ma.fields.Integer(dump_only=True)
    status = ma.fields.String(dump_only=True)
    issued_count = ma.fields.Integer(dump_only=True)
    created_at = LocalDateTime(dump_only=True)


class ChildStandingSchema(ma.Schema):
    child_id = Id()
    nickname = ma.fields.String()
    eligible = ma.fields.Boolean()
    claimed = ma.fields.Boolean()
    reason = ma.fields.String(allow_none=True, metadata={"description": "不符合条件的原因"})


class BatchSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    issuer = ma.fields.String()
    covers = ma.fields.Function(lambda b: service.coverage_text(b))
    per_child = ma.fields.Integer()
    valid_from = LocalDateTime()
    valid_until = LocalDateTime()


class OfferSchema(ma.Schema):
    batch = ma.fields.Nested(BatchSummarySchema)
    remaining = ma.fields.Integer()
    children = ma.fields.List(ma.fields.Nested(ChildStandingSchema))


class ClaimSchema(ma.Schema):
    child_id = Id(required=True)


class VoucherSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.Function(lambda v: codes.display(v.code),
                              metadata={"description": "可手工输入的券码"})
    status = ma.fields.Function(lambda v: service.effective_status(v),
                                metadata={"description": "issued/reserved/redeemed/expired/revoked"})
    child_id = Id(allow_none=True)
    batch_id = Id()
    batch_name = ma.fields.Function(lambda v: v.batch.name)
    issuer = ma.fields.Function(lambda v: v.batch.issuer)
    covers = ma.fields.Function(lambda v: service.coverage_text(v.batch),
                                metadata={"description": "适用范围"})
    valid_from = ma.fields.Function(lambda v: LocalDateTime()._serialize(v.batch.valid_from, None, v))
    valid_until = ma.fields.Function(lambda v: LocalDateTime()._serialize(v.batch.valid_until, None, v))
    booking_id = Id(allow_none=True)
    issued_at = LocalDateTime()


class MyVouchersArgsSchema(QueryArgsSchema):
    status = ma.fields.String(validate=validate.OneOf(
        ["issued", "reserved", "redeemed", "expired", "revoked"]))


class VoucherQrSchema(ma.Schema):
    qr_token = ma.fields.String(required=True, metadata={"description": "短时有效的签名令牌，生成二维码"})
    expires_in = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)


class RedeemSchema(ma.Schema):
    session_id = Id(required=True)
    code = ma.fields.String(load_default=None, validate=validate.Length(min=1, max=40))
    qr_token = ma.fields.String(load_default=None, validate=validate.Length(min=1, max=1000))

    @ma.validates_schema
    def _one_of(self, data, **kwargs):
        if bool(data.get("code")) == bool(data.get("qr_token")):
            raise ma.ValidationError("请提供券码 code 或二维码 qr_token 其中之一", "code")


class RedemptionSchema(ma.Schema):
    id = ma.fields.Integer()
    voucher_id = Id()
    venue_id = Id()
    session_id = Id()
    booking_id = Id(allow_none=True)
    booking_attended = ma.fields.Boolean(attribute="marked_attended")
    redeemed_at = LocalDateTime()
    batch_name = ma.fields.String()


class ReverseSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=200))


class ReversalSchema(ma.Schema):
    id = ma.fields.Integer()
    redemption_id = Id()
    reversed_at = LocalDateTime()
    voucher_status = ma.fields.Function(lambda r: r.redemption.voucher.status)


class StatsArgsSchema(QueryArgsSchema):
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class StatusCountsSchema(ma.Schema):
    """How many vouchers are in each state, and the share redeemed."""

    issued = ma.fields.Integer(metadata={"description": "已发放未使用"})
    reserved = ma.fields.Integer(metadata={"description": "已预约"})
    redeemed = ma.fields.Integer(metadata={"description": "已核销"})
    expired = ma.fields.Integer(metadata={"description": "已过期"})
    revoked = ma.fields.Integer(metadata={"description": "已作废"})
    redemption_rate = ma.fields.Float(metadata={"description": "核销数 / 发放总数"})


class DistrictStatsSchema(StatusCountsSchema):
    district = ma.fields.String()


class VenueStatsSchema(ma.Schema):
    venue_id = Id()
    venue = ma.fields.String()
    district = ma.fields.String()
    redeemed = ma.fields.Integer()


class StatsSchema(StatusCountsSchema):
    batch_id = Id()
    name = ma.fields.String()
    total = ma.fields.Integer(metadata={"description": "批次可发放总量"})
    issued_total = ma.fields.Integer(metadata={"description": "已发放的服务券总数（各状态之和）"})
    by_district = ma.fields.List(ma.fields.Nested(DistrictStatsSchema))
    by_venue = ma.fields.List(ma.fields.Nested(VenueStatsSchema))


class IssueResultSchema(ma.Schema):
    children_issued = ma.fields.Integer()
    vouchers_issued = ma.fields.Integer()
    not_eligible = ma.fields.Integer()
    exhausted = ma.fields.Boolean()
    remaining = ma.fields.Integer()
