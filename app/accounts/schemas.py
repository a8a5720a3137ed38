"""What goes in and out over HTTP for accounts. Phones leave the server masked."""
import re

import marshmallow as ma
from marshmallow import validate

from app.common.fields import Id
from app.accounts import identity, service
from app.common.privacy import mask_phone
from app.common.timeutil import LocalDateTime

_PHONE = re.compile(r"^1[3-9]\d{9}$")


class MaskedPhone(ma.fields.String):
    def _serialize(self, value, attr, obj, **kwargs):
        return mask_phone(value)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    role = ma.fields.String(dump_only=True)
    nickname = ma.fields.String(allow_none=True)
    district = ma.fields.String(allow_none=True)
    phone = MaskedPhone(allow_none=True, metadata={"description": "脱敏显示，如 138****5678"})
    venue_id = Id(allow_none=True, dump_only=True)
    consent_at = LocalDateTime(allow_none=True, dump_only=True)


class LoginResponseSchema(ma.Schema):
    token = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True, metadata={"description": "秒"})
    user = ma.fields.Nested(UserSchema, required=True)


class WeChatLoginSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Length(min=1, max=128),
                            metadata={"description": "wx.login() 返回的 code"})


class DevLoginSchema(ma.Schema):
    openid = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    role = ma.fields.String(load_default="parent",
                            validate=validate.OneOf(["parent", "venue_staff", "admin"]))
    venue_id = Id(load_default=None, allow_none=True)


class StaffLoginSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=1, max=128))


class CreateStaffSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=validate.Length(min=3, max=64))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=8, max=128))
    role = ma.fields.String(load_default="venue_staff",
                            validate=validate.OneOf(["venue_staff", "admin"]))
    venue_id = Id(load_default=None, allow_none=True)
    nickname = ma.fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=32))


class StaffSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    role = ma.fields.String()
    venue_id = Id(allow_none=True)
    nickname = ma.fields.String(allow_none=True)


class ProfileUpdateSchema(ma.Schema):
    nickname = ma.fields.String(validate=validate.Length(min=1, max=32))
    district = ma.fields.String(allow_none=True, validate=validate.Length(max=32))
    phone = ma.fields.String(allow_none=True)
    consent = ma.fields.Boolean(metadata={
        "description": "监护人同意《儿童个人信息保护规则》；添加孩子前必须为 true"})

    @ma.validates("phone")
    def _phone(self, value, **kwargs):
        if value is not None and not _PHONE.match(value):
            raise ma.ValidationError("手机号应为 11 位数字，以 1 开头")


def _id_number(value: str) -> None:
    problem = identity.problem(value)
    if problem:
        raise ma.ValidationError(problem)


class ChildSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    nickname = ma.fields.String(required=True, validate=validate.Length(min=1, max=32))
    birth_date = ma.fields.Date(allow_none=True, load_default=None)
    due_date = ma.fields.Date(allow_none=True, load_default=None)
    id_number = ma.fields.String(load_only=True, validate=_id_number, metadata={
        "description": "居民身份证号（18位）或出生医学证明编号；领取服务券时需要。只保存加密摘要和脱敏号码"})
    id_number_masked = ma.fields.String(dump_only=True, attribute="id_masked", allow_none=True,
                                        metadata={"description": "脱敏显示，如 3205**********1234"})
    expected = ma.fields.Boolean(dump_only=True, attribute="is_expected",
                                 metadata={"description": "true 表示尚未出生（按预产期）"})
    age_months = ma.fields.Method("_age_months", dump_only=True, allow_none=True)
    pregnancy_weeks = ma.fields.Method("_pregnancy_weeks", dump_only=True, allow_none=True)

    def _age_months(self, child):
        return service.age_in_months(child)

    def _pregnancy_weeks(self, child):
        return service.pregnancy_weeks(child)


class ChildUpdateSchema(ma.Schema):
    nickname = ma.fields.String(validate=validate.Length(min=1, max=32))
    birth_date = ma.fields.Date(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    id_number = ma.fields.String(load_only=True, validate=_id_number)


class ChildDeletedSchema(ma.Schema):
    """What deleting a child gave back: live bookings cancelled (the waiting list moved up) and
    live vouchers revoked; past bookings stay in the history without the child's details."""

    released_bookings = ma.fields.List(ma.fields.Integer(), load_default=list)
    revoked_vouchers = ma.fields.List(ma.fields.Integer(), load_default=list)


class PersonalDataSchema(ma.Schema):
    """Everything held about the person, by domain (each domain adds its own part)."""

    exported_at = ma.fields.String(required=True)
    accounts = ma.fields.Dict(required=True)
    courses = ma.fields.List(ma.fields.Dict())
    vouchers = ma.fields.List(ma.fields.Dict())
    notifications = ma.fields.Dict()
