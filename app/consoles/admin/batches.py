"""Voucher batches (/admin/batches): draft, edit or delete the draft, preview whom it would reach,
activate, issue to every eligible child, close, and each batch's figures with their CSV.

The same functions as /api/v1/admin/voucher-batches (app/vouchers/batches.py, issuing.py,
stats.py) and its schemas; the preview (app/vouchers/preview.py) walks the very candidates
issuing takes. Another district's batch is a 404 page.
"""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.common.pagination import paginate
from app.common.spreadsheet import download
from app.common.timeutil import to_local
from app.common.text_search import contains
from app.consoles.admin.content import (PER_PAGE, changed, district_choices,
                                        form_page, form_values, page_number, save)
from app.consoles.admin.forms_content import BatchForm
from app.consoles.admin.routes import admin_only, blp
from app.consoles.forms import ActionForm
from app.consoles.routes import submit
from app.courses.models import Course
from app.extensions import db
from app.places.service import district_name
from app.vouchers import batches as voucher_batches
from app.vouchers import issuing, stats
from app.vouchers.models import VoucherBatch
from app.vouchers.preview import issue_preview
from app.vouchers.rules import BATCH_STATUS_NAMES, age_range, coverage_text
from app.vouchers.schemas import BatchCreateSchema, BatchUpdateSchema


def _admin():
    return current_user.user


def _batch_form(form, admin) -> BatchForm:
    form.districts.choices = district_choices(admin)
    return form


def _initial(batch: VoucherBatch) -> dict:
    def number(value):
        return None if value is None else str(value)

    return {"name": batch.name, "issuer": batch.issuer, "description": batch.description,
            "covers_formats": list(batch.covers_formats or []),
            "covers_domains": list(batch.covers_domains or []),
            "min_age_months": number(batch.min_age_months),
            "max_age_months": number(batch.max_age_months),
            "includes_pregnancy": batch.includes_pregnancy,
            "districts": list(batch.districts or []), "per_child": str(batch.per_child),
            "total": str(batch.total),
            "valid_from": f"{to_local(batch.valid_from):%Y-%m-%d}",
            "valid_until": f"{to_local(batch.valid_until):%Y-%m-%d}",
            "no_show_forfeits": batch.no_show_forfeits}


@blp.get("/batches")
@admin_only
def batches():
    admin = _admin()
    filters = {key: request.args.get(key, "").strip() for key in ("q", "status")}
    stmt = voucher_batches.batches_query(admin)
    if filters["status"] in BATCH_STATUS_NAMES:
        stmt = stmt.where(VoucherBatch.status == filters["status"])
    if filters["q"]:
        stmt = stmt.where(contains(VoucherBatch.name, filters["q"]))
    found = paginate(stmt, page_number(), PER_PAGE)
    return render_template("admin/batches.html", page=found, filters=filters,
                           statuses=BATCH_STATUS_NAMES, districts_text=_districts_text)


def _districts_text(batch: VoucherBatch) -> str:
    return "、".join(map(district_name, batch.districts)) if batch.districts else "全市"


@blp.route("/batches/new", methods=["GET", "POST"])
@admin_only
def batch_new():
    admin = _admin()
    form = _batch_form(BatchForm(), admin)
    if request.method == "GET":
        form.per_child.data, form.issuer.data = "1", ""
    else:
        done = save(form, BatchCreateSchema(), form_values(form),
                    lambda data: voucher_batches.create_batch(data, admin),
                    "已保存为草稿；请查看发放预览，确认后开始发放",
                    lambda batch: url_for(".batch_detail", batch_id=batch.id))
        if done:
            return done
    return form_page("admin/batches_form.html", form=form)


@blp.route("/batches/<int:batch_id>", methods=["GET", "POST"])
@admin_only
def batch_detail(batch_id):
    admin = _admin()
    batch = voucher_batches.batch_in_scope(admin, batch_id)
    initial = _initial(batch)
    form = _batch_form(BatchForm(data=initial) if request.method == "GET" else BatchForm(), admin)
    if request.method == "POST":
        done = save(form, BatchUpdateSchema(partial=True), changed(form_values(form), initial),
                    lambda data: _update(admin, batch_id, data), "草稿已保存",
                    lambda batch: url_for(".batch_detail", batch_id=batch_id))
        if done:
            return done
    batch = voucher_batches.get_batch(batch_id)
    figures = stats.batch_stats(batch_id) if batch.status != "draft" else None
    preview = issue_preview(batch_id) if batch.status != "closed" else None
    courses = db.session.scalars(select(Course.title).where(
        Course.id.in_(batch.covers_course_ids))).all() if batch.covers_course_ids else []
    return form_page("admin/batches_detail.html", batch=batch, form=form, preview=preview,
                     figures=figures, action_form=ActionForm(), status_names=BATCH_STATUS_NAMES,
                     districts_text=_districts_text(batch), ages=age_range(batch),
                     covers=coverage_text(batch), course_titles=courses)


def _update(admin, batch_id, data):
    if "districts" in data:
        voucher_batches.check_districts(admin, data["districts"])
    return voucher_batches.update_draft(batch_id, data)


_STATUS_CHANGES = {
    "activate": ("active", "已开始发放：家长可以在小程序中领取；也可以「向符合条件的儿童发放」"),
    "close": ("closed", "已结束发放：不再领取和发放，已发出的服务券在有效期内仍可使用")}


@blp.post("/batches/<int:batch_id>/<any(activate, close):change>")
@admin_only
def batch_status(batch_id, change):
    voucher_batches.batch_in_scope(_admin(), batch_id)
    status, success = _STATUS_CHANGES[change]
    submit(ActionForm(), lambda: voucher_batches.set_batch_status(batch_id, status), success)
    return redirect(url_for(".batch_detail", batch_id=batch_id))


@blp.post("/batches/<int:batch_id>/issue")
@admin_only
def batch_issue(batch_id):
    voucher_batches.batch_in_scope(_admin(), batch_id)

    def done(result):
        text = (f"已向 {result['children_issued']} 名儿童发放 {result['vouchers_issued']} 张服务券；"
                f"不符合条件 {result['not_eligible']} 名，缺少身份证号 {result['missing_id_number']} 名；"
                f"剩余 {result['remaining']} 张")
        return text + ("（已发完）" if result["exhausted"] else "")

    submit(ActionForm(), lambda: issuing.issue_to_all_eligible(batch_id), done)
    return redirect(url_for(".batch_detail", batch_id=batch_id))


@blp.post("/batches/<int:batch_id>/delete")
@admin_only
def batch_delete(batch_id):
    """A draft that will never be issued goes (an active or closed batch stays: its vouchers
    are counted); the audit log keeps what it was."""
    name = voucher_batches.batch_in_scope(_admin(), batch_id).name
    if request.form.get("confirm") != "yes":
        flash("请先勾选「确认删除这个草稿」", "error")
    elif submit(ActionForm(), lambda: voucher_batches.delete_draft(batch_id),
                f"草稿「{name}」已删除"):
        return redirect(url_for(".batches"))
    return redirect(url_for(".batch_detail", batch_id=batch_id))


@blp.get("/batches/<int:batch_id>/stats.csv")
@admin_only
def batch_stats_csv(batch_id):
    voucher_batches.batch_in_scope(_admin(), batch_id)
    return download(stats.stats_csv(stats.batch_stats(batch_id)),
                    f"voucher-batch-{batch_id}-stats")
