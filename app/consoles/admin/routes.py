"""The admin console's blueprint, its navigation and the scope line every page shows.

A district admin sees their district only: pages call the same scoped services as the JSON API
(app/common/scope.py), so another district's object is a 404 here too.
"""
from flask import current_app
from flask_login import current_user

from app.consoles.auth import staff_required
from app.consoles.routes import console_blueprint

blp = console_blueprint("admin", "/admin", "卫健管理后台", ("admin",), "admin.dashboard")
admin_only = staff_required("admin")

# (endpoint, label): an area's link shows once its module registers the endpoint.
NAV = (("admin.dashboard", "数据看板"), ("admin.venues", "场地"), ("admin.courses", "课程"),
       ("admin.sessions", "课次"), ("admin.staff", "工作人员"), ("admin.batches", "服务券批次"),
       ("admin.facilities", "托育机构"), ("admin.faq", "问答"), ("admin.audit", "操作日志"))


def scope_label(user) -> str:
    """全部城市, or the city or district the admin manages (属地管理)."""
    from app.places.service import district_name

    if not user.scope:
        return "全部服务城市"
    return district_name(user.scope) or user.scope


@blp.context_processor
def _admin_page():
    if not current_user.is_authenticated:
        return {}
    links = [(endpoint, label) for endpoint, label in NAV
             if endpoint in current_app.view_functions]
    return {"admin_nav": links, "admin_scope": scope_label(current_user.user)}


from app.consoles.admin import (  # noqa: E402,F401  (registers the pages)
    audit, batches, content, dashboard, facilities, faq)
