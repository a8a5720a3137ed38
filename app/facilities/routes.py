"""Facility (托育机构) and nursing room (母婴室) search for parents; create and edit for admins."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.uow import unit_of_work
from app.facilities import service
from app.facilities.schemas import (FacilityCreateSchema, FacilityDetailSchema,
                                    FacilitySearchArgsSchema, FacilitySearchPageSchema,
                                    FacilityWriteSchema, NursingRoomCreateSchema,
                                    NursingRoomPageSchema, NursingRoomSchema,
                                    NursingRoomSearchArgsSchema)

blp = Blueprint("facilities", __name__, url_prefix="/api/v1", description="托育机构与母婴室查询")


@blp.route("/facilities")
class Facilities(MethodView):
    @blp.arguments(FacilitySearchArgsSchema, location="query")
    @blp.response(200, FacilitySearchPageSchema)
    def get(self, args):
        """查找托育机构：名称/拼音/首字母/错别字，区县、服务类型、月龄、普惠、示范、空位、收费、供餐、附近"""
        return service.search_facilities(args)


@blp.route("/facilities/<int:facility_id>")
class FacilityById(MethodView):
    @blp.response(200, FacilityDetailSchema)
    def get(self, facility_id):
        """托育机构详情（备案与信息公示）"""
        return service.get_public_facility(facility_id)


@blp.route("/admin/facilities")
class AdminFacilities(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(FacilityCreateSchema)
    @blp.response(201, FacilityDetailSchema)
    def post(self, data):
        """新增托育机构（保存后立即可被搜索）"""
        return service.create_facility(data, current_user())


@blp.route("/admin/facilities/<int:facility_id>")
class AdminFacilityById(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(FacilityWriteSchema)
    @blp.response(200, FacilityDetailSchema)
    def patch(self, data, facility_id):
        """修改托育机构（保存后立即可被搜索）"""
        return service.update_facility(facility_id, data, current_user())


@blp.route("/nursing-rooms")
class NursingRooms(MethodView):
    @blp.arguments(NursingRoomSearchArgsSchema, location="query")
    @blp.response(200, NursingRoomPageSchema)
    def get(self, args):
        """查找母婴室：名称/场所/地址，设施，附近"""
        return service.search_rooms(args)


@blp.route("/admin/nursing-rooms")
class AdminNursingRooms(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(NursingRoomCreateSchema)
    @blp.response(201, NursingRoomSchema)
    def post(self, data):
        """新增母婴室"""
        return service.create_room(data, current_user())


@blp.route("/admin/nursing-rooms/<int:room_id>")
class AdminNursingRoomById(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.arguments(NursingRoomSchema)
    @blp.response(200, NursingRoomSchema)
    def patch(self, data, room_id):
        """修改母婴室"""
        return service.update_room(room_id, data, current_user())
