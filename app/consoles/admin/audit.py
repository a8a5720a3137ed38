"""The audit log (/admin/audit): every admin write — who, when, what, before and after —
filtered, paginated and exported as CSV through app.common.audit, with the query string parsed
by the JSON API's own AuditArgsSchema.

A city admin reads the whole log; a district admin reads what their district office's admins
did (an entry has no district of its own, and other districts' writes are not theirs to see).
"""
import json

import marshmallow as ma
from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from app.accounts.models import User
from app.common import audit, scope
from app.common.pagination import paginate
from app.common.spreadsheet import download
from app.common.timeutil import to_local, utcnow
from app.consoles.admin.registry_forms import AuditFilterForm, options
from app.consoles.admin.routes import admin_only, blp
from app.consoles.routes import flash_invalid
from app.extensions import db
from app.facilities import csvimport
from app.facilities.models import Facility
from app.stats.schemas import AuditArgsSchema

PER_PAGE = 30
OBJECT_LABELS = {"venue": "场地", "course": "课程", "course_session": "课次",
                 "voucher_batch": "服务券批次", "facility": "托育机构", "nursing_room": "母婴室",
                 "user_account": "工作人员账号",
                 "faq_question": "问答问法"}
ACTION_LABELS = {"create": "新增", "update": "修改", "delete": "删除"}
_FIELD_LABELS = {"actor_id": "操作人", "action": "操作", "object_type": "对象类型",
                 "object_id": "对象编号", "since": "开始日期", "until": "结束日期", "page": "页码",
                 "format": "格式"}
# Chinese names of the fields an entry shows (the registry's CSV columns for facilities).
_KEY_LABELS = {"facility": {field: column for column, field, _ in csvimport.FACILITY_COLUMNS}
               | {"class_types": "班型", "fee_items": "收费明细", "updated_at": "更新时间",
                  "created_at": "创建时间", "open_places_updated_at": "空位更新时间"},
               "faq_question": {"text": "问法", "entry_id": "条目", "origin": "来源"}}
_LINKED = {"facility": ("admin.edit_facility", "facility_id")}


def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _key_label(object_type: str, key: str) -> str:
    return _KEY_LABELS.get(object_type, {}).get(key, key)


def _visible_admins(admin):
    """The admins whose writes this admin may read: None for everyone (city or unscoped)."""
    district = scope.district_of_scope(admin)
    if district is None:
        return None
    return select(User.id).where(User.role == "admin", User.scope == district)


def _actors(admin) -> dict[int, str]:
    stmt = select(User.id, User.nickname, User.username).where(User.role == "admin")
    visible = _visible_admins(admin)
    if visible is not None:
        stmt = stmt.where(User.id.in_(visible))
    return {i: nickname or username or f"#{i}"
            for i, nickname, username in db.session.execute(stmt.order_by(User.id))}


def _filters(admin) -> dict:
    raw = {k: v for k, v in request.args.items() if v != ""}
    raw.setdefault("per_page", str(PER_PAGE))
    try:
        filters = AuditArgsSchema().load(raw)
    except ma.ValidationError as invalid:
        flash_invalid(invalid.messages, _FIELD_LABELS)
        filters = AuditArgsSchema().load({"per_page": str(PER_PAGE)})
    filters["actor_ids"] = _visible_admins(admin)
    return filters


@blp.get("/audit", endpoint="audit")
@admin_only
def audit_log():
    admin = current_user.user
    filters = _filters(admin)
    if filters["format"] == "csv":
        return download(audit.entries_csv(filters), f"audit-{to_local(utcnow()):%Y%m%d%H%M}")
    actors = _actors(admin)
    form = AuditFilterForm(request.args)
    form.actor_id.choices = options([("", "全部")] + [(str(i), n) for i, n in actors.items()])
    form.object_type.choices = options([("", "全部")] + [(t, OBJECT_LABELS.get(t, t))
                                                        for t in audit.OBJECT_TYPES])
    page = paginate(audit.entries_query(filters), filters["page"], filters["per_page"])
    query = {k: v for k, v in request.args.items() if k not in ("page", "format") and v}
    facility_ids = {int(e.object_id) for e in page["items"] if e.object_type == "facility"}
    names = {("facility", str(i)): name for i, name in db.session.execute(
        select(Facility.id, Facility.name).where(Facility.id.in_(facility_ids)))}
    return render_template(
        "admin/audit.html", form=form, page=page, actors=actors, objects=OBJECT_LABELS,
        actions=ACTION_LABELS, linked=_LINKED, query=query, show=_show,
        key_label=_key_label, names=names)
