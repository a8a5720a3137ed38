"""What goes in and out over HTTP for the FAQ bot."""
import marshmallow as ma
from marshmallow import validate

from app.common.pagination import PageArgsSchema
from app.common.timeutil import LocalDateTime


class AskSchema(ma.Schema):
    question = ma.fields.String(required=True, validate=validate.Length(min=1, max=200),
                                metadata={"description": "家长的问题，1—200 字"})
    province = ma.fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=32),
                                metadata={"description": "省份或城市（可选），如“江苏”“杭州”"})
    session_id = ma.fields.String(load_default=None, allow_none=True,
                                  validate=validate.Length(max=64),
                                  metadata={"description": "上一次回答返回的 session_id，用于追问"})
    child_id = ma.fields.Integer(load_default=None, allow_none=True, metadata={
        "description": "登录家长问的是哪个孩子（有几个孩子时，回答的 children 中选一个）"})


class OptionSchema(ma.Schema):
    faq_id = ma.fields.String()
    title = ma.fields.String()


class SourceSchema(ma.Schema):
    """An official document: title, issuer, document number, article, date, URL."""
    title = ma.fields.String()
    issuer = ma.fields.String(allow_none=True)
    number = ma.fields.String(allow_none=True)
    article = ma.fields.String(allow_none=True)
    url = ma.fields.String(allow_none=True)
    date = ma.fields.String(allow_none=True)


class ChildOptionSchema(ma.Schema):
    child_id = ma.fields.Integer()
    nickname = ma.fields.String()


class AnswerSchema(ma.Schema):
    session_id = ma.fields.String(required=True)
    answer_id = ma.fields.String(required=True)
    matched = ma.fields.Boolean(required=True, metadata={
        "description": "false：没有从知识库给出回答（婉拒、请家长选择，或紧急情况提示）"})
    urgent = ma.fields.Boolean(required=True, metadata={
        "description": "true：紧急情况（立即拨打120或去急诊），先于知识库回答"})
    answer = ma.fields.String(required=True)
    faq_id = ma.fields.String(allow_none=True)
    topic = ma.fields.String(allow_none=True)
    confidence = ma.fields.String(allow_none=True, metadata={
        "description": "confirmed-by-source | single-source | unconfirmed"})
    province = ma.fields.String(allow_none=True, metadata={"description": "答案所依据的省份"})
    clarify = ma.fields.List(ma.fields.Nested(OptionSchema), required=True)
    suggestions = ma.fields.List(ma.fields.Nested(OptionSchema), required=True)
    sources = ma.fields.List(ma.fields.Nested(SourceSchema), required=True)
    children = ma.fields.List(ma.fields.Nested(ChildOptionSchema), required=True, metadata={
        "description": "登录家长有几个孩子而问题与月龄有关时：请选择一个，带 child_id 再问"})


class FeedbackSchema(ma.Schema):
    answer_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=32))
    helpful = ma.fields.Boolean(required=True)
    comment = ma.fields.String(load_default=None, allow_none=True,
                               validate=validate.Length(max=500))


class FeedbackResultSchema(ma.Schema):
    answer_id = ma.fields.String()
    helpful = ma.fields.Boolean()


class UnansweredArgsSchema(PageArgsSchema):
    days = ma.fields.Integer(load_default=30, validate=validate.Range(min=1, max=365))


class UnansweredGroupSchema(ma.Schema):
    question = ma.fields.String(metadata={"description": "该组中最近的一个问题"})
    count = ma.fields.Integer()
    declined = ma.fields.Integer()
    unhelpful = ma.fields.Integer()
    examples = ma.fields.List(ma.fields.String())
    last_asked = LocalDateTime()
    nearest = ma.fields.Nested(OptionSchema, allow_none=True,
                               metadata={"description": "最接近的知识库条目"})


class PhrasingSchema(ma.Schema):
    question = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))


class PhrasingResultSchema(ma.Schema):
    faq_id = ma.fields.String()
    question = ma.fields.String()
    origin = ma.fields.String()
    questions = ma.fields.Integer()


class BotStatusSchema(ma.Schema):
    version = ma.fields.String(allow_none=True)
    stored_version = ma.fields.String(allow_none=True)
    entries = ma.fields.Integer()
    phrasings = ma.fields.Integer()
    build_seconds = ma.fields.Float()
