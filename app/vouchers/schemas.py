"""What goes in and out over HTTP for vouchers."""
import marshmallow as ma
from marshmallow import validate

from app.common.fields import Id
from app.common.pagination import PageArgsSchema, QueryArgsSchema
from app.common.timeutil import LocalDateTime
from app.courses.models import DOMAINS, FORMATS
from app.places.schemas import District
from app.vouchers import codes
from app.vouchers.models import VOUCHER_STATUSES
from app.vouchers.redemption import can_undo_until
from app.vouchers.rules import coverage_text, effective_status, usability


class BatchCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    description = ma.fields.String(load_default=None, allow_none=True)
    issuer = ma.fields.String(required=True, validate=validate.Length(min=1, max=100),
                              metadata={"description": "发放单位，如 苏州市卫生健康委员会"})
    covers_course_ids = ma.fields.List(Id(), load_default=list)
    covers_formats = ma.fields.List(ma.fields.String(validate=validate.OneOf(FORMATS)),
                                    load_default=list)
    covers_domains = ma.fields.List(ma.fields.String(validate=validate.OneOf(DOMAINS)),
                                    load_default=list)
    min_age_months = ma.fields.Integer(load_default=None, allow_none=True,
                                       validate=validate.Range(min=0, max=72))
    max_age_months = ma.fields.Integer(load_default=None, allow_none=True,
                                       validate=validate.Range(min=0, max=72))
    includes_pregnancy = ma.fields.Boolean(load_default=False)
    districts = ma.fields.List(District(allow_city=True), load_default=list, metadata={
        "description": "可领取的区县或整个城市（名称、简称或代码）；空表示本平台服务的所有城市"})
    per_child = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=20))
    no_show_forfeits = ma.fields.Boolean(load_default=False, metadata={
        "description": "预约后缺席的服务券作废（默认退回家长）"})
    total = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=10_000_000))
    valid_from = LocalDateTime(required=True, metadata={
        "description": "只写日期（YYYY-MM-DD）表示当天 0 点（北京时间）"})
    valid_until = LocalDateTime(required=True, end_of_day=True, metadata={
        "description": "只写日期（YYYY-MM-DD）表示当天结束（北京时间 23:59:59）"})


class BatchUpdateSchema(BatchCreateSchema):
    """A draft batch's changes: any subset of the fields (used with partial=True)."""


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
    covers = ma.fields.Function(coverage_text)
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
    status = ma.fields.Function(effective_status, metadata={
        "description": "issued 可用 / reserved 已预约 / redeemed 已核销 / expired 已过期 / "
                       "revoked 已作废 / forfeited 缺席作废"})
    usability = ma.fields.Function(usability, metadata={
        "description": "能否使用、为什么、怎么办（给家长看的一句话）"})
    child_id = Id(allow_none=True)
    batch_id = Id()
    batch_name = ma.fields.Function(lambda v: v.batch.name)
    issuer = ma.fields.Function(lambda v: v.batch.issuer)
    covers = ma.fields.Function(lambda v: coverage_text(v.batch),
                                metadata={"description": "适用范围"})
    valid_from = LocalDateTime(attribute="batch.valid_from")
    valid_until = LocalDateTime(attribute="batch.valid_until")
    booking_id = Id(allow_none=True)
    issued_at = LocalDateTime()


class MyVouchersArgsSchema(QueryArgsSchema):
    status = ma.fields.String(validate=validate.OneOf(VOUCHER_STATUSES))


class VoucherQrSchema(ma.Schema):
    qr_token = ma.fields.String(required=True, metadata={"description": "短时有效的签名令牌，生成二维码"})
    expires_in = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)


class RedeemSchema(ma.Schema):
    session_id = Id(required=True)
    walk_in = ma.fields.Boolean(load_default=False, metadata={
        "description": "现场参加：孩子没有本场次预约时，先为其占一个空位再核销"})
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
    walk_in = ma.fields.Boolean(metadata={"description": "是否为现场登记后核销"})
    redeemed_at = LocalDateTime()
    batch_name = ma.fields.String()


class RedemptionListArgsSchema(PageArgsSchema):
    session_id = Id()
    date = ma.fields.Date(metadata={"description": "核销日期（北京时间）"})


class RedemptionItemSchema(RedemptionSchema):
    code = ma.fields.Function(lambda r: codes.masked(r.voucher.code),
                              metadata={"description": "脱敏券码"})
    batch_name = ma.fields.Function(lambda r: r.voucher.batch.name)
    reversed = ma.fields.Function(lambda r: r.reversal is not None)
    undo_until = ma.fields.Function(lambda r: can_undo_until(r).isoformat(), metadata={
        "description": "场地工作人员可撤销的截止时间"})


class ReverseSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=200), metadata={
                                  "description": "撤销原因；管理员超过15分钟撤销时必填"})
    undo_checkin = ma.fields.Boolean(load_default=False, metadata={
        "description": "签到也登记错了：一并撤销签到（默认只撤销核销，签到保留）"})


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
    forfeited = ma.fields.Integer(metadata={"description": "预约后缺席作废"})
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
    missing_id_number = ma.fields.Integer(metadata={
        "description": "未填写身份证号或出生医学证明编号、因此未发放的孩子数"})
    exhausted = ma.fields.Boolean()
    remaining = ma.fields.Integer()
