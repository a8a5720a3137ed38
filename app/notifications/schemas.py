"""What goes in and out over HTTP for notifications."""
import marshmallow as ma
from marshmallow import validate

from app.common.pagination import PageArgsSchema, QueryArgsSchema
from app.common.timeutil import LocalDateTime


class InboxArgsSchema(PageArgsSchema):
    unread = ma.fields.Boolean(load_default=False, metadata={"description": "只看未读"})


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "事件，如 booking_confirmed、reminder_24h"})
    title = ma.fields.String()
    body = ma.fields.String()
    created_at = LocalDateTime(attribute="not_before",
                               metadata={"description": "通知时间（提醒为其到期时间）"})
    read_at = LocalDateTime(allow_none=True)
    read = ma.fields.Function(lambda n: n.read_at is not None)


class InboxSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NotificationSchema), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    unread = ma.fields.Integer(required=True, metadata={"description": "未读总数"})


_TEMPLATE_KEY = ma.fields.String(validate=validate.Length(min=1, max=32))


class SubscriptionResultSchema(ma.Schema):
    accepted = ma.fields.List(_TEMPLATE_KEY, load_default=list,
                              metadata={"description": "wx.requestSubscribeMessage 返回 accept 的模板"})
    rejected = ma.fields.List(_TEMPLATE_KEY, load_default=list,
                              metadata={"description": "返回 reject / ban / filter 的模板"})


class SubscriptionSchema(ma.Schema):
    template = ma.fields.String()
    title = ma.fields.String()
    remaining = ma.fields.Integer(metadata={"description": "还可下发的条数（一次性订阅每次接受加一）"})
    last_choice = ma.fields.String(allow_none=True)


class NotificationStatsArgsSchema(QueryArgsSchema):
    days = ma.fields.Integer(load_default=14, validate=validate.Range(min=1, max=366))


class NotificationStatsRowSchema(ma.Schema):
    day = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.String()
    count = ma.fields.Integer()


class NotificationStatsSchema(ma.Schema):
    since = ma.fields.Date()
    days = ma.fields.List(ma.fields.Nested(NotificationStatsRowSchema))
    by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    by_kind = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class FailedNotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    template = ma.fields.String()
    user_id = ma.fields.Integer()
    attempts = ma.fields.Integer()
    last_error = ma.fields.String(allow_none=True)
    created_at = LocalDateTime()
