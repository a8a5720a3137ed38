"""The parent's inbox and subscriptions; the admins' figures and failed sends."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.pagination import PageArgsSchema, QueryArgsSchema, page_of, paginate
from app.common.uow import unit_of_work
from app.extensions import limiter
from app.notifications import service
from app.notifications.schemas import (FailedNotificationSchema, InboxArgsSchema, InboxSchema,
                                       NotificationSchema, NotificationStatsArgsSchema, NotificationStatsSchema,
                                       SubscriptionResultSchema, SubscriptionSchema)

blp = Blueprint("notifications", __name__, url_prefix="/api/v1", description="通知与订阅消息")


@blp.route("/me/notifications")
class Inbox(MethodView):
    @auth_required("parent")
    @blp.arguments(InboxArgsSchema, location="query")
    @blp.response(200, InboxSchema)
    def get(self, args):
        """我的通知（未读在前）"""
        return service.inbox(current_user(), args["page"], args["per_page"], args["unread"])


@blp.route("/me/notifications/<int:notification_id>/read")
class ReadNotification(MethodView):
    @auth_required("parent")
    @unit_of_work
    @blp.response(200, NotificationSchema)
    def post(self, notification_id):
        """标记为已读"""
        return service.mark_read(current_user(), notification_id)


@blp.route("/me/subscriptions")
class Subscriptions(MethodView):
    decorators = [limiter.limit("30/minute")]

    @auth_required("parent")
    @blp.arguments(QueryArgsSchema, location="query")
    @blp.response(200, SubscriptionSchema(many=True))
    def get(self, _args):
        """各订阅消息模板还可下发的条数"""
        return service.subscriptions(current_user())

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(SubscriptionResultSchema)
    @blp.response(200, SubscriptionSchema(many=True))
    def post(self, data):
        """上报 wx.requestSubscribeMessage 的结果"""
        return service.record_subscriptions(current_user(), data["accepted"], data["rejected"])


@blp.route("/admin/notifications/stats")
class Stats(MethodView):
    @auth_required("admin")
    @blp.arguments(NotificationStatsArgsSchema, location="query")
    @blp.response(200, NotificationStatsSchema)
    def get(self, args):
        """通知统计：按日、按事件、按状态（区级管理员只看本区家长的通知）"""
        return service.stats(args["days"],
                             recipients=service.recipients_in_scope(current_user()))


@blp.route("/admin/notifications/failed")
class Failed(MethodView):
    @auth_required("admin")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(FailedNotificationSchema))
    def get(self, args):
        """发送失败的通知及其错误（区级管理员只看本区家长的通知）"""
        query = service.failed_query(service.recipients_in_scope(current_user()))
        return paginate(query, args["page"], args["per_page"])
