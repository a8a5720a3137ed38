"""Content pages (/admin/venues, courses, sessions, staff): lists with filters, create, edit and
cancel, in the admin's scope.

A posted form goes through the JSON API's marshmallow schema, then the same service function
the API calls, in one unit of work; what either refuses is shown next to its field, and nothing
is written. A district admin lists and changes their district only; another district's object
is the same 404 page as a missing one.
"""
from datetime import date, datetime, time

import marshmallow as ma
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import exists, or_, select

from app.accounts import staff as staff_accounts
from app.accounts.models import User
from app.accounts.schemas import CreateStaffSchema
from app.accounts.service import create_staff_account
from app.common import scope
from app.common.errors import DomainError, chinese_messages
from app.common.pagination import paginate
from app.common.text_search import contains
from app.common.timeutil import SHANGHAI, as_utc, to_local, today_local
from app.common.uow import transaction
from app.consoles.admin.forms_content import (CancelForm, CourseForm, SessionForm, StaffForm,
                                              VenueForm)
from app.consoles.admin.routes import admin_only, blp
from app.consoles.forms import ActionForm
from app.consoles.routes import show_errors, submit
from app.courses import admin as courses_admin
from app.courses import course_city
from app.courses.models import Course, CourseSession, Venue
from app.courses.schemas import (CourseSchema, CourseUpdateSchema, SessionCreateSchema,
                                 SessionUpdateSchema, VenueSchema, VenueUpdateSchema)
from app.extensions import db
from app.places.service import district_name, districts_of, placed_in, registry, served_cities

PER_PAGE = 20
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
VENUE_STATUS = {"active": "开放", "closed": "已停用"}
COURSE_STATUS = {"published": "已发布", "cancelled": "已下线"}
SESSION_STATUS = {"scheduled": "未开始", "cancelled": "已取消", "finished": "已结束"}
STAFF_STATUS = {"active": "启用", "inactive": "已停用"}
ROLE_NAMES = {"venue_staff": "场地工作人员", "admin": "管理员"}


def _admin():
    return current_user.user


# --- what every page of this module shares ----------------------------------------------------

def form_values(form) -> dict:
    """The posted fields as the JSON API receives them: text stripped (empty is None), boxes
    as booleans, checkbox groups as lists."""
    values = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        if field.type == "BooleanField":
            values[field.name] = bool(field.data)
        elif field.type in ("SelectMultipleField", "Checkboxes"):
            values[field.name] = list(field.data or [])
        else:
            values[field.name] = (field.data or "").strip() or None
    return values


def load(schema: ma.Schema, values: dict, form) -> dict | None:
    """`values` through the API's schema; None (and the messages on the form's fields) when it
    refuses. An empty field the schema does not allow to be empty is left out, as a client
    leaves out what it does not set."""
    kept = {name: value for name, value in values.items()
            if value is not None or name in schema.fields and schema.fields[name].allow_none}
    try:
        return schema.load(kept)
    except ma.ValidationError as refused:
        show_errors(form, chinese_messages(refused.normalized_messages()))
        return None


def write(form, action, success) -> bool:
    """Run the service call in one unit of work; its refusal goes next to the field it names
    (or is flashed), and nothing is written."""
    try:
        with transaction():
            result = action()
    except DomainError as refused:
        if refused.status == 404:
            raise
        named = {k: v for k, v in refused.errors.items() if hasattr(getattr(form, k, None),
                                                                     "errors")}
        show_errors(form, named)
        if not named:
            flash(refused.message, "error")
        return False
    flash(success(result) if callable(success) else success, "ok")
    return True


def save(form, schema: ma.Schema, values: dict, action, success, then):
    """A posted form: `values` through the API's schema, then action(data) in one unit of work;
    a redirect to then(result) when it is done, else None (the form is shown again)."""
    data = load(schema, values, form)
    done = {}
    if data is not None and write(form, lambda: done.setdefault("result", action(data)), success):
        return redirect(then(done["result"]))
    return None


def form_page(template: str, **context):
    """A form page; 422 when it comes back from a refused post."""
    return render_template(template, **context), 422 if request.method == "POST" else 200


def reason(form) -> str | None:
    return (form.reason.data or "").strip() or None


def _checked(admin, data: dict, service, *args):
    """A courses write after the API's check of the district or venue the data names."""
    courses_admin.check_scope(admin, data)
    return service(*args, data)


def changed(values: dict, initial: dict) -> dict:
    """An edit sends what the admin changed, as a PATCH does."""
    return {name: value for name, value in values.items() if value != initial.get(name)}


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100000))
    except ValueError:
        return 1


def filter_district(admin) -> str | None:
    """The district filter: a district admin's own district always; else what was chosen."""
    own = scope.district_of_scope(admin)
    if own:
        return own
    chosen = request.args.get("district") or None
    return chosen if registry().get(chosen) is not None and scope.in_scope(admin, chosen) else None


def district_choices(admin, blank: str | None = None, cities: bool = False) -> list:
    """The districts an admin may pick: their own, or every district of the served cities in
    their scope (with the cities themselves when an object may serve a whole city)."""
    own = scope.district_of_scope(admin)
    if own:
        return [(own, district_name(own))]
    choices = [("", blank)] if blank is not None else []
    for city in served_cities():
        if not scope.in_scope(admin, city) and not any(
                scope.in_scope(admin, d.code) for d in districts_of(city)):
            continue
        if cities and scope.in_scope(admin, city):
            choices.append((city, f"{district_name(city)}（全市）"))
        choices.extend((d.code, d.name) for d in districts_of(city) if scope.in_scope(admin, d.code))
    return choices


def _filters() -> dict:
    return {key: request.args.get(key, "").strip() for key in ("q", "status", "district")}


def _scoped(stmt, admin, column):
    condition = scope.where_in_scope(admin, column)
    return stmt if condition is None else stmt.where(condition)


def _by_district(stmt, admin, column):
    district = filter_district(admin)
    return stmt if district is None else stmt.where(placed_in(column, district))


# --- venues -----------------------------------------------------------------------------------

@blp.get("/venues")
@admin_only
def venues():
    admin, filters = _admin(), _filters()
    stmt = _by_district(_scoped(select(Venue), admin, Venue.district), admin, Venue.district)
    if filters["status"] in VENUE_STATUS:
        stmt = stmt.where(Venue.is_active.is_(filters["status"] == "active"))
    if filters["q"]:
        stmt = stmt.where(or_(contains(Venue.name, filters["q"]),
                              contains(Venue.address, filters["q"])))
    found = paginate(stmt.order_by(Venue.district, Venue.name, Venue.id), page_number(), PER_PAGE)
    return render_template("admin/venues.html", page=found, filters=filters,
                           districts=district_choices(admin, "全部区县"), statuses=VENUE_STATUS,
                           district_name=district_name)


def _venue_form(form, admin) -> VenueForm:
    form.district.choices = district_choices(admin, cities=True)
    return form


@blp.route("/venues/new", methods=["GET", "POST"])
@admin_only
def venue_new():
    admin = _admin()
    form = _venue_form(VenueForm(), admin)
    if request.method == "POST":
        done = save(form, VenueSchema(), form_values(form),
                    lambda data: _checked(admin, data, courses_admin.create_venue),
                    lambda v: f"已新增场地：{v.name}", lambda v: url_for(".venues"))
        if done:
            return done
    return form_page("admin/venues_form.html", form=form, venue=None)


def _venue_initial(venue) -> dict:
    return {"name": venue.name, "kind": venue.kind, "district": venue.district,
            "street": venue.street, "address": venue.address,
            "lat": None if venue.lat is None else str(venue.lat),
            "lng": None if venue.lng is None else str(venue.lng),
            "contact": venue.contact, "accessibility": venue.accessibility}


@blp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
@admin_only
def venue_edit(venue_id):
    admin = _admin()
    venue = courses_admin.venue_in_scope(admin, venue_id)
    initial = _venue_initial(venue)
    form = _venue_form(VenueForm(data=initial) if request.method == "GET" else VenueForm(), admin)
    if request.method == "POST":
        done = save(form, VenueUpdateSchema(), changed(form_values(form), initial),
                    lambda data: _checked(admin, data, courses_admin.update_venue, venue_id),
                    "场地信息已保存", lambda v: url_for(".venue_edit", venue_id=venue_id))
        if done:
            return done
    return form_page("admin/venues_form.html", form=form, venue=venue, cancel_form=CancelForm(),
                     action_form=ActionForm())


@blp.post("/venues/<int:venue_id>/close")
@admin_only
def venue_close(venue_id):
    courses_admin.venue_in_scope(_admin(), venue_id)
    form = CancelForm()
    submit(form, lambda: courses_admin.close_venue(venue_id, reason(form)),
           "场地已停用，其未开始的场次及预约已取消")
    return redirect(url_for(".venue_edit", venue_id=venue_id))


@blp.post("/venues/<int:venue_id>/reopen")
@admin_only
def venue_reopen(venue_id):
    courses_admin.venue_in_scope(_admin(), venue_id)
    submit(ActionForm(), lambda: courses_admin.update_venue(venue_id, {"is_active": True}),
           "场地已重新开放，可以新增场次")
    return redirect(url_for(".venue_edit", venue_id=venue_id))


# --- courses (the city's catalogue: a district admin reads it) --------------------------------

@blp.get("/courses")
@admin_only
def courses():
    admin, filters = _admin(), _filters()
    stmt = select(Course)
    if filters["status"] in COURSE_STATUS:
        stmt = stmt.where(Course.status == filters["status"])
    if filters["q"]:
        stmt = stmt.where(or_(contains(Course.title, filters["q"]),
                              contains(Course.summary, filters["q"])))
    listed = course_city.listed_in(scope.city_of_admin(admin))
    if listed is not None:
        stmt = stmt.where(listed)
    district = filter_district(admin)
    if district:
        at_venue = select(CourseSession.id).join(Venue, Venue.id == CourseSession.venue_id).where(
            CourseSession.course_id == Course.id)
        stmt = stmt.where(exists(_by_district(at_venue, admin, Venue.district)))
    found = paginate(stmt.order_by(Course.status.desc(), Course.title, Course.id), page_number(),
                     PER_PAGE)
    return render_template("admin/courses.html", page=found, filters=filters,
                           districts=district_choices(admin, "全部区县"), statuses=COURSE_STATUS,
                           may_edit=not scope.district_of_scope(admin))


def _course_initial(course) -> dict:
    return {"title": course.title, "summary": course.summary, "body": course.body,
            "domain": course.domain, "format": course.format,
            "age_min_months": str(course.age_min_months),
            "age_max_months": str(course.age_max_months),
            "duration_minutes": str(course.duration_minutes), "provider": course.provider,
            "speaker": course.speaker, "accepts_vouchers": course.accepts_vouchers,
            "tags": "，".join(course.tags or []), "city": course.city or ""}


def _course_form(form, admin) -> CourseForm:
    """The cities a course may be for: a city admin's own; every served city, or all of them,
    for an admin of every city."""
    own = scope.city_of_admin(admin)
    form.city.choices = ([(own, district_name(own))] if own else
                         [("", "所有城市")] + [(c, district_name(c)) for c in served_cities()])
    return form


def _course_values(form) -> dict:
    values = form_values(form)
    text = values.get("tags") or ""
    values["tags"] = [t for t in text.replace("，", ",").replace(" ", ",").split(",") if t]
    return values


@blp.route("/courses/new", methods=["GET", "POST"])
@admin_only
def course_new():
    admin = _admin()
    scope.ensure_city_admin(admin)
    form = _course_form(CourseForm(), admin)
    if request.method == "POST":
        done = save(form, CourseSchema(), _course_values(form),
                    lambda data: courses_admin.create_course(data, admin),
                    lambda c: f"已新增课程：{c.title}", lambda c: url_for(".courses"))
        if done:
            return done
    return form_page("admin/courses_form.html", form=form, course=None)


@blp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@admin_only
def course_edit(course_id):
    admin = _admin()
    course = courses_admin.course_in_scope(admin, course_id)
    if request.method == "POST":
        scope.ensure_city_admin(admin)
    initial = _course_initial(course)
    form = _course_form(CourseForm(data=initial) if request.method == "GET" else CourseForm(),
                        admin)
    if request.method == "POST":
        values = changed(_course_values(form), {**initial, "tags": list(course.tags or []),
                                                "city": course.city})
        done = save(form, CourseUpdateSchema(), values,
                    lambda data: courses_admin.update_course(course_id, data, admin),
                    "课程信息已保存",
                    lambda c: url_for(".course_edit", course_id=course_id))
        if done:
            return done
    return form_page("admin/courses_form.html", form=form, course=course, cancel_form=CancelForm(),
                     may_edit=not scope.district_of_scope(_admin()))


@blp.post("/courses/<int:course_id>/cancel")
@admin_only
def course_cancel(course_id):
    admin = _admin()
    scope.ensure_city_admin(admin)
    courses_admin.course_in_scope(admin, course_id)
    form = CancelForm()
    submit(form, lambda: courses_admin.cancel_course(course_id, reason(form), admin),
           "课程已下线，其未开始的场次及预约已取消")
    return redirect(url_for(".course_edit", course_id=course_id))


# --- sessions ---------------------------------------------------------------------------------

@blp.get("/sessions")
@admin_only
def sessions():
    admin, filters = _admin(), _filters()
    filters["from"] = request.args.get("from", "").strip()
    stmt = (select(CourseSession, Course.title, Venue.name, Venue.district)
            .join(Course, Course.id == CourseSession.course_id)
            .join(Venue, Venue.id == CourseSession.venue_id))
    stmt = _by_district(_scoped(stmt, admin, Venue.district), admin, Venue.district)
    if filters["status"] in SESSION_STATUS:
        stmt = stmt.where(CourseSession.status == filters["status"])
    if filters["q"]:
        stmt = stmt.where(or_(contains(Course.title, filters["q"]),
                              contains(Venue.name, filters["q"])))
    try:
        first = to_local_day(filters["from"]) if filters["from"] else None
    except ValueError:
        flash("开始日期格式应为 YYYY-MM-DD", "error")
        first = None
    if first is not None:
        stmt = stmt.where(CourseSession.starts_at >= first)
    found = paginate(stmt.order_by(CourseSession.starts_at.desc(), CourseSession.id.desc()),
                     page_number(), PER_PAGE, scalars=False)
    return render_template("admin/sessions.html", page=found, filters=filters,
                           districts=district_choices(admin, "全部区县"), statuses=SESSION_STATUS,
                           district_name=district_name, today=today_local())


def to_local_day(text: str):
    return as_utc(datetime.combine(date.fromisoformat(text), time.min, SHANGHAI))


def venue_choices(admin) -> list:
    """The open venues in the admin's scope, for a session or a clerk."""
    venues_ = db.session.execute(_scoped(select(Venue.id, Venue.name, Venue.district).where(
        Venue.is_active.is_(True)), admin, Venue.district).order_by(Venue.district, Venue.name)).all()
    return [("", "请选择场地")] + [(str(v.id), f"{v.name}（{district_name(v.district)}）")
                                for v in venues_]


def _session_form(form, admin, session=None) -> SessionForm:
    published = select(Course.id, Course.title).where(Course.status == "published")
    listed = course_city.listed_in(scope.city_of_admin(admin))
    courses_ = db.session.execute((published if listed is None else published.where(listed))
                                  .order_by(Course.title)).all()
    form.course_id.choices = [("", "请选择课程")] + [(str(c.id), c.title) for c in courses_]
    form.venue_id.choices = venue_choices(admin)
    if session is not None and str(session.venue_id) not in dict(form.venue_id.choices):
        form.venue_id.choices.append((str(session.venue_id), session.venue.name))
    return form


def _minute(value) -> str | None:
    return to_local(value).strftime(LOCAL_MINUTE) if value else None


def _session_initial(session) -> dict:
    return {"venue_id": str(session.venue_id), "starts_at": _minute(session.starts_at),
            "ends_at": _minute(session.ends_at), "capacity": str(session.capacity),
            "booking_opens_at": _minute(session.booking_opens_at),
            "booking_closes_at": _minute(session.booking_closes_at),
            "online_url": session.online_url}


@blp.route("/sessions/new", methods=["GET", "POST"])
@admin_only
def session_new():
    admin = _admin()
    form = _session_form(SessionForm(), admin)
    if request.method == "GET" and request.args.get("venue_id"):
        form.venue_id.data = request.args["venue_id"]
    if request.method == "POST":
        done = save(form, SessionCreateSchema(), form_values(form),
                    lambda data: _checked(admin, data, courses_admin.create_session),
                    lambda s: f"已新增场次：{to_local(s.starts_at):%m-%d %H:%M}",
                    lambda s: url_for(".sessions"))
        if done:
            return done
    return form_page("admin/sessions_form.html", form=form, session=None)


@blp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@admin_only
def session_edit(session_id):
    admin = _admin()
    session = courses_admin.session_in_scope(admin, session_id)
    initial = _session_initial(session)
    form = _session_form(SessionForm(data=initial) if request.method == "GET" else SessionForm(),
                         admin, session)
    del form.course_id   # a session stays a session of its course
    if request.method == "POST":
        done = save(form, SessionUpdateSchema(), changed(form_values(form), initial),
                    lambda data: _checked(admin, data, courses_admin.update_session, session_id),
                    "场次已修改", lambda s: url_for(".session_edit", session_id=session_id))
        if done:
            return done
    return form_page("admin/sessions_form.html", form=form, session=session,
                     cancel_form=CancelForm(), statuses=SESSION_STATUS)


@blp.post("/sessions/<int:session_id>/cancel")
@admin_only
def session_cancel(session_id):
    courses_admin.session_in_scope(_admin(), session_id)
    form = CancelForm()
    submit(form, lambda: courses_admin.cancel_session(session_id, reason(form)),
           "场次已取消，已预约和候补的家长随之取消并退回服务券")
    return redirect(url_for(".session_edit", session_id=session_id))


# --- staff accounts ---------------------------------------------------------------------------

@blp.get("/staff")
@admin_only
def staff():
    admin, filters = _admin(), _filters()
    filters["role"] = request.args.get("role", "").strip()
    stmt = staff_accounts.staff_listing(
        admin, role=filters["role"] if filters["role"] in ROLE_NAMES else None,
        active=(filters["status"] == "active") if filters["status"] in STAFF_STATUS else None,
        text=filters["q"] or None, district=filter_district(admin))
    found = paginate(stmt, page_number(), PER_PAGE, scalars=False)
    return render_template("admin/staff.html", page=found, filters=filters,
                           districts=district_choices(admin, "全部区县"), statuses=STAFF_STATUS,
                           roles=ROLE_NAMES, district_name=district_name,
                           action_form=ActionForm(), me=admin.id)


def _staff_form(form, admin) -> StaffForm:
    form.venue_id.choices = venue_choices(admin)
    if scope.district_of_scope(admin):
        form.role.choices = [("venue_staff", "场地工作人员")]
        form.district.choices = []
    else:
        form.district.choices = district_choices(admin, cities=True)
    return form


@blp.route("/staff/new", methods=["GET", "POST"])
@admin_only
def staff_new():
    admin = _admin()
    form = _staff_form(StaffForm(), admin)
    if request.method == "POST":
        values = form_values(form)
        values.pop("venue_id" if values.get("role") == "admin" else "district", None)
        done = save(form, CreateStaffSchema(), values, lambda data: create_staff_account(
            data["username"], data["password"], data["role"], data["venue_id"],
            data["nickname"], data["district"], admin),
            lambda u: f"已创建{ROLE_NAMES[u.role]}账号：{u.username}", lambda u: url_for(".staff"))
        if done:
            return done
    return form_page("admin/staff_form.html", form=form)


@blp.post("/staff/<int:user_id>/deactivate")
@admin_only
def staff_deactivate(user_id):
    admin = _admin()
    account = staff_accounts.staff_in_scope(admin, user_id)
    name = account.username
    submit(ActionForm(), lambda: staff_accounts.deactivate_staff(admin, user_id),
           f"已停用账号：{name}（其登录随即失效）")
    return redirect(url_for(".staff", **{k: v for k, v in request.args.items()}))

