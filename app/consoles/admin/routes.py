"""The admin console's blueprint, its navigation and the scope line every page shows.

A district admin sees their district only: pages call the same scoped services as the JSON API
(app/common/scope.py), so another district's object is a 404 here too.
"""
from flask_login import current_user

from app.common.scope import district_of_scope

from app.consoles.auth import staff_required
from app.consoles.routes import console_blueprint

blp = console_blueprint("admin", "/admin", "卫健管理后台", ("admin",), "admin.dashboard")
admin_only = staff_required("admin")

# (endpoint, label, city admins only): a district office is not shown what it may not open.
NAV = (("admin.dashboard", "数据看板", False), ("admin.venues", "场地", False),
       ("admin.courses", "课程", False), ("admin.sessions", "课次", False),
       ("admin.staff", "工作人员", False), ("admin.batches", "服务券批次", False),
       ("admin.facilities", "托育机构", False), ("admin.faq", "问答", True),
       ("admin.audit", "操作日志", False))


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
    district_office = district_of_scope(current_user.user) is not None
    links = [(endpoint, label) for endpoint, label, city_only in NAV
             if not (city_only and district_office)]
    return {"admin_nav": links, "admin_scope": scope_label(current_user.user)}


from app.consoles.admin import (  # noqa: E402,F401  (registers the pages)
    audit, batches, content, dashboard, facilities, faq)
