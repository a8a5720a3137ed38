"""Catalogue, sessions, bookings, check-in, roster, and the admin's venues, courses, sessions."""

from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user, optional_user
from app.common import scope
from app.common.cache import public_cache
from app.places.service import city_cache_key
from app.common.idempotency import idempotent_response
from app.common.pagination import page_of, page_from_list
from app.common.uow import unit_of_work
from app.courses import admin, attendance, booking, catalogue, lookup, offers, waitlist
from app.courses.schemas import (AdminSessionSchema, BookingCreateSchema, BookingSchema,
                                 CancelSchema,
                                 CheckinResultSchema, CheckinSchema, CourseDetailSchema,
                                 CourseItemSchema, CourseListArgsSchema, CourseSchema,
                                 CourseUpdateSchema,
                                 MyBookingsArgsSchema, MyBookingSchema, BookingQrSchema,
                                 RosterArgsSchema, RosterEntrySchema, SessionCreateSchema,
                                 SessionListArgsSchema, SessionSchema, SessionUpdateSchema,
                                 VenueListArgsSchema, VenueSchema, VenueUpdateSchema)
from app.extensions import limiter

blp = Blueprint("courses", __name__, url_prefix="/api/v1",
                description="育儿指导课程、场次、预约与候补、签到")


_BOOKING = BookingSchema()


# --- catalogue --------------------------------------------------------------------------------

@blp.route("/courses")
class Courses(MethodView):
    @public_cache(personal=True, vary=city_cache_key)  # child_id filters by the parent's child
    @blp.arguments(CourseListArgsSchema, location="query")
    @blp.response(200, page_of(CourseItemSchema))
    def get(self, args):
        """课程目录：关键词、领域、形式、月龄或孩子、区县筛选"""
        return catalogue.list_courses(args, optional_user())


@blp.route("/courses/<int:course_id>")
class CourseById(MethodView):
    @public_cache(vary=city_cache_key)
    @blp.response(200, CourseDetailSchema)
    def get(self, course_id):
        """课程详情与即将开始的场次（含剩余名额）"""
        return catalogue.course_detail(course_id)


@blp.route("/sessions")
class Sessions(MethodView):
    @public_cache(personal=True, vary=city_cache_key)  # child_id filters by the parent's child
    @blp.arguments(SessionListArgsSchema, location="query")
    @blp.response(200, page_of(SessionSchema))
    def get(self, args):
        """场次：日期、区县、课程、场地、月龄或孩子、有空位、可预约筛选；传 lat/lng 按距离排序，
        加 radius_km 只看半径内"""
        return catalogue.list_sessions(args, optional_user())


@blp.route("/sessions/<int:session_id>")
class SessionById(MethodView):
    @public_cache
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """一个场次：时间、场地、剩余名额、能否预约"""
        return lookup.get_session(session_id, with_course=True)


@blp.route("/venues")
class Venues(MethodView):
    @public_cache(vary=city_cache_key)
    @blp.arguments(VenueListArgsSchema, location="query")
    @blp.response(200, page_of(VenueSchema))
    def get(self, args):
        """场地列表"""
        return catalogue.list_venues(args)


@blp.route("/venues/<int:venue_id>")
class VenueById(MethodView):
    @public_cache
    @blp.response(200, VenueSchema)
    def get(self, venue_id):
        """一个场地：地址、联系电话、无障碍与母婴室说明"""
        return catalogue.venue_detail(venue_id)


# --- bookings ---------------------------------------------------------------------------------

@blp.route("/sessions/<int:session_id>/bookings")
class SessionBookings(MethodView):
    decorators = [limiter.limit("30/minute")]

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(BookingCreateSchema)
    @blp.response(201, BookingSchema)
    @blp.alt_response(409, description="未开放/已截止/已取消/已开始/年龄不符/重复预约/超过上限")
    def post(self, data, session_id):
        """预约场次：有空位即预约成功，已满则进入候补；支持 Idempotency-Key"""
        user = current_user()
        return idempotent_response("booking", user.id, lambda: (_BOOKING.dump(
            booking.book(user, session_id, data.get("child_id"), data)), 201))


@blp.route("/bookings/<int:booking_id>")
class BookingById(MethodView):
    @auth_required("parent")
    @unit_of_work
    @blp.response(200, BookingSchema)
    def delete(self, booking_id):
        """取消预约（开课前）；空出的名额限时留给候补第一位确认（临近截止时直接递补）"""
        return waitlist.cancel_booking(current_user(), booking_id)


@blp.route("/bookings/<int:booking_id>/accept-offer")
class AcceptOffer(MethodView):
    @auth_required("parent")
    @unit_of_work
    @blp.response(200, BookingSchema)
    def post(self, booking_id):
        """确认候补递补名额（须在 offer_expires_at 之前）"""
        return offers.accept_offer(current_user(), booking_id)


@blp.route("/bookings/<int:booking_id>/qr")
class BookingQr(MethodView):
    @auth_required("parent")
    @blp.response(200, BookingQrSchema)
    def get(self, booking_id):
        """签到二维码内容（短时有效，过期请重新获取）"""
        return booking.booking_qr(current_user(), booking_id)


@blp.route("/me/bookings")
class MyBookings(MethodView):
    @auth_required("parent")
    @blp.arguments(MyBookingsArgsSchema, location="query")
    @blp.response(200, page_of(MyBookingSchema))
    def get(self, args):
        """我的预约：upcoming 即将参加（含候补），past 已结束或已取消"""
        return catalogue.my_bookings(current_user(), args["when"], args["page"],
                                     args["per_page"])


# --- venue staff ------------------------------------------------------------------------------

@blp.route("/sessions/<int:session_id>/checkins")
class Checkins(MethodView):
    @auth_required("venue_staff", "admin")
    @unit_of_work
    @blp.arguments(CheckinSchema)
    @blp.response(200, CheckinResultSchema)
    def post(self, data, session_id):
        """签到：预约号或扫描家长的签到二维码；重复扫码无影响"""
        booking, already = attendance.check_in(current_user(), session_id, data.get("booking_id"),
                                            data.get("qr_token"))
        message = "该预约此前已签到，无需重复签到" if already else "签到成功"
        return {"booking": booking, "already_checked_in": already, "message": message}


@blp.route("/sessions/<int:session_id>/roster")
class Roster(MethodView):
    @auth_required("venue_staff", "admin")
    @blp.arguments(RosterArgsSchema, location="query")
    @blp.response(200, page_of(RosterEntrySchema))
    def get(self, args, session_id):
        """本场次名单：仅显示昵称，不含手机号"""
        _, entries = attendance.roster(current_user(), session_id)
        return page_from_list(entries, args["page"], args["per_page"])


# --- admin ------------------------------------------------------------------------------------

@blp.route("/admin/venues")
class AdminVenues(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(VenueSchema)
    @blp.response(201, VenueSchema)
    def post(self, data):
        """新增场地"""
        admin.check_scope(current_user(), data)
        return admin.create_venue(data)


@blp.route("/admin/venues/<int:venue_id>")
class AdminVenueById(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(VenueUpdateSchema)
    @blp.response(200, VenueSchema)
    def patch(self, data, venue_id):
        """修改场地"""
        admin.venue_in_scope(current_user(), venue_id)
        admin.check_scope(current_user(), data)
        return admin.update_venue(venue_id, data)


@blp.route("/admin/venues/<int:venue_id>/cancel")
class AdminVenueCancel(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CancelSchema)
    @blp.response(200, VenueSchema)
    def post(self, data, venue_id):
        """停用场地：取消其未开始的场次及预约"""
        admin.venue_in_scope(current_user(), venue_id)
        return admin.close_venue(venue_id, data["reason"])


@blp.route("/admin/courses")
class AdminCourses(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CourseSchema)
    @blp.response(201, CourseSchema)
    def post(self, data):
        """新增课程"""
        scope.ensure_city_admin(current_user())
        return admin.create_course(data, current_user())


@blp.route("/admin/courses/<int:course_id>")
class AdminCourseById(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CourseUpdateSchema)
    @blp.response(200, CourseSchema)
    def patch(self, data, course_id):
        """修改课程"""
        scope.ensure_city_admin(current_user())
        return admin.update_course(course_id, data, current_user())


@blp.route("/admin/courses/<int:course_id>/cancel")
class AdminCourseCancel(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CancelSchema)
    @blp.response(200, CourseSchema)
    def post(self, data, course_id):
        """下线课程：取消其未开始的场次及预约"""
        scope.ensure_city_admin(current_user())
        return admin.cancel_course(course_id, data["reason"], current_user())


@blp.route("/admin/sessions")
class AdminSessions(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(SessionCreateSchema)
    @blp.response(201, AdminSessionSchema)
    def post(self, data):
        """新增场次"""
        admin.check_scope(current_user(), data)
        return admin.create_session(data)


@blp.route("/admin/sessions/<int:session_id>")
class AdminSessionById(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(SessionUpdateSchema)
    @blp.response(200, AdminSessionSchema)
    def patch(self, data, session_id):
        """修改场次；扩大容量时空出的名额按候补顺序限时留给候补家长确认"""
        admin.session_in_scope(current_user(), session_id)
        admin.check_scope(current_user(), data)
        return admin.update_session(session_id, data)


@blp.route("/admin/sessions/<int:session_id>/cancel")
class AdminSessionCancel(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CancelSchema)
    @blp.response(200, AdminSessionSchema)
    def post(self, data, session_id):
        """取消场次：其全部预约与候补随之取消（并释放预约占用的服务券）"""
        admin.session_in_scope(current_user(), session_id)
        return admin.cancel_session(session_id, data["reason"])
