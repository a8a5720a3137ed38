"""The content and voucher-batch pages' forms. They render the fields and carry the CSRF token;
the checks are the JSON API's own (its marshmallow schema, then the service), so a page and the
API refuse the same input with the same Chinese message. Field names are the schema's keys."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from app.courses.models import DOMAINS, FORMATS, VENUE_KINDS


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VenueForm(FlaskForm):
    name = StringField("场地名称")
    kind = SelectField("类型", choices=_choices(VENUE_KINDS))
    district = SelectField("所在区县", choices=[])
    street = StringField("街道")
    address = StringField("地址")
    lat = StringField("纬度（GCJ-02）")
    lng = StringField("经度（GCJ-02）")
    contact = StringField("联系电话")
    accessibility = TextAreaField("无障碍、母婴室、停车等说明")


class CourseForm(FlaskForm):
    title = StringField("课程名称")
    summary = StringField("简介")
    body = TextAreaField("详细介绍")
    domain = SelectField("发展领域", choices=_choices(DOMAINS))
    format = SelectField("形式", choices=_choices(FORMATS))
    age_min_months = StringField("适合月龄下限", description="-12 备孕，-10..-1 孕期，0 起为月龄")
    age_max_months = StringField("适合月龄上限")
    duration_minutes = StringField("时长（分钟）")
    provider = StringField("提供单位")
    speaker = StringField("主讲人")
    accepts_vouchers = BooleanField("可使用服务券")
    tags = StringField("标签", description="用逗号或空格分隔，最多 10 个")
    city = SelectField("开设城市", choices=[], validate_choice=False,
                       description="本地机构的课程只给该市家长看、只在该市场地开课")


class SessionForm(FlaskForm):
    course_id = SelectField("课程", choices=[])
    venue_id = SelectField("场地", choices=[])
    starts_at = StringField("开始时间", render_kw={"type": "datetime-local"})
    ends_at = StringField("结束时间", render_kw={"type": "datetime-local"},
                          description="不填则按课程时长")
    capacity = StringField("名额", render_kw={"inputmode": "numeric"})
    booking_opens_at = StringField("开放预约", render_kw={"type": "datetime-local"},
                                   description="不填则开课前 7 天")
    booking_closes_at = StringField("截止预约", render_kw={"type": "datetime-local"},
                                    description="不填则开课前 2 小时")
    online_url = StringField("线上课程链接", description="以 https:// 开头；只给预约成功的家长")


class CancelForm(FlaskForm):
    reason = StringField("原因（告知家长）")


class StaffForm(FlaskForm):
    role = SelectField("账号类型", choices=[("venue_staff", "场地工作人员"), ("admin", "区级/市级管理员")])
    username = StringField("登录用户名")
    password = StringField("初始密码", render_kw={"type": "password", "autocomplete": "new-password"},
                           description="至少 8 位；请线下告知本人并提醒修改")
    nickname = StringField("显示名称")
    venue_id = SelectField("所属场地（场地工作人员）", choices=[])
    district = SelectField("管辖范围（管理员）", choices=[])


class BatchForm(FlaskForm):
    name = StringField("批次名称")
    issuer = StringField("发放单位")
    description = TextAreaField("说明")
    covers_formats = Checkboxes("适用课程形式（不选为全部）", choices=_choices(FORMATS))
    covers_domains = Checkboxes("适用发展领域（不选为全部）", choices=_choices(DOMAINS))
    min_age_months = StringField("适用月龄下限")
    max_age_months = StringField("适用月龄上限")
    includes_pregnancy = BooleanField("适用于孕期")
    districts = Checkboxes("可领取的区县（不选为全市）", choices=[])
    per_child = StringField("每名儿童张数")
    total = StringField("发放总量（张）")
    valid_from = StringField("有效期自", render_kw={"type": "date"})
    valid_until = StringField("有效期至", render_kw={"type": "date"})
    no_show_forfeits = BooleanField("预约后缺席的服务券作废（默认退回家长）")
