"""Venue staff schedule sessions at their own venue (the JSON twin of /venue/schedule)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.uow import unit_of_work
from app.common.pagination import page_from_list, page_of
from app.common.timeutil import today_local
from app.courses import home_visits, scheduling
from app.courses.schemas import CancelSchema
from app.courses.venue_schemas import (VenueSessionCreateSchema, VenueSessionListArgsSchema,
                                       VenueSessionSchema, VenueSessionUpdateSchema)

blp = Blueprint("venue_sessions", __name__, url_prefix="/api/v1/venue",
                description="场地工作人员排课：仅限本场地的场次")


def _row(session):
    return _flat(scheduling.with_counts(session), home_visits.visits_by_session([session.id]))


def _flat(row: dict, visits: dict):
    session = row["session"]
    session.booked, session.waiting, session.checked_in = \
        row["booked"], row["waiting"], row["checked_in"]
    session.home_visits = visits.get(session.id, []) if home_visits.is_home_visit(session) \
        else None
    return session


@blp.route("/sessions")
class VenueSessions(MethodView):
    @auth_required("venue_staff")
    @blp.arguments(VenueSessionListArgsSchema, location="query")
    @blp.response(200, page_of(VenueSessionSchema))
    def get(self, args):
        """本场地的场次（默认今天起 8 天），含已约、候补、已签到人数"""
        rows = scheduling.venue_sessions(current_user().venue_id,
                                         args.get("from_") or today_local(), args["days"])
        visits = home_visits.visits_by_session([r["session"].id for r in rows])
        return page_from_list([_flat(r, visits) for r in rows], args["page"], args["per_page"])

    @auth_required("venue_staff")
    @unit_of_work
    @blp.arguments(VenueSessionCreateSchema)
    @blp.response(201, VenueSessionSchema)
    def post(self, data):
        """在本场地新增场次（规则同管理员：不得早于现在，预约时间窗合理）"""
        session = scheduling.schedule(current_user(), data)
        return _row(session)


@blp.route("/sessions/<int:session_id>")
class VenueSessionById(MethodView):
    @auth_required("venue_staff")
    @blp.response(200, VenueSessionSchema)
    def get(self, session_id):
        """本场地的一个场次；其他场地的场次为 404"""
        return _row(scheduling.own_session(current_user(), session_id))

    @auth_required("venue_staff")
    @unit_of_work
    @blp.arguments(VenueSessionUpdateSchema)
    @blp.response(200, VenueSessionSchema)
    def patch(self, data, session_id):
        """修改本场地的场次；扩大容量时候补家长按顺序递补"""
        session = scheduling.reschedule(current_user(), session_id, data)
        return _row(session)


@blp.route("/sessions/<int:session_id>/cancel")
class VenueSessionCancel(MethodView):
    @auth_required("venue_staff")
    @unit_of_work
    @blp.arguments(CancelSchema)
    @blp.response(200, VenueSessionSchema)
    def post(self, data, session_id):
        """取消本场地的场次：预约与候补随之取消，预约占用的服务券退回"""
        session = scheduling.cancel(current_user(), session_id, data["reason"])
        return _row(session)
