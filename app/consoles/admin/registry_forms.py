"""Forms of the facility registry, FAQ and audit pages. Field names are the service's (and the
JSON API's) keys, so a posted form becomes the same payload the API takes."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.facilities import records


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms' choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _choices(labels: dict, empty: str | None = "（未填）") -> list:
    return options(([("", empty)] if empty is not None else []) + list(labels.items()))


class FacilityFilterForm(FlaskForm):
    """The list's filters: a GET form (no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    district = SelectField("区县", choices=[])
    inclusive = SelectField("普惠", choices=options([("", "全部"), ("yes", "普惠"), ("no", "非普惠")]))
    status = SelectField("状态", choices=_choices(records.STATUSES, "全部"))
    q = StringField("名称 / 信用代码 / 备案编号", validators=[Optional(), Length(max=50)])
    page = IntegerField(validators=[Optional(), NumberRange(1, 100000)])


class UploadForm(FlaskForm):
    file = FileField("区县导出的托育机构 CSV（UTF-8 或 GBK）")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FacilityForm(FlaskForm):
    """One record, its public notice (信息公示) included; the API's schema parses the values."""

    name = StringField("机构名称", validators=[DataRequired("请填写机构名称"), Length(max=100)])
    district = SelectField("区县", choices=[])
    street = StringField("街道", validators=[Length(max=64)])
    address = StringField("地址", validators=[Length(max=200)])
    credit_code = StringField("统一社会信用代码", validators=[Length(max=18)])
    registration_form = SelectField("登记性质", choices=_choices(records.REGISTRATION_FORMS))
    operation_form = SelectField("举办形式", choices=_choices(records.OPERATION_FORMS))
    filing_no = StringField("备案编号", validators=[Length(max=64)])
    filed_on = StringField("备案日期", validators=[Length(max=10)], description="例如 2024-03-01")
    care_types = CheckboxesField("服务类型", choices=options(records.CARE_TYPES.items()))
    age_min_months = StringField("收托月龄下限", validators=[Length(max=3)])
    age_max_months = StringField("收托月龄上限", validators=[Length(max=3)])
    places = StringField("托位数", validators=[Length(max=5)])
    open_places = StringField("空余托位", validators=[Length(max=5)])
    inclusive = BooleanField("普惠托育机构")
    inclusive_places = StringField("普惠托位数", validators=[Length(max=5)])
    demonstration_level = SelectField("示范等级", choices=_choices(records.DEMONSTRATION_LEVELS, "无"))
    fee_min = StringField("月收费下限（元）", validators=[Length(max=6)])
    fee_max = StringField("月收费上限（元）", validators=[Length(max=6)])
    meals = SelectField("供餐", choices=options([("", "（未填）"), ("true", "是"), ("false", "否")]))
    quality_grade = StringField("质量评估等级", validators=[Length(max=16)])
    quality_assessed_on = StringField("质量评估日期", validators=[Length(max=10)],
                                      description="例如 2025-06-30")
    phone = StringField("联系电话（机构公示）", validators=[Length(max=32)])
    status = SelectField("状态", choices=_choices(records.STATUSES, None))
    source_note = StringField("来源说明", validators=[Length(max=200)])


class PhrasingForm(FlaskForm):
    faq_id = SelectField("加到知识库条目", choices=[], validators=[DataRequired("请选择条目")])
    question = StringField("问法", validators=[DataRequired("请输入问法"), Length(max=200)])


class AuditFilterForm(FlaskForm):
    """Renders the filters; the query string itself is parsed by the API's AuditArgsSchema."""

    class Meta:
        csrf = False

    actor_id = SelectField("操作人", choices=[])
    action = SelectField("操作", choices=options([("", "全部"), ("create", "新增"), ("update", "修改"),
                                                ("delete", "删除")]))
    object_type = SelectField("对象类型", choices=[])
    object_id = StringField("对象编号", validators=[Optional(), Length(max=80)])
    since = StringField("开始日期", render_kw={"type": "date"})
    until = StringField("结束日期（含）", render_kw={"type": "date"})
