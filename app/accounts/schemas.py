"""What goes in and out over HTTP for accounts. Phones leave the server masked."""
import re

import marshmallow as ma
from marshmallow import validate

from app.common.fields import Id
from app.common.pagination import PageArgsSchema
from app.accounts import identity, service
from app.accounts.staff import STAFF_ROLES
from app.common.privacy import mask_phone
from app.common.timeutil import LocalDateTime
from app.places.schemas import City, District, DistrictCode

_PHONE = re.compile(r"^1[3-9]\d{9}$")


class MaskedPhone(ma.fields.String):
    def _serialize(self, value, attr, obj, **kwargs):
        return mask_phone(value)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    role = ma.fields.String(dump_only=True)
    nickname = ma.fields.String(allow_none=True)
    district = District(allow_none=True, metadata={"description": "区县名称"})
    district_code = DistrictCode()
    city = City(allow_none=True, metadata={"description": "所在城市名称"})
    city_code = DistrictCode(attribute="city")
    scope = District(dump_only=True, allow_none=True, metadata={
        "description": "管理员的管辖范围（市或区县）；空表示本平台全部城市"})
    scope_code = DistrictCode(attribute="scope")
    phone = MaskedPhone(allow_none=True, metadata={"description": "脱敏显示，如 138****5678"})
    venue_id = Id(allow_none=True, dump_only=True)
    consent_at = LocalDateTime(allow_none=True, dump_only=True)
    health_consent_at = LocalDateTime(allow_none=True, dump_only=True)


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
    district = District(load_default=None, allow_none=True, allow_city=True, metadata={
        "description": "role=admin 时的管辖区县（区级管理员）或城市（市级管理员）"})


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
    district = District(load_default=None, allow_none=True, allow_city=True, metadata={
        "description": "role=admin：管辖区县（区级管理员）或城市；默认与创建者相同"})


class StaffSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    role = ma.fields.String()
    venue_id = Id(allow_none=True)
    nickname = ma.fields.String(allow_none=True)
    scope = District(allow_none=True)
    scope_code = DistrictCode(attribute="scope")


class StaffListArgsSchema(PageArgsSchema):
    role = ma.fields.String(validate=validate.OneOf(STAFF_ROLES),
                            metadata={"description": "venue_staff 场地工作人员 / admin 管理员"})
    status = ma.fields.String(validate=validate.OneOf(("active", "inactive")),
                              metadata={"description": "active 启用 / inactive 已停用"})
    q = ma.fields.String(validate=validate.Length(min=1, max=50),
                         metadata={"description": "用户名、姓名或场地名称中的文字"})
    district = District(allow_city=True, metadata={"description": "区县或城市：名称、简称或代码"})


class StaffListItemSchema(StaffSchema):
    """A staff account as the list shows it (the row of staff.staff_listing)."""
    username = ma.fields.String(allow_none=True, metadata={
        "description": "登录用户名（开发用登录创建的账号没有）"})
    is_active = ma.fields.Boolean()
    venue_name = ma.fields.String(allow_none=True)
    district = District(allow_none=True, metadata={
        "description": "工作所在区县：场地工作人员为场地所在区县，管理员为管辖范围"})
    last_login_at = LocalDateTime(allow_none=True)

    @ma.pre_dump
    def _from_row(self, row, **kwargs):
        user = row[0]
        return {**{name: getattr(user, name) for name in (
            "id", "username", "role", "venue_id", "nickname", "scope", "is_active",
            "last_login_at")}, "venue_name": row.venue_name,
            "district": row.venue_district if user.role == "venue_staff" else user.scope}


class ProfileUpdateSchema(ma.Schema):
    nickname = ma.fields.String(validate=validate.Length(min=1, max=32))
    district = District(allow_none=True, metadata={
        "description": "区县：名称、简称或代码，如 姑苏区、园区、320508；所在城市随之确定"})
    city = City(metadata={"description": "所在城市（本平台服务的城市之一），如 苏州市、广元"})
    phone = ma.fields.String(allow_none=True)
    consent = ma.fields.Boolean(metadata={
        "description": "监护人同意《儿童个人信息保护规则》；添加孩子前必须为 true"})
    health_consent = ma.fields.Boolean(metadata={
        "description": "单独同意保存孩子的健康档案（生长测量、接种、体检、发育筛查）；"
                       "撤回（false）将删除全部健康档案"})
    confirm_health_record_deletion = ma.fields.Boolean(load_default=False, metadata={
        "description": "撤回健康档案同意时确认删除已有记录"})

    @ma.validates("phone")
    def _phone(self, value, **kwargs):
        if value is not None and not _PHONE.match(value):
            raise ma.ValidationError("手机号应为 11 位数字，以 1 开头")


def _id_number(value: str) -> None:
    problem = identity.problem(value)
    if problem:
        raise ma.ValidationError(problem)


def _sex_field(**kwargs):
    return ma.fields.String(allow_none=True, validate=validate.OneOf(["male", "female"]),
                            metadata={"description": "male 男 / female 女；评价生长发育前需填写"},
                            **kwargs)


class ChildSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    nickname = ma.fields.String(required=True, validate=validate.Length(min=1, max=32))
    birth_date = ma.fields.Date(allow_none=True, load_default=None)
    due_date = ma.fields.Date(allow_none=True, load_default=None)
    id_number = ma.fields.String(load_only=True, validate=_id_number, metadata={
        "description": "居民身份证号（18位）或出生医学证明编号；领取服务券时需要。只保存加密摘要和脱敏号码"})
    id_number_masked = ma.fields.String(dump_only=True, attribute="id_masked", allow_none=True,
                                        metadata={"description": "脱敏显示，如 3205**********1234"})
    sex = _sex_field(load_default=None)
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
    sex = _sex_field()


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
    health = ma.fields.Dict()
    notifications = ma.fields.Dict()
