"""The venue console's forms; field names match the service's (and the JSON API's) keys."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, SelectField,
                     StringField, TimeField, URLField)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional


class CheckinForm(FlaskForm):
    booking_id = IntegerField("预约号", validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    qr_token = HiddenField()

    def validate(self, extra_validators=None):
        # Optional() ends a field's checks when it is empty, so "one of the two" is checked here.
        if not super().validate(extra_validators):
            return False
        if self.booking_id.data is None and not self.qr_token.data:
            self.booking_id.errors.append("请输入预约号或扫描签到二维码")
            return False
        return True


class RedeemForm(FlaskForm):
    code = StringField("服务券码", validators=[Optional(), Length(max=32)])
    qr = HiddenField()
    walk_in = BooleanField("现场登记：孩子未预约本场次时占一个空位")

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not (self.code.data or "").strip() and not self.qr.data:
            self.code.errors.append("请输入券码或扫描服务券二维码")
            return False
        return True


_LOCAL = "%Y-%m-%dT%H:%M"


class SessionTimesForm(FlaskForm):
    day = DateField("日期", validators=[DataRequired("请选择日期")])
    start = TimeField("开始时间", validators=[DataRequired("请填写开始时间")])
    end = TimeField("结束时间", validators=[Optional()], description="不填则按课程时长")
    capacity = IntegerField("名额", validators=[DataRequired("请填写名额"),
                                              NumberRange(1, 1000, "名额应在 1 到 1000 之间")])
    booking_opens_at = DateTimeLocalField("开放预约", format=_LOCAL, validators=[Optional()],
                                          description="不填则开课前 7 天")
    booking_closes_at = DateTimeLocalField("截止预约", format=_LOCAL, validators=[Optional()],
                                           description="不填则开课前 2 小时")
    online_url = URLField("线上课程链接", validators=[Optional(), URL(message="请填写完整的链接"),
                                                   Length(max=500)])


class ScheduleForm(SessionTimesForm):
    course_id = SelectField("课程", coerce=int, validators=[DataRequired("请选择课程")])


class CancelForm(FlaskForm):
    reason = StringField("取消原因（告知家长）", validators=[Optional(), Length(max=200)])
