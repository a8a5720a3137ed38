"""System endpoints: health."""
import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text

from app.common.content import content_version
from app.extensions import db

blp = Blueprint("system", __name__, url_prefix="/api/v1", description="服务状态")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"description": "ok 或 degraded"})
    database = ma.fields.Boolean(required=True)
    content_version = ma.fields.String(allow_none=True)


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="数据库不可用")
    def get(self):
        """数据库可达、内容版本"""
        try:
            db.session.execute(text("SELECT 1"))
            version = content_version()
            return {"status": "ok", "database": True, "content_version": version}
        except Exception:  # the database is down: say so instead of a 500
            db.session.rollback()
            return {"status": "degraded", "database": False, "content_version": None}, 503
