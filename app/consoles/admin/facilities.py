"""The facility registry (/admin/facilities): the list, the district office's CSV upload (dry run
on the page, then confirm: all or nothing) and editing one record with its public notice.

The upload runs the CLI's import (`flask facilities import`, app/facilities/service.py
stage_facility_import) on the bytes kept on the server (uploads.py); a district admin's file may
only hold their district's rows, refused by line like any other error.
"""
import marshmallow as ma
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from app.common import scope
from app.common.errors import DomainError, NotFound, chinese_messages
from app.common.pagination import paginate
from app.common.uow import transaction
from app.consoles.admin import uploads
from app.consoles.admin.registry_forms import (FacilityFilterForm, FacilityForm, UploadForm,
                                               options)
from app.consoles.admin.routes import admin_only, blp
from app.consoles.routes import show_errors
from app.consoles.forms import ActionForm
from app.extensions import db
from app.facilities import csvimport, records, service
from app.facilities.models import Facility
from app.facilities.schemas import FacilityWriteSchema
from app.places.service import district_name, districts_of, served_cities

PER_PAGE = 30
# The editable fields: the API's write schema, minus what the page does not edit as a list.
EDITED = ("name", "district", "street", "address", "credit_code", "registration_form",
          "operation_form", "filing_no", "filed_on", "care_types", "age_min_months",
          "age_max_months", "places", "open_places", "inclusive", "inclusive_places",
          "demonstration_level", "fee_min", "fee_max", "meals", "quality_grade",
          "quality_assessed_on", "phone", "status", "source_note")


def _admin():
    return current_user.user


def district_choices(admin, empty: str | None = "全部区县") -> list:
    """The districts this admin manages, as (code, name)."""
    codes = [d.code for city in served_cities() for d in districts_of(city)
             if scope.in_scope(admin, d.code)]
    return options(([("", empty)] if empty is not None else [])
                   + [(c, district_name(c)) for c in codes])


def _listed(admin, form: FacilityFilterForm):
    stmt = select(Facility)
    in_scope = scope.where_in_scope(admin, Facility.district)
    if in_scope is not None:
        stmt = stmt.where(in_scope)
    if form.district.data:
        stmt = stmt.where(Facility.district == form.district.data)
    if form.inclusive.data:
        stmt = stmt.where(Facility.inclusive.is_(form.inclusive.data == "yes"))
    if form.status.data:
        stmt = stmt.where(Facility.status == form.status.data)
    text = records.normalize(form.q.data or "").strip()
    if text:
        stmt = stmt.where(or_(Facility.name.contains(text, autoescape=True),
                              Facility.credit_code == text.upper(),
                              Facility.filing_no.contains(text, autoescape=True)))
    return stmt.order_by(Facility.updated_at.desc(), Facility.id.desc())


@blp.get("/facilities")
@admin_only
def facilities():
    admin = _admin()
    form = FacilityFilterForm(request.args)
    form.district.choices = district_choices(admin)
    if not form.validate():
        for name, messages in form.errors.items():
            getattr(form, name).data = None
    page = paginate(_listed(admin, form), form.page.data or 1, PER_PAGE)
    return render_template("admin/facilities.html", form=form, page=page,
                           upload_form=UploadForm(), labels=_LABELS, district_name=district_name,
                           args={k: v for k, v in request.args.items() if k != "page"})


_LABELS = {"status": records.STATUSES, "demonstration_level": records.DEMONSTRATION_LEVELS,
           "care_types": records.CARE_TYPES, "registration_form": records.REGISTRATION_FORMS,
           "operation_form": records.OPERATION_FORMS}


# --- upload: dry run, then confirm -------------------------------------------------------------

def _dry_run(data: bytes):
    """Every row checked and nothing written, exactly as `flask facilities import --dry-run`."""
    return service.stage_facility_import(data, admin=_admin(), write=False)


@blp.post("/facilities/upload")
@admin_only
def upload():
    # The CSRF check has read the body already: a file over MAX_CONTENT_LENGTH is a 413 page.
    upload_file = request.files.get("file")
    if not upload_file or not upload_file.filename:
        flash("请选择要上传的 CSV 文件", "error")
        return redirect(url_for(".facilities"))
    data = upload_file.read(csvimport.MAX_FILE_BYTES + 1)
    if not data:
        flash("上传的文件是空的", "error")
        return redirect(url_for(".facilities"))
    report = _dry_run(data)
    with transaction():
        upload_id = uploads.keep(_admin().id, upload_file.filename, data,
                                 uploads.report_of(report, csvimport.MAX_LISTED_ERRORS)).id
    return redirect(url_for(".upload_report", upload_id=upload_id))


@blp.get("/facilities/uploads/<int:upload_id>")
@admin_only
def upload_report(upload_id):
    kept = uploads.own(upload_id, _admin().id)
    report = kept.report
    more = report["error_count"] - len(report["errors"])
    return render_template("admin/facilities_upload.html", upload=kept, report=report,
                           more=more, confirm_form=ActionForm())


class _Refused(DomainError):
    def __init__(self, report):
        super().__init__("import_refused", "导入未完成：文件中有错误，未写入任何数据", status=422)
        self.report = report


@blp.post("/facilities/uploads/<int:upload_id>/confirm")
@admin_only
def confirm_upload(upload_id):
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("consoles/error.html", title="页面已过期",
                               message="表单已失效，请返回刷新页面后重试。"), 400
    admin = _admin()

    def write():
        report = service.stage_facility_import(uploads.take(upload_id, admin.id), admin=admin)
        if not report.ok:
            raise _Refused(report)  # rolls back every row, and puts the file back
        db.session.flush()
        return report

    try:
        with transaction():
            report = write()
    except _Refused as refused:
        # The registry changed since the dry run (e.g. another district took a filing number).
        with transaction():
            uploads.own(upload_id, admin.id).report = uploads.report_of(
                refused.report, csvimport.MAX_LISTED_ERRORS)
        flash(refused.message, "error")
        return redirect(url_for(".upload_report", upload_id=upload_id))
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(url_for(".facilities"))
    flash(f"导入完成：新增 {report.created} 条，更新 {report.updated} 条", "ok")
    return redirect(url_for(".facilities"))


# --- one record --------------------------------------------------------------------------------

def _own_facility(admin, facility_id: int) -> Facility:
    facility = db.session.get(Facility, facility_id)
    if facility is None or not scope.in_scope(admin, facility.district):
        raise NotFound("facility_not_found", "托育机构不存在")
    return facility


def _form_value(facility: Facility, name: str):
    value = getattr(facility, name)
    if name == "meals":
        return "" if value is None else ("true" if value else "false")
    if value is None:
        return "" if name not in ("care_types",) else []
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (bool, list)) else str(value)


def _payload(form: FacilityForm) -> dict:
    """The form as the JSON API's body: empty text is "not given" (None)."""
    data = {}
    for name in EDITED:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value.strip() or None
        data[name] = value
    data["care_types"] = data["care_types"] or []
    data["inclusive"] = bool(data["inclusive"])
    data["meals"] = None if data["meals"] is None else data["meals"] == "true"
    return data


@blp.route("/facilities/<int:facility_id>", methods=["GET", "POST"])
@admin_only
def edit_facility(facility_id):
    admin = _admin()
    facility = _own_facility(admin, facility_id)
    if request.method == "GET":
        form = FacilityForm(data={name: _form_value(facility, name) for name in EDITED})
    else:
        form = FacilityForm()
    form.district.choices = district_choices(admin, empty=None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            data = FacilityWriteSchema().load(_payload(form))
        except ma.ValidationError as invalid:
            show_errors(form, chinese_messages(invalid.messages), EDITED)
        else:
            # Only what changed: an unchanged record is not rewritten (nor logged as edited).
            data = {k: v for k, v in data.items() if getattr(facility, k) != v}
            if not data:
                flash("没有需要保存的修改", "ok")
                return redirect(url_for(".edit_facility", facility_id=facility_id))
            try:
                with transaction():
                    service.update_facility(facility_id, data, admin)
            except DomainError as refused:
                show_errors(form, refused.errors, EDITED)
                flash(refused.message, "error")
            else:
                flash(f"已保存：{data.get('name') or facility.name}", "ok")
                return redirect(url_for(".edit_facility", facility_id=facility_id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/facility_edit.html", form=form, facility=facility,
                           labels=_LABELS), status
