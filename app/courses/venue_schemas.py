"""What the staff scheduling API (/api/v1/venue/sessions) takes and gives."""
import marshmallow as ma
from marshmallow import validate

from app.common.pagination import PageArgsSchema
from app.courses.schemas import SessionCreateSchema, SessionSchema, SessionUpdateSchema

MAX_DAYS = 92


class VenueSessionListArgsSchema(PageArgsSchema):
    from_ = ma.fields.Date(data_key="from", metadata={"description": "第一天（含），默认今天"})
    days = ma.fields.Integer(load_default=8, validate=validate.Range(min=1, max=MAX_DAYS),
                             metadata={"description": "天数，默认 8（今天及之后 7 天）"})


class VenueSessionCreateSchema(SessionCreateSchema):
    """The venue is always the staff member's own."""

    class Meta:
        exclude = ("venue_id",)


class VenueSessionUpdateSchema(SessionUpdateSchema):
    class Meta:
        exclude = ("venue_id",)


class HomeVisitSchema(ma.Schema):
    booking_id = ma.fields.Integer()
    status = ma.fields.String(metadata={"description": "confirmed / waitlisted / attended"})
    child_nickname = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True, metadata={"description": "上门地址"})


class VenueSessionSchema(SessionSchema):
    booked = ma.fields.Integer(metadata={"description": "已约（含已签到）"})
    waiting = ma.fields.Integer(metadata={"description": "候补人数"})
    checked_in = ma.fields.Integer(metadata={"description": "已签到"})
    home_visits = ma.fields.List(ma.fields.Nested(HomeVisitSchema), allow_none=True, metadata={
        "description": "入户指导：每户的上门地址（仅本场地工作人员可见，上门结束后删除）；"
                       "其他课程为 null"})
