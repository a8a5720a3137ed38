"""Every validation message a parent can see is Chinese and true: it names the real limits, the
Chinese labels of a code list, and why an impossible date is impossible."""
import re

import marshmallow as ma
import pytest
from marshmallow import validate

from app.common.errors import chinese_messages
from tests.common.test_api_contract import assert_error_shape

# Words that may stay in a Chinese message: formats and literals the client types.
_ALLOWED = re.compile(r"YYYY-MM-DD|HH:MM|ISO|JSON|UTF|NaN|true|false|IP")


def english_left(message: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3,}", _ALLOWED.sub("", message)))


def messages_of(schema: ma.Schema, data: dict) -> dict:
    """What a parent would read for this input: the schema's errors, translated."""
    with pytest.raises(ma.ValidationError) as caught:
        schema.load(data)
    return chinese_messages(caught.value.messages)


@pytest.mark.parametrize("validator,value,expected", [
    (validate.Length(min=1, max=100), "", "长度应在 1 到 100 之间"),
    (validate.Length(min=2), "a", "长度不能少于 2"),
    (validate.Length(max=3), "abcd", "长度不能超过 3"),
    (validate.Length(equal=4), "abc", "长度应为 4"),
    (validate.Range(min=0, max=36), 40, "应在 0 到 36 之间"),
    (validate.Range(min=1), 0, "不能小于 1"),
    (validate.Range(max=10), 11, "不能大于 10"),
    (validate.Range(min=0, min_inclusive=False), 0, "应大于 0"),
    (validate.Range(max=5, max_inclusive=False), 5, "应小于 5"),
    (validate.Range(min=0, max=1, min_inclusive=False, max_inclusive=False), 1, "应大于 0 且小于 1"),
    (validate.Range(min=0, max=1, max_inclusive=False), 1, "应不小于 0 且小于 1"),
    (validate.Range(min=0, max=1, min_inclusive=False), 0, "应大于 0 且不大于 1"),
    (validate.Range(min=0.5, max=2.5), 3, "应在 0.5 到 2.5 之间"),
    (validate.Equal("yes"), "no", "应为 yes"),
    (validate.Regexp(r"\d+"), "x", "格式不正确"),
    (validate.Email(), "x", "邮箱地址格式不正确"),
    (validate.URL(), "x", "网址格式不正确"),
    (validate.OneOf(["专题讲座", "亲子游戏"]), "x", "取值应为：专题讲座、亲子游戏"),
])
def test_each_validator_message_reads_in_chinese_with_its_real_limits(validator, value,
                                                                        expected):
    field = ma.fields.Raw(validate=validator)
    schema = ma.Schema.from_dict({"v": field})()
    assert messages_of(schema, {"v": value}) == {"v": [expected]}


@pytest.mark.parametrize("field,value,expected", [
    (ma.fields.Integer(), "x", "应为整数"),
    (ma.fields.Float(), "nan", "应为有限的数字，不能是 NaN 或无穷大"),
    (ma.fields.Float(), "-Infinity", "应为有限的数字，不能是 NaN 或无穷大"),
    (ma.fields.Float(), float("inf"), "应为有限的数字，不能是 NaN 或无穷大"),
    (ma.fields.Float(), "x", "应为数字"),
    (ma.fields.Decimal(), "nan", "应为有限的数字，不能是 NaN 或无穷大"),
    (ma.fields.Boolean(), "maybe", "应为 true 或 false"),
    (ma.fields.String(), 5, "应为文本"),
    (ma.fields.Date(), "03/01/2025", "日期格式应为 YYYY-MM-DD"),
    (ma.fields.Date(), "2025-02-30", "2025年2月30日不存在"),
    (ma.fields.Date(), "2023-02-29", "2023年2月29日不存在"),
    (ma.fields.Date(), "2025-13-01", "月份应在 1 到 12 之间（收到 13 月）"),
    (ma.fields.Date(), "0001-01-01", "年份应在 1900 到 2199 之间"),
    (ma.fields.Date(), "1899-12-31", "年份应在 1900 到 2199 之间"),
    (ma.fields.Date(), "9999-12-31", "年份应在 1900 到 2199 之间"),
    (ma.fields.DateTime(), "2025-02-30T10:00:00", "2025年2月30日不存在"),
    (ma.fields.DateTime(), "9999-12-31T23:59:59-08:00", "年份应在 1900 到 2199 之间"),
    (ma.fields.DateTime(), "tomorrow", "时间格式应为 ISO 8601，例如 2026-01-01T10:00:00+08:00"),
    (ma.fields.AwareDateTime(), "2025-01-01T10:00:00", "时间应带时区，例如 2026-01-01T10:00:00+08:00"),
    (ma.fields.NaiveDateTime(), "2025-01-01T10:00:00+08:00", "时间不应带时区，例如 2026-01-01T10:00:00"),
    (ma.fields.Time(), "25:99", "时刻格式应为 HH:MM，例如 09:30"),
    (ma.fields.List(ma.fields.Integer()), "x", "应为列表"),
    (ma.fields.Dict(), [], "应为对象"),
    (ma.fields.Email(), "x", "邮箱地址格式不正确"),
    (ma.fields.UUID(), "x", "格式不正确"),
    (ma.fields.Integer(required=True), ma.missing, "必填"),
    (ma.fields.Integer(allow_none=False), None, "不能为空"),
])
def test_each_field_message_reads_in_chinese(field, value, expected):
    schema = ma.Schema.from_dict({"v": field})()
    data = {} if value is ma.missing else {"v": value}
    assert messages_of(schema, data) == {"v": [expected]}


def _every_default_message():
    """Every message template of every marshmallow field class, with sample values filled in."""
    fields = [cls for cls in vars(ma.fields).values()
              if isinstance(cls, type) and issubclass(cls, ma.fields.Field)]
    sample = {"obj_type": "datetime", "awareness": "aware", "input": "x", "choices": "a, b"}
    for cls in fields:
        for key, template in getattr(cls, "default_error_messages", {}).items():
            if key in {"format"}:  # only raised when dumping, never shown for input
                continue
            yield f"{cls.__name__}.{key}", template.format(**sample)


@pytest.mark.parametrize("name,message", list(_every_default_message()))
def test_no_marshmallow_field_message_is_left_in_english(name, message):
    if name.startswith(("Enum.", "Constant.", "Pluck.", "Nested.", "Method.", "Function.")) and \
            "Must be one of" not in message and "Invalid" not in message:
        pytest.skip("not a field a schema of ours uses")
    assert not english_left(chinese_messages(message)), chinese_messages(message)


def test_enum_errors_show_the_chinese_labels(client):
    response = client.get("/api/v1/facilities?demonstration_level=gold")
    body = assert_error_shape(response, 422, "validation_error")
    assert body["errors"]["demonstration_level"] == [
        "取值应为：national（国家级）、province（省级）、city（市级）、district（区级）、any"]


def test_length_and_range_errors_state_the_real_limits(client, login):
    admin = login("admin")
    response = client.post("/api/v1/admin/venues", headers=admin,
                           json={"name": "", "kind": "线上", "district": "姑苏区"})
    assert assert_error_shape(response, 422)["errors"]["name"] == ["长度应在 1 到 100 之间"]
    response = client.get("/api/v1/facilities?age_months=40")
    assert assert_error_shape(response, 422)["errors"]["age_months"] == ["应在 0 到 36 之间"]


def test_an_impossible_birth_date_says_so(client, parent_with_consent):
    response = client.post("/api/v1/me/children", headers=parent_with_consent,
                           json={"nickname": "乐乐", "birth_date": "2025-02-30"})
    body = assert_error_shape(response, 422, "validation_error")
    assert body["errors"]["birth_date"] == ["2025年2月30日不存在"]
