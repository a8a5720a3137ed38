"""Admin only: the statistics overview and the audit log, each as JSON or CSV."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common import audit
from app.common.auth import auth_required, current_user
from app.common.pagination import page_of, paginate
from app.common.spreadsheet import download
from app.common.timeutil import to_local, utcnow
from app.stats import service
from app.stats.schemas import AuditArgsSchema, AuditEntrySchema, OverviewArgsSchema, OverviewSchema

blp = Blueprint("stats", __name__, url_prefix="/api/v1/admin", description="统计监测与操作日志")

_CSV_DOC = dict(description="format=csv 时返回 CSV（UTF-8 BOM，Excel 可直接打开）",
                content_type="text/csv", success=True)


@blp.route("/stats/overview")
class Overview(MethodView):
    @auth_required("admin")
    @blp.arguments(OverviewArgsSchema, location="query")
    @blp.response(200, OverviewSchema)
    @blp.alt_response(200, **_CSV_DOC)
    def get(self, args):
        """统计总览：课程、服务券、托育供给、问答机器人、通知；?format=csv&section=… 下载一节

        区级管理员只看本区（不填 district 即本区，其他区县为 404），市级管理员只看本市。"""
        figures = service.overview(args, current_user())
        if args["format"] == "csv":
            section = args["section"]
            return download(service.section_csv(figures, section),
                        f"stats-{section}-{figures['from']}-{figures['to']}")
        return figures


@blp.route("/audit")
class AuditLog(MethodView):
    @auth_required("admin")
    @blp.arguments(AuditArgsSchema, location="query")
    @blp.response(200, page_of(AuditEntrySchema))
    @blp.alt_response(200, **_CSV_DOC)
    def get(self, args):
        """操作日志（只增不改）：按操作人、操作、对象、时间筛选；?format=csv 下载"""
        if args["format"] == "csv":
            return download(audit.entries_csv(args), f"audit-{to_local(utcnow()):%Y%m%d%H%M}")
        return paginate(audit.entries_query(args), args["page"], args["per_page"])
