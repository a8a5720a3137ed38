"""What goes in and out over HTTP for the catalogue, bookings, check-in and the admin."""
import marshmallow as ma
from marshmallow import validate

from app.common.fields import Id
from app.common.geo import in_china
from app.common.pagination import PageArgsSchema
from app.common.timeutil import LocalDateTime, utcnow
from app.courses.lookup import waitlist_position
from app.courses.models import (DOMAINS, FORMATS, MAX_AGE_MONTHS, PREPREGNANCY, VENUE_KINDS)
from app.courses.stage import range_label
from app.places.schemas import City, District, DistrictCode

_AGE = validate.Range(min=PREPREGNANCY, max=MAX_AGE_MONTHS)


def booking_state(session, now=None) -> str:
    """What the booking button should say: not_open / open / full (waiting list) / closed /
    cancelled / finished."""
    now = now or utcnow()
    if session.status != "scheduled":
        return session.status
    if session.starts_at <= now or now >= session.booking_closes_at:
        return "closed"
    if now < session.booking_opens_at:
        return "not_open"
    return "open" if session.seats_left > 0 else "full"


# --- venues -----------------------------------------------------------------------------------

class VenueSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    kind = ma.fields.String(required=True, validate=validate.OneOf(VENUE_KINDS))
    district = District(required=True, allow_city=True, metadata={
        "description": "区县名称、简称或代码；面向全市的（如线上课堂）可填城市"})
    district_code = DistrictCode()
    street = ma.fields.String(allow_none=True, validate=validate.Length(max=64))
    address = ma.fields.String(allow_none=True, validate=validate.Length(max=200))
    lat = ma.fields.Float(allow_none=True, metadata={"description": "GCJ-02 纬度"})
    lng = ma.fields.Float(allow_none=True, metadata={"description": "GCJ-02 经度"})
    contact = ma.fields.String(allow_none=True, validate=validate.Length(max=64))
    accessibility = ma.fields.String(allow_none=True, validate=validate.Length(max=2000),
                                     metadata={"description": "无障碍、母婴室、停车等说明"})
    is_active = ma.fields.Boolean(dump_only=True)

    @ma.validates_schema
    def _coordinates(self, data, **kwargs):
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None):
            raise ma.ValidationError("经纬度需同时填写", "lat")
        if lat is not None and not in_china(lat, lng):
            raise ma.ValidationError("坐标不在中国境内，请检查经纬度是否写反（GCJ-02）", "lat")


class VenueUpdateSchema(VenueSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=100))
    kind = ma.fields.String(validate=validate.OneOf(VENUE_KINDS))
    district = District(allow_city=True)


class VenueBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    kind = ma.fields.String()
    district = District()
    district_code = DistrictCode()
    address = ma.fields.String(allow_none=True)
    lat = ma.fields.Float(allow_none=True)
    lng = ma.fields.Float(allow_none=True)


class VenueDoorSchema(VenueBriefSchema):
    """What a parent needs to find the venue and reach it."""
    street = ma.fields.String(allow_none=True)
    contact = ma.fields.String(allow_none=True, metadata={"description": "场地公开的联系电话"})
    accessibility = ma.fields.String(allow_none=True)


class VenueListArgsSchema(PageArgsSchema):
    district = District(metadata={"description": "区县名称、简称或代码"})
    city = City(metadata={"description": "城市；默认为家长所在城市"})
    kind = ma.fields.String(validate=validate.OneOf(VENUE_KINDS))


class CancelSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=200),
                              metadata={"description": "告知家长的取消原因"})


# --- courses ----------------------------------------------------------------------------------

class CourseSchema(ma.Schema):
    """A course as the admin writes it and the catalogue shows it."""
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    summary = ma.fields.String(required=True, validate=validate.Length(min=1, max=300))
    body = ma.fields.String(allow_none=True, load_default=None)
    domain = ma.fields.String(required=True, validate=validate.OneOf(DOMAINS),
                              metadata={"description": "发展领域"})
    format = ma.fields.String(required=True, validate=validate.OneOf(FORMATS),
                              metadata={"description": "形式"})
    age_min_months = ma.fields.Integer(required=True, validate=_AGE, metadata={
        "description": "适合阶段下限：-12 备孕，-10..-1 孕期（距预产期月数），0.. 月龄"})
    age_max_months = ma.fields.Integer(required=True, validate=_AGE)
    stage = ma.fields.Method("_stage", dump_only=True, metadata={"description": "如 0–36月龄"})
    duration_minutes = ma.fields.Integer(required=True, validate=validate.Range(min=10, max=600))
    provider = ma.fields.String(allow_none=True, load_default=None,
                                validate=validate.Length(max=100))
    speaker = ma.fields.String(allow_none=True, load_default=None,
                               validate=validate.Length(max=100))
    accepts_vouchers = ma.fields.Boolean(load_default=False)
    tags = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=20)),
                          load_default=list, validate=validate.Length(max=10))
    city = City(allow_none=True, metadata={
        "description": "开设城市（本地机构的课程）；不填为本平台服务的所有城市。市级管理员创建的课程默认为本市"})
    status = ma.fields.String(dump_only=True)

    def _stage(self, course):
        return range_label(course.age_min_months, course.age_max_months)

    @ma.validates_schema
    def _range(self, data, **kwargs):
        lo, hi = data.get("age_min_months"), data.get("age_max_months")
        if lo is not None and hi is not None and lo > hi:
            raise ma.ValidationError("最小月龄不能大于最大月龄", "age_min_months")


class CourseUpdateSchema(CourseSchema):
    title = ma.fields.String(validate=validate.Length(min=1, max=100))
    summary = ma.fields.String(validate=validate.Length(min=1, max=300))
    body = ma.fields.String(allow_none=True)
    domain = ma.fields.String(validate=validate.OneOf(DOMAINS))
    format = ma.fields.String(validate=validate.OneOf(FORMATS))
    age_min_months = ma.fields.Integer(validate=_AGE)
    age_max_months = ma.fields.Integer(validate=_AGE)
    duration_minutes = ma.fields.Integer(validate=validate.Range(min=10, max=600))
    provider = ma.fields.String(allow_none=True, validate=validate.Length(max=100))
    speaker = ma.fields.String(allow_none=True, validate=validate.Length(max=100))
    accepts_vouchers = ma.fields.Boolean()
    tags = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=20)),
                          validate=validate.Length(max=10))


class CourseItemSchema(CourseSchema):
    next_session_at = LocalDateTime(allow_none=True, dump_only=True)
    upcoming_sessions = ma.fields.Integer(dump_only=True)

    class Meta:
        exclude = ("body",)


class CourseListArgsSchema(PageArgsSchema):
    q = ma.fields.String(validate=validate.Length(min=1, max=50),
                         metadata={"description": "关键词（中文分词匹配标题和简介）"})
    domain = ma.fields.String(validate=validate.OneOf(DOMAINS))
    format = ma.fields.String(validate=validate.OneOf(FORMATS))
    age_months = ma.fields.Integer(validate=_AGE, metadata={
        "description": "适合该月龄（-12 备孕，-10..-1 孕期）"})
    child_id = Id(metadata={
        "description": "只看适合该孩子的课程：按每个场次当天孩子的月龄判断（需家长登录）"})
    district = District(metadata={"description": "在该区县有即将开始的场次（名称、简称或代码）"})
    city = City(metadata={"description": "场次所在城市；默认为家长所在城市"})
    has_upcoming = ma.fields.Boolean(metadata={"description": "是否有即将开始的场次"})


# --- sessions ---------------------------------------------------------------------------------

class CourseBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    domain = ma.fields.String()
    format = ma.fields.String()
    stage = ma.fields.Function(lambda c: range_label(c.age_min_months, c.age_max_months))
    accepts_vouchers = ma.fields.Boolean()


class SessionSchema(ma.Schema):
    id = ma.fields.Integer()
    course = ma.fields.Nested(CourseBriefSchema)
    venue = ma.fields.Nested(VenueBriefSchema)
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    capacity = ma.fields.Integer()
    seats_left = ma.fields.Integer()
    booking_opens_at = LocalDateTime()
    booking_closes_at = LocalDateTime()
    status = ma.fields.String(metadata={"description": "scheduled / cancelled / finished"})
    cancel_reason = ma.fields.String(allow_none=True)
    booking_state = ma.fields.Function(booking_state, metadata={
        "description": "not_open 未开放 / open 可预约 / full 已满可候补 / closed 已截止 / "
                       "cancelled / finished"})
    distance_m = ma.fields.Method("_distance", allow_none=True,
                                  metadata={"description": "传入 lat、lng 时的距离（米）"})

    def _distance(self, session):
        distance = getattr(session, "distance_m", None)
        return round(distance) if distance is not None else None


class AdminSessionSchema(SessionSchema):
    online_url = ma.fields.String(allow_none=True)


class CourseSessionSchema(SessionSchema):
    class Meta:
        exclude = ("course",)


class CourseDetailSchema(CourseSchema):
    sessions = ma.fields.List(ma.fields.Nested(CourseSessionSchema),
                              attribute="upcoming", metadata={"description": "即将开始的场次"})


class SessionListArgsSchema(PageArgsSchema):
    from_ = ma.fields.Date(data_key="from", metadata={"description": "开始日期（含），默认今天"})
    to = ma.fields.Date(metadata={"description": "结束日期（含）"})
    district = District(metadata={"description": "区县名称、简称或代码"})
    city = City(metadata={"description": "城市；默认为家长所在城市"})
    course_id = Id()
    venue_id = Id()
    available = ma.fields.Boolean(metadata={"description": "true 只看还有空位的场次"})
    bookable = ma.fields.Boolean(metadata={
        "description": "true 只看现在就能预约的场次（预约已开放、未截止、还有空位）"})
    age_months = ma.fields.Integer(validate=_AGE, metadata={
        "description": "适合该月龄（-12 备孕，-10..-1 孕期）"})
    child_id = Id(metadata={
        "description": "只看适合该孩子的场次：按场次当天孩子的月龄判断（需家长登录）"})
    lat = ma.fields.Float(validate=validate.Range(min=-90, max=90),
                          metadata={"description": "GCJ-02（wx.getLocation type=gcj02）"})
    lng = ma.fields.Float(validate=validate.Range(min=-180, max=180))
    radius_km = ma.fields.Float(validate=validate.Range(min=0.1, max=50),
                                metadata={"description": "半径（公里，≤ 50），需同时给出 lat/lng"})

    @ma.validates_schema
    def _pair(self, data, **kwargs):
        if ("lat" in data) != ("lng" in data):
            raise ma.ValidationError("lat 和 lng 需同时提供", "lat")
        if "radius_km" in data and "lat" not in data:
            raise ma.ValidationError("按半径查找需要同时提供 lat 和 lng", "radius_km")
        if "from_" in data and "to" in data and data["to"] < data["from_"]:
            raise ma.ValidationError("结束日期不能早于开始日期", "to")


class SessionCreateSchema(ma.Schema):
    course_id = Id(required=True)
    venue_id = Id(required=True)
    starts_at = LocalDateTime(required=True, metadata={"description": "无时区时按北京时间"})
    ends_at = LocalDateTime(metadata={"description": "默认开始时间加课程时长"})
    capacity = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=1000))
    booking_opens_at = LocalDateTime(metadata={"description": "默认开课前 7 天"})
    booking_closes_at = LocalDateTime(metadata={"description": "默认开课前 2 小时"})
    online_url = ma.fields.Url(allow_none=True, schemes={"https"}, validate=validate.Length(
        max=500), error_messages={"invalid": "应为以 https:// 开头的完整网址"}, metadata={
        "description": "线上课程的入会链接；只在预约成功的家长「我的预约」中显示"})


class SessionUpdateSchema(ma.Schema):
    venue_id = Id()
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    capacity = ma.fields.Integer(validate=validate.Range(min=1, max=1000))
    booking_opens_at = LocalDateTime()
    booking_closes_at = LocalDateTime()
    online_url = ma.fields.Url(allow_none=True, schemes={"https"}, validate=validate.Length(
        max=500), error_messages={"invalid": "应为以 https:// 开头的完整网址"}, metadata={
        "description": "线上课程的入会链接；只在预约成功的家长「我的预约」中显示"})


# --- bookings ---------------------------------------------------------------------------------

class _VisitAddress(ma.fields.String):
    """Spaces around and inside collapse; an empty address is no address."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = " ".join(super()._deserialize(value, attr, data, **kwargs).split())
        if text and not 5 <= len(text) <= 200:
            raise ma.ValidationError("上门地址应为 5–200 个字，请写到门牌号")
        return text or None


class BookingCreateSchema(ma.Schema):
    child_id = Id(load_default=None, allow_none=True, metadata={
        "description": "参加的孩子；孕期、备孕课程可不填"})
    voucher_id = Id(load_default=None, allow_none=True, metadata={
        "description": "使用的服务券（须属于该孩子、适用于该课程）；预约后为 reserved，取消后退回"})
    address = _VisitAddress(load_default=None, allow_none=True, metadata={
        "description": "入户指导必填：工作人员上门的家庭住址（仅该场地工作人员可见，上门结束后删除）；"
                       "其他课程不能填写"})


class BookingSchema(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.String(metadata={
        "description": "confirmed 预约成功 / waitlisted 候补中 / cancelled / attended 已签到 / "
                       "no_show 未到"})
    waitlist_position = ma.fields.Method("_position", allow_none=True, metadata={
        "type": "integer", "description": "候补第几位（1 表示下一个递补）"})
    session_id = Id()
    child_id = Id(allow_none=True)
    created_at = LocalDateTime()
    confirmed_at = LocalDateTime(allow_none=True)
    offer_expires_at = LocalDateTime(allow_none=True, metadata={
        "description": "候补递补名额待确认时的截止时间（POST /bookings/{id}/accept-offer 确认）"})
    cancelled_at = LocalDateTime(allow_none=True)
    cancel_reason = ma.fields.String(allow_none=True)
    checked_in_at = LocalDateTime(allow_none=True)

    def _position(self, booking):
        return waitlist_position(booking)


class BookingVoucherSchema(ma.Schema):
    id = ma.fields.Integer()
    batch_name = ma.fields.Function(lambda v: v.batch.name)
    status = ma.fields.String(metadata={"description": "reserved 已预约占用 / redeemed 已核销"})


class MyBookingSchema(BookingSchema):
    """A booking with what the parent needs at the door (the catalogue attaches the extras)."""
    session = ma.fields.Nested(SessionSchema)
    course_title = ma.fields.Function(lambda b: b.session.course.title)
    venue = ma.fields.Function(lambda b: VenueDoorSchema().dump(b.session.venue),
                               metadata={"description": "名称、地址、联系电话、坐标"})
    starts_at = LocalDateTime(attribute="session.starts_at")
    ends_at = LocalDateTime(attribute="session.ends_at")
    child_nickname = ma.fields.String(allow_none=True)
    voucher = ma.fields.Nested(BookingVoucherSchema, allow_none=True,
                               metadata={"description": "本次预约使用的服务券"})
    cancel_until = LocalDateTime(allow_none=True, metadata={
        "description": "可在线取消的最后时刻（开课时间）；不能再取消时为空"})
    checkin_qr = ma.fields.Nested("BookingQrSchema", allow_none=True, metadata={
        "description": "预约成功的签到二维码内容（短时有效，过期请调用 /bookings/{id}/qr）"})
    online_url = ma.fields.String(allow_none=True, metadata={
        "description": "线上课程的入会链接（仅预约成功时提供）"})


class MyBookingsArgsSchema(PageArgsSchema):
    when = ma.fields.String(load_default="upcoming", validate=validate.OneOf(
        ["upcoming", "past"]), metadata={
        "description": "upcoming 未开始的有效预约（按时间先后）；past 已开始、已结束或已取消的"})


class BookingQrSchema(ma.Schema):
    token = ma.fields.String(required=True, metadata={"description": "生成二维码的内容"})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "秒"})


# --- check-in and roster ----------------------------------------------------------------------

class CheckinSchema(ma.Schema):
    booking_id = Id(metadata={"description": "预约号（手工输入）"})
    qr_token = ma.fields.String(validate=validate.Length(min=10, max=1000),
                                metadata={"description": "扫描家长签到二维码得到的内容"})

    @ma.validates_schema
    def _one_of(self, data, **kwargs):
        if ("booking_id" in data) == ("qr_token" in data):
            raise ma.ValidationError("请提供 booking_id 或 qr_token 其中一项", "booking_id")


class CheckinResultSchema(ma.Schema):
    booking = ma.fields.Nested(BookingSchema)
    already_checked_in = ma.fields.Boolean(metadata={"description": "true 表示此前已签到"})
    message = ma.fields.String()


class RosterEntrySchema(ma.Schema):
    booking_id = Id()
    status = ma.fields.String()
    waitlist_position = ma.fields.Integer(allow_none=True)
    parent_nickname = ma.fields.String(allow_none=True, metadata={"description": "仅昵称"})
    child_nickname = ma.fields.String(allow_none=True)
    child_stage = ma.fields.String()
    checked_in_at = LocalDateTime(allow_none=True)


class RosterArgsSchema(PageArgsSchema):
    per_page = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=50))
