"""The venue's console (/venue/): today, a session at the door, scheduling.

Views are routes: they parse a form, call the same service functions as the JSON API, commit,
and redirect to the page that shows the result (so a reload never repeats a write).
"""
from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.common.spreadsheet import ExcelCsv, download
from app.common.timeutil import as_utc, to_local, today_local, utcnow
from app.consoles.auth import staff_required
from app.consoles.forms import ActionForm
from app.consoles.routes import attempt as _attempt, console_blueprint, submit as _submit
from app.consoles.venue import queries
from app.consoles.venue.forms import CancelForm, CheckinForm, RedeemForm, ScheduleForm, SessionTimesForm
from app.courses import attendance, home_visits, scheduling
from app.courses.lookup import get_venue
from app.courses.models import Course, CourseSession
from app.extensions import db
from app.vouchers import redemption

blp = console_blueprint("venue", "/venue", "场地工作台", ("venue_staff",), "venue.today")
staff_only = staff_required("venue_staff")

DAYS_SHOWN = 8  # today and the next 7 days
BOOKING_STATUS = {"confirmed": "已预约", "waitlisted": "候补", "attended": "已签到",
                  "no_show": "未到", "cancelled": "已取消"}
SESSION_STATUS = {"scheduled": "", "cancelled": "已取消", "finished": "已结束"}
WEEKDAYS = "一二三四五六日"


@blp.app_template_filter("local")
def _local(value: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    return to_local(value).strftime(fmt) if value else ""


@blp.app_template_filter("weekday")
def _weekday(value) -> str:
    return "周" + WEEKDAYS[value.weekday()]


def _staff():
    return current_user.user


# --- today --------------------------------------------------------------------------------------

@blp.get("/")
@staff_only
def today():
    first = today_local()
    rows = scheduling.venue_sessions(_staff().venue_id, first, DAYS_SHOWN)
    days = [(first + timedelta(days=n), []) for n in range(DAYS_SHOWN)]
    by_day = dict(days)
    for row in rows:
        by_day[to_local(row["session"].starts_at).date()].append(row)
    return render_template("venue/today.html", days=days, today=first,
                           venue=get_venue(_staff().venue_id),
                           session_status=SESSION_STATUS)


# --- one session at the door --------------------------------------------------------------------

def _roster(session_id: int):
    """The staff member's own session, its roster, and the voucher held on each booking."""
    session = scheduling.own_session(_staff(), session_id)
    _, entries = attendance.roster(_staff(), session_id)
    return session, entries, queries.vouchers_by_booking(session_id,
                                                         [e["booking_id"] for e in entries])


@blp.get("/sessions/<int:session_id>")
@staff_only
def session_page(session_id):
    session, entries, held = _roster(session_id)
    now = utcnow()
    redemptions = queries.undoable_redemptions(session_id, now)
    counts = {status: sum(e["status"] == status for e in entries) for status in BOOKING_STATUS}
    addresses = {v["booking_id"]: v["address"]
                 for v in home_visits.visits_by_session([session_id]).get(session_id, [])}
    return render_template(
        "venue/session.html", session=session, entries=entries, held=held, counts=counts,
        addresses=addresses,
        status_label=BOOKING_STATUS, session_status=SESSION_STATUS,
        redemptions=redemptions,
        redeemed_for={r["booking_id"] for r in redemptions if r["marked_attended"]},
        ended=session.ends_at <= now, undo_after=now - attendance.CHECKIN_UNDO_WINDOW,
        checkin_form=CheckinForm(), redeem_form=RedeemForm(),
        action_form=ActionForm())


@blp.post("/sessions/<int:session_id>/checkin")
@staff_only
def checkin(session_id):
    scheduling.own_session(_staff(), session_id)
    form = CheckinForm()

    def done(result):
        booking, already = result
        return (f"预约号 {booking.id} 此前已签到，无需重复签到" if already
                else f"预约号 {booking.id} 签到成功")

    _submit(form, lambda: attendance.check_in(_staff(), session_id, form.booking_id.data,
                                           form.qr_token.data or None), done)
    return redirect(url_for(".session_page", session_id=session_id))


@blp.post("/sessions/<int:session_id>/checkins/<int:booking_id>/undo")
@staff_only
def undo_checkin(session_id, booking_id):
    scheduling.own_session(_staff(), session_id)
    _submit(ActionForm(), lambda: attendance.undo_check_in(_staff(), session_id, booking_id),
            f"已撤销预约号 {booking_id} 的签到")
    return redirect(url_for(".session_page", session_id=session_id))


@blp.post("/sessions/<int:session_id>/redeem")
@staff_only
def redeem(session_id):
    scheduling.own_session(_staff(), session_id)
    form = RedeemForm()
    code = (form.code.data or "").strip() or None
    _submit(form, lambda: redemption.redeem(_staff(), session_id, None if form.qr.data else code,
                                            form.qr.data or None, walk_in=form.walk_in.data),
            lambda receipt: f"核销成功：{receipt.batch_name}"
                            + ("，已同时签到" if receipt.marked_attended else "")
                            + "；15 分钟内可撤销")
    return redirect(url_for(".session_page", session_id=session_id))


@blp.post("/sessions/<int:session_id>/redemptions/<int:redemption_id>/undo")
@staff_only
def undo_redemption(session_id, redemption_id):
    scheduling.own_session(_staff(), session_id)
    if queries.redemption_of_session(session_id, redemption_id) is None:
        return render_template("consoles/error.html", title="页面不存在",
                               message="没有找到该核销记录。"), 404
    _submit(ActionForm(), lambda: redemption.reverse(_staff(), redemption_id, "场地工作台撤销"),
            "已撤销核销，服务券已退回；签到保留，如签到也有误请再撤销签到")
    return redirect(url_for(".session_page", session_id=session_id))


@blp.post("/sessions/<int:session_id>/no-shows")
@staff_only
def mark_no_shows(session_id):
    session = scheduling.own_session(_staff(), session_id)
    if session.ends_at > utcnow():
        flash("课程结束后才能标记未到", "error")
    else:
        _submit(ActionForm(), lambda: attendance.finish_sessions(session_id=session_id),
                lambda counts: f"已结束本场次：{counts['no_show']} 人标记为未到")
    return redirect(url_for(".session_page", session_id=session_id))


@blp.get("/sessions/<int:session_id>/attendance.csv")
@staff_only
def attendance_csv(session_id):
    session, entries, held = _roster(session_id)
    rows = ExcelCsv()
    writer = rows.writer
    writer.writerow(["预约号", "孩子", "阶段", "状态", "签到时间", "服务券"])
    for e in entries:
        writer.writerow([e["booking_id"], e["child_nickname"] or "", e["child_stage"],
                         BOOKING_STATUS[e["status"]],
                         _local(e["checked_in_at"], "%Y-%m-%d %H:%M"), held.get(e["booking_id"], "")])
    day = to_local(session.starts_at).strftime("%Y%m%d")
    return download(rows.text(), f"attendance-{session.id}-{day}")


# --- scheduling ------------------------------------------------------------------------------------

def _course_choices():
    courses_ = db.session.execute(select(Course.id, Course.title).where(
        Course.status == "published").order_by(Course.title)).all()
    return [(0, "请选择课程")] + [(c.id, c.title) for c in courses_]


def _online(venue) -> bool:
    return venue.kind == "线上" and "online_url" in CourseSession.__table__.c


def _times(form) -> dict:
    starts = as_utc(datetime.combine(form.day.data, form.start.data))
    data = {"starts_at": starts, "capacity": form.capacity.data}
    if form.end.data:
        data["ends_at"] = as_utc(datetime.combine(form.day.data, form.end.data))
    for name in ("booking_opens_at", "booking_closes_at"):
        if getattr(form, name).data:
            data[name] = as_utc(getattr(form, name).data)
    if form.online_url.data:
        data["online_url"] = form.online_url.data
    return data


@blp.route("/schedule", methods=["GET", "POST"])
@staff_only
def schedule():
    venue = get_venue(_staff().venue_id)
    form = ScheduleForm()
    form.course_id.choices = _course_choices()
    if form.validate_on_submit():
        if _attempt(lambda: scheduling.schedule(_staff(), {"course_id": form.course_id.data,
                                                             **_times(form)}),
                    lambda s: f"已新增场次：{to_local(s.starts_at):%m-%d %H:%M}"):
            return redirect(url_for(".schedule"))
    upcoming = scheduling.venue_sessions(venue.id, today_local(), 60)
    return render_template("venue/schedule.html", form=form, venue=venue, rows=upcoming,
                           online=_online(venue), session_status=SESSION_STATUS), \
        422 if form.errors else 200


@blp.route("/schedule/<int:session_id>", methods=["GET", "POST"])
@staff_only
def edit_session(session_id):
    session = scheduling.own_session(_staff(), session_id)
    venue = get_venue(session.venue_id)
    form = SessionTimesForm()
    if request.method == "GET":
        local = to_local(session.starts_at)
        form.day.data, form.start.data = local.date(), local.time()
        form.end.data = to_local(session.ends_at).time()
        form.capacity.data = session.capacity
        form.booking_opens_at.data = to_local(session.booking_opens_at).replace(tzinfo=None)
        form.booking_closes_at.data = to_local(session.booking_closes_at).replace(tzinfo=None)
        form.online_url.data = getattr(session, "online_url", None)
    elif form.validate_on_submit():
        if _attempt(lambda: scheduling.reschedule(_staff(), session_id, _times(form)),
                    "场次已修改"):
            return redirect(url_for(".schedule"))
    return render_template("venue/edit_session.html", form=form, session=session,
                           cancel_form=CancelForm(), online=_online(venue)), \
        422 if form.errors else 200


@blp.post("/schedule/<int:session_id>/cancel")
@staff_only
def cancel_session(session_id):
    scheduling.own_session(_staff(), session_id)
    form = CancelForm()
    if _submit(form, lambda: scheduling.cancel(_staff(), session_id, form.reason.data or None),
               "场次已取消，已预约的家长随之取消并退回服务券"):
        return redirect(url_for(".schedule"))
    return redirect(url_for(".edit_session", session_id=session_id))
