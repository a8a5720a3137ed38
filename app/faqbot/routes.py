"""The FAQ bot over HTTP: ask, feedback, and the admins' review endpoints."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, optional_user
from app.common.pagination import page_from_list, page_of
from app.common.uow import unit_of_work
from app.extensions import limiter
from app.faqbot import service
from app.faqbot.schemas import (AnswerSchema, AskSchema, BotStatusSchema, FeedbackResultSchema,
                                FeedbackSchema, PhrasingResultSchema, PhrasingSchema,
                                UnansweredArgsSchema, UnansweredGroupSchema)

blp = Blueprint("faqbot", __name__, url_prefix="/api/v1", description="育儿政策与照护问答机器人")


def _ask_limit() -> str:
    return current_app.config["FAQ_ASK_RATE_LIMIT"]


@blp.route("/bot/ask")
class Ask(MethodView):
    decorators = [limiter.limit(_ask_limit)]

    @unit_of_work
    @blp.arguments(AskSchema)
    @blp.response(200, AnswerSchema)
    def post(self, data):
        """提问（无需登录；登录家长按其所在省份和孩子的月龄回答，有几个孩子时问是哪一个）"""
        return service.ask(data["question"], data["province"], data["session_id"],
                           user=optional_user(), child_id=data["child_id"])


@blp.route("/bot/feedback")
class Feedback(MethodView):
    decorators = [limiter.limit("30/minute")]

    @unit_of_work
    @blp.arguments(FeedbackSchema)
    @blp.response(200, FeedbackResultSchema)
    def post(self, data):
        """对一条回答点赞或点踩"""
        return service.feedback(data["answer_id"], data["helpful"], data["comment"])


@blp.route("/admin/bot/unanswered")
class Unanswered(MethodView):
    @auth_required("admin")
    @blp.arguments(UnansweredArgsSchema, location="query")
    @blp.response(200, page_of(UnansweredGroupSchema))
    def get(self, args):
        """未能回答和被点踩的问题：相似问题归为一组，出现最多的在前"""
        groups = service.unanswered(args["days"])
        return page_from_list(groups, args["page"], args["per_page"])


@blp.route("/admin/bot/entries/<string:faq_id>/questions")
class Phrasings(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(PhrasingSchema)
    @blp.response(201, PhrasingResultSchema)
    def post(self, data, faq_id):
        """把一个家长问题加为某条目的新问法（几秒内所有进程生效）"""
        return service.add_phrasing(faq_id, data["question"])


@blp.route("/admin/bot/status")
class Status(MethodView):
    @auth_required("admin")
    @blp.response(200, BotStatusSchema)
    def get(self):
        """本进程正在使用的知识库版本与规模"""
        return service.status()
