"""Login, the parent's profile and children, staff accounts."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from app.accounts import service, staff
from app.accounts.schemas import (ChildDeletedSchema, ChildSchema, ChildUpdateSchema, CreateStaffSchema,
                                  DevLoginSchema, LoginResponseSchema, PersonalDataSchema,
                                  ProfileUpdateSchema,
                                  StaffListArgsSchema, StaffListItemSchema, StaffLoginSchema,
                                  StaffSchema, UserSchema, WeChatLoginSchema)
from app.common.auth import auth_required, current_user
from app.common.pagination import QueryArgsSchema, page_of, paginate
from app.common.uow import unit_of_work
from app.common.errors import NotFound
from app.extensions import limiter

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="登录、个人信息与孩子")


@blp.route("/auth/wechat-login")
class WeChatLogin(MethodView):
    decorators = [limiter.limit("20/minute")]

    @unit_of_work
    @blp.arguments(WeChatLoginSchema)
    @blp.response(200, LoginResponseSchema)
    def post(self, data):
        """用 wx.login() 的 code 登录（家长）"""
        return service.wechat_login(data["code"])


@blp.route("/auth/dev-login")
class DevLogin(MethodView):
    @unit_of_work
    @blp.arguments(DevLoginSchema)
    @blp.response(200, LoginResponseSchema)
    def post(self, data):
        """开发用登录（仅 DEV_LOGIN=1 时可用）"""
        if not current_app.config["DEV_LOGIN"]:
            raise NotFound("not_found", "请求的资源不存在")
        return service.dev_login(data["openid"], data["role"], data["venue_id"],
                                 data["district"])


@blp.route("/auth/staff-login")
class StaffLogin(MethodView):
    decorators = [limiter.limit("10/minute")]

    @unit_of_work
    @blp.arguments(StaffLoginSchema)
    @blp.response(200, LoginResponseSchema)
    def post(self, data):
        """场地工作人员、管理员用户名密码登录"""
        return service.staff_login(data["username"], data["password"])


@blp.route("/auth/logout")
class Logout(MethodView):
    @auth_required()
    @unit_of_work
    @blp.response(204)
    def post(self):
        """退出登录：此前签发的令牌全部失效"""
        service.logout(current_user())


@blp.route("/me")
class Me(MethodView):
    @auth_required()
    @blp.response(200, UserSchema)
    def get(self):
        """当前用户"""
        return current_user()

    @auth_required()
    @unit_of_work
    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data):
        """修改昵称、区县、手机号，或给出/撤回监护人同意"""
        return service.update_profile(current_user(), data)

    @auth_required("parent")
    @unit_of_work
    @blp.response(204)
    def delete(self):
        """注销账号：删除本人与孩子的信息；服务券台账仅保留不含个人信息的计数"""
        service.delete_account(current_user())


@blp.route("/me/export")
class MyData(MethodView):
    @auth_required()
    @blp.response(200, PersonalDataSchema)
    def get(self):
        """导出我的全部个人信息（含孩子、预约、服务券；向问答机器人的提问不关联账号）"""
        return service.export_personal_data(current_user())


@blp.route("/me/children")
class Children(MethodView):
    @auth_required("parent")
    @blp.arguments(QueryArgsSchema, location="query")
    @blp.response(200, ChildSchema(many=True))
    def get(self, _args):
        """我的孩子"""
        return service.list_children(current_user())

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(ChildSchema)
    @blp.response(201, ChildSchema)
    def post(self, data):
        """添加孩子（出生日期）或待产宝宝（预产期）；需先同意儿童信息保护规则"""
        return service.add_child(current_user(), data)


@blp.route("/me/children/<int:child_id>")
class ChildById(MethodView):
    @auth_required("parent")
    @blp.response(200, ChildSchema)
    def get(self, child_id):
        """一个孩子"""
        return service.get_child(current_user(), child_id)

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(ChildUpdateSchema)
    @blp.response(200, ChildSchema)
    def patch(self, data, child_id):
        """修改孩子信息（宝宝出生后填出生日期）"""
        return service.update_child(current_user(), child_id, data)

    @auth_required("parent")
    @unit_of_work
    @blp.response(200, ChildDeletedSchema)
    def delete(self, child_id):
        """删除孩子信息：未开始的预约取消（候补递补）、未使用的服务券作废，已上过的课保留记录但不再显示孩子信息"""
        return service.delete_child(current_user(), child_id)


@blp.route("/admin/staff")
class StaffAccounts(MethodView):
    @auth_required("admin")
    @blp.arguments(StaffListArgsSchema, location="query")
    @blp.response(200, page_of(StaffListItemSchema))
    def get(self, args):
        """工作人员账号列表：本管辖范围内的场地工作人员（市级管理员另见区县管理员），可按角色、状态、文字、区县筛选"""
        stmt = staff.staff_listing(
            current_user(), role=args.get("role"),
            active=None if "status" not in args else args["status"] == "active",
            text=args.get("q"), district=args.get("district"))
        return paginate(stmt, args["page"], args["per_page"], scalars=False)

    @auth_required("admin")
    @unit_of_work
    @blp.arguments(CreateStaffSchema)
    @blp.response(201, StaffSchema)
    def post(self, data):
        """创建场地工作人员（绑定场地）或管理员账号"""
        return service.create_staff_account(data["username"], data["password"], data["role"],
                                            data["venue_id"], data["nickname"],
                                            data["district"], current_user())


@blp.route("/admin/staff/<int:user_id>/deactivate")
class StaffDeactivation(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.response(200, StaffListItemSchema)
    def post(self, user_id):
        """停用工作人员账号：其控制台登录和接口令牌随即失效；账号与操作记录保留"""
        admin = current_user()
        staff.deactivate_staff(admin, user_id)
        return staff.listing_row(admin, user_id)
