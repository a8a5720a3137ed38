"""What goes in and out over HTTP for the health record."""
import marshmallow as ma
from marshmallow import validate

from app.common.pagination import QueryArgsSchema
from app.common.timeutil import LocalDateTime
from app.health.standards import INDICATORS

_MEASURE = {"allow_none": True, "validate": validate.Range(min=0, min_inclusive=False)}


def _place():
    return ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                            metadata={"description": "接种或体检的单位，如社区卫生服务中心"})


class HealthSourceSchema(ma.Schema):
    title = ma.fields.String(required=True)
    url = ma.fields.String(allow_none=True)


class GrowthStandardSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "如 WHO-2006"})
    name = ma.fields.String(required=True)
    source = ma.fields.String(required=True)
    url = ma.fields.String(required=True)
    age_range = ma.fields.String(required=True)
    bands_source = ma.fields.String(required=True)
    bands_url = ma.fields.String(required=True)
    note = ma.fields.String(required=True)


class MeasurementInSchema(ma.Schema):
    measured_on = ma.fields.Date(required=True)
    weight_kg = ma.fields.Float(load_default=None, metadata={"description": "公斤"}, **_MEASURE)
    length_cm = ma.fields.Float(load_default=None, metadata={
        "description": "厘米；2岁以下一般卧位测身长，2岁起立位测身高"}, **_MEASURE)
    head_cm = ma.fields.Float(load_default=None, metadata={"description": "厘米"}, **_MEASURE)
    position = ma.fields.String(load_default=None, allow_none=True,
                                validate=validate.OneOf(["recumbent", "standing"]),
                                metadata={"description": "recumbent 卧位 / standing 立位；"
                                                         "不填按年龄"})
    confirm = ma.fields.Boolean(load_default=False, metadata={
        "description": "Z评分超出 ±5 时，核对无误后提交 true"})


class MeasurementPatchSchema(MeasurementInSchema):
    measured_on = ma.fields.Date()
    weight_kg = ma.fields.Float(**_MEASURE)
    length_cm = ma.fields.Float(**_MEASURE)
    head_cm = ma.fields.Float(**_MEASURE)
    position = ma.fields.String(allow_none=True, validate=validate.OneOf(["recumbent", "standing"]))


class MeasurementSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    measured_on = ma.fields.Date(required=True)
    weight_kg = ma.fields.Float(allow_none=True)
    length_cm = ma.fields.Float(allow_none=True)
    head_cm = ma.fields.Float(allow_none=True)
    position = ma.fields.String(allow_none=True)
    created_at = LocalDateTime(required=True)


class IndicatorSchema(ma.Schema):
    indicator = ma.fields.String(required=True, metadata={"description": "、".join(INDICATORS)})
    name = ma.fields.String(required=True)
    value = ma.fields.Float(required=True)
    z = ma.fields.Float(required=True)
    percentile = ma.fields.Float(required=True)
    level = ma.fields.String(required=True, metadata={"description": "下 / 中下 / 中 / 中上 / 上"})
    classification = ma.fields.String(allow_none=True, metadata={
        "description": "按标准的界值：低体重、生长迟缓、消瘦、超重、肥胖等；正常范围为空"})


class EvaluatedSchema(ma.Schema):
    measurement = ma.fields.Nested(MeasurementSchema, required=True)
    age_days = ma.fields.Integer(required=True)
    evaluated = ma.fields.Boolean(required=True, metadata={
        "description": "false：超出标准适用的年龄，未评价"})
    indicators = ma.fields.List(ma.fields.Nested(IndicatorSchema), required=True)


class GrowthSchema(ma.Schema):
    child_id = ma.fields.Integer(required=True)
    sex = ma.fields.String(required=True)
    standard = ma.fields.Nested(GrowthStandardSchema, required=True)
    measurements = ma.fields.List(ma.fields.Nested(EvaluatedSchema), required=True)


class ChartArgsSchema(QueryArgsSchema):
    indicator = ma.fields.String(required=True, validate=validate.OneOf(list(INDICATORS)))
    format = ma.fields.String(load_default="svg", validate=validate.OneOf(["svg", "json"]))


class CurveSchema(ma.Schema):
    percentile = ma.fields.Integer(required=True)
    label = ma.fields.String(required=True)
    points = ma.fields.List(ma.fields.List(ma.fields.Float()), required=True)


class ChartPointSchema(ma.Schema):
    x = ma.fields.Float(required=True)
    y = ma.fields.Float(required=True)
    z = ma.fields.Float(required=True)
    percentile = ma.fields.Float(required=True)
    measured_on = ma.fields.String(required=True)


class ChartSchema(ma.Schema):
    child_id = ma.fields.Integer(required=True)
    indicator = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    sex = ma.fields.String(required=True)
    x_name = ma.fields.String(required=True)
    x_unit = ma.fields.String(required=True)
    y_unit = ma.fields.String(required=True)
    standard = ma.fields.Nested(GrowthStandardSchema, required=True)
    curves = ma.fields.List(ma.fields.Nested(CurveSchema), required=True)
    points = ma.fields.List(ma.fields.Nested(ChartPointSchema), required=True)


class DoseInSchema(ma.Schema):
    vaccine = ma.fields.String(required=True, validate=validate.Length(min=1, max=32),
                               metadata={"description": "疫苗 key，如 hepb、dtap（见 GET 的列表）"})
    dose = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=10))
    given_on = ma.fields.Date(required=True)
    place = _place()


class DoseRecordSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    vaccine = ma.fields.String(required=True)
    dose = ma.fields.Integer(required=True)
    given_on = ma.fields.Date(required=True)
    place = ma.fields.String(allow_none=True)


class DoseStatusSchema(ma.Schema):
    vaccine = ma.fields.String(required=True)
    vaccine_name = ma.fields.String(required=True)
    dose = ma.fields.Integer(required=True)
    product = ma.fields.String(allow_none=True)
    age = ma.fields.String(required=True, metadata={"description": "最小接种年龄"})
    earliest_on = ma.fields.Date(required=True)
    complete_before = ma.fields.String(allow_none=True, metadata={"description": "应在此年龄前完成"})
    complete_by = ma.fields.Date(allow_none=True)
    status = ma.fields.String(required=True, metadata={
        "description": "done 已接种 / due 可以接种 / overdue 已超过应完成年龄 / upcoming 未到年龄"})
    given_on = ma.fields.Date(allow_none=True)
    notes = ma.fields.List(ma.fields.String(), required=True)
    unconfirmed = ma.fields.String(allow_none=True, metadata={
        "description": "对这个孩子尚无原文确认的规则，请咨询接种门诊"})
    confidence = ma.fields.String(required=True)
    source = ma.fields.Nested(HealthSourceSchema, required=True)


class HealthRuleSchema(ma.Schema):
    text = ma.fields.String(required=True)
    confidence = ma.fields.String(required=True)
    source = ma.fields.Nested(HealthSourceSchema, required=True)


class VaccinationsSchema(ma.Schema):
    child_id = ma.fields.Integer(required=True)
    edition = ma.fields.String(required=True)
    doses = ma.fields.List(ma.fields.Nested(DoseStatusSchema), required=True)
    general_rules = ma.fields.List(ma.fields.Nested(HealthRuleSchema), required=True)
    clinic_advice = ma.fields.String(required=True)
    self_reported = ma.fields.String(required=True)


class CheckupInSchema(ma.Schema):
    visit = ma.fields.String(required=True, validate=validate.Length(min=1, max=32),
                             metadata={"description": "体检 key，如 m6（见 GET 的列表）"})
    done_on = ma.fields.Date(required=True)
    place = _place()


class CheckupRecordSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    visit = ma.fields.String(required=True)
    done_on = ma.fields.Date(required=True)
    place = ma.fields.String(allow_none=True)


class VisitSchema(ma.Schema):
    visit = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    age = ma.fields.String(required=True)
    on_or_after = ma.fields.Date(required=True)
    when = ma.fields.String(allow_none=True)
    status = ma.fields.String(required=True, metadata={
        "description": "done 已做 / due 该做了 / missed 已错过（可联系社区补做）/ upcoming 未到"})
    done_on = ma.fields.Date(allow_none=True)
    includes = ma.fields.String(allow_none=True)
    includes_confidence = ma.fields.String(allow_none=True)
    where = ma.fields.String(required=True)
    confidence = ma.fields.String(required=True)
    source = ma.fields.Nested(HealthSourceSchema, required=True)


class CheckupsSchema(ma.Schema):
    child_id = ma.fields.Integer(required=True)
    visits = ma.fields.List(ma.fields.Nested(VisitSchema), required=True)
    next = ma.fields.Nested(VisitSchema, allow_none=True)


class DevelopmentArgsSchema(QueryArgsSchema):
    band = ma.fields.Integer(load_default=None, validate=validate.Range(min=0, max=120),
                             metadata={"description": "月龄组（3、6、8、12、18、24、30、36）；"
                                                      "不填按孩子现在的月龄"})


class DevelopmentInSchema(ma.Schema):
    band = ma.fields.Integer(required=True, validate=validate.Range(min=0, max=120))
    answers = ma.fields.Dict(keys=ma.fields.String(validate=validate.Length(max=16)),
                             values=ma.fields.Boolean(), required=True,
                             validate=validate.Length(max=20), metadata={
                                 "description": "{条目 key: 是否存在这种情况}"})


class WarningSignSchema(ma.Schema):
    key = ma.fields.String(required=True)
    text = ma.fields.String(required=True)
    present = ma.fields.Boolean(allow_none=True)


class DevelopmentSchema(ma.Schema):
    child_id = ma.fields.Integer(required=True)
    band = ma.fields.Integer(allow_none=True)
    signs = ma.fields.List(ma.fields.Nested(WarningSignSchema), required=True)
    answered_on = ma.fields.Date(allow_none=True)
    positive = ma.fields.List(ma.fields.String(), required=True)
    advice = ma.fields.String(allow_none=True)
    message = ma.fields.String(required=True)
    confidence = ma.fields.String(required=True)
    source = ma.fields.Nested(HealthSourceSchema, required=True)
