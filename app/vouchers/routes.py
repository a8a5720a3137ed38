"""Voucher batches (admin), holding and claiming (parent), redeeming (venue staff)."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.idempotency import HEADER, idempotent_response
from app.common.pagination import PageArgsSchema, QueryArgsSchema, page_of, paginate
from app.common.spreadsheet import download
from app.common.uow import unit_of_work
from app.extensions import limiter
from app.vouchers import batches, holding, issuing, redemption, stats
from app.vouchers.schemas import (BatchCreateSchema, BatchSchema, BatchUpdateSchema, ClaimSchema,
                                  IssueResultSchema, MyVouchersArgsSchema, OfferSchema,
                                  RedeemSchema, RedemptionItemSchema, RedemptionListArgsSchema,
                                  RedemptionSchema, ReversalSchema, ReverseSchema,
                                  StatsArgsSchema, StatsSchema, VoucherQrSchema, VoucherSchema)

blp = Blueprint("vouchers", __name__, url_prefix="/api/v1", description="科学育儿公共指导服务券")


# --- admin --------------------------------------------------------------------------------

@blp.route("/admin/voucher-batches")
class Batches(MethodView):
    @auth_required("admin")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(BatchSchema))
    def get(self, args):
        """发放批次列表"""
        return paginate(batches.batches_query(current_user()), args["page"], args["per_page"])

    @auth_required("admin")
    @unit_of_work
    @blp.arguments(BatchCreateSchema)
    @blp.response(201, BatchSchema)
    def post(self, data):
        """创建发放批次（草稿）"""
        return batches.create_batch(data, current_user())


@blp.route("/admin/voucher-batches/<int:batch_id>")
class BatchById(MethodView):
    @auth_required("admin")
    @blp.response(200, BatchSchema)
    def get(self, batch_id):
        """一个发放批次"""
        return batches.batch_in_scope(current_user(), batch_id)

    @auth_required("admin")
    @unit_of_work
    @blp.arguments(BatchUpdateSchema(partial=True))
    @blp.response(200, BatchSchema)
    def patch(self, data, batch_id):
        """修改草稿批次（发放中的批次只能结束）"""
        batches.batch_in_scope(current_user(), batch_id)
        if "districts" in data:
            batches.check_districts(current_user(), data["districts"])
        return batches.update_draft(batch_id, data)

    @auth_required("admin")
    @unit_of_work
    @blp.response(204)
    def delete(self, batch_id):
        """删除草稿批次"""
        batches.batch_in_scope(current_user(), batch_id)
        batches.delete_draft(batch_id)


@blp.route("/admin/voucher-batches/<int:batch_id>/activate")
class ActivateBatch(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.response(200, BatchSchema)
    def post(self, batch_id):
        """开始发放"""
        batches.batch_in_scope(current_user(), batch_id)
        return batches.set_batch_status(batch_id, "active")


@blp.route("/admin/voucher-batches/<int:batch_id>/close")
class CloseBatch(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.response(200, BatchSchema)
    def post(self, batch_id):
        """结束发放"""
        batches.batch_in_scope(current_user(), batch_id)
        return batches.set_batch_status(batch_id, "closed")


@blp.route("/admin/voucher-batches/<int:batch_id>/issue")
class IssueBatch(MethodView):
    @auth_required("admin")
    @unit_of_work
    @blp.response(200, IssueResultSchema)
    def post(self, batch_id):
        """向所有符合条件且尚未持有的儿童发放（重复执行不会重复发放）"""
        batches.batch_in_scope(current_user(), batch_id)
        return issuing.issue_to_all_eligible(batch_id)


@blp.route("/admin/voucher-batches/<int:batch_id>/stats")
class BatchStats(MethodView):
    @auth_required("admin")
    @blp.arguments(StatsArgsSchema, location="query")
    @blp.response(200, StatsSchema)
    @blp.alt_response(200, description="format=csv 时返回 CSV（UTF-8 BOM，Excel 可直接打开）",
                      content_type="text/csv", success=True)
    def get(self, args, batch_id):
        """发放与核销统计，按区县、按场地；?format=csv 下载表格"""
        batches.batch_in_scope(current_user(), batch_id)
        figures = stats.batch_stats(batch_id)
        if args["format"] == "csv":
            return download(stats.stats_csv(figures), f"voucher-batch-{batch_id}-stats")
        return figures


# --- parents ------------------------------------------------------------------------------

@blp.route("/voucher-batches")
class Offers(MethodView):
    @auth_required("parent")
    @blp.arguments(QueryArgsSchema, location="query")
    @blp.response(200, OfferSchema(many=True))
    def get(self, _args):
        """正在发放、且我的孩子符合条件的批次"""
        return issuing.claimable_batches(current_user())


@blp.route("/voucher-batches/<int:batch_id>/claim")
class Claim(MethodView):
    decorators = [limiter.limit("30/minute")]

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(ClaimSchema)
    @blp.response(201, VoucherSchema(many=True))
    def post(self, data, batch_id):
        """为孩子领取该批次的服务券（需已填写孩子的身份证号或出生医学证明编号）"""
        return issuing.claim(current_user(), batch_id, data["child_id"])


@blp.route("/me/vouchers")
class MyVouchers(MethodView):
    @auth_required("parent")
    @blp.arguments(MyVouchersArgsSchema, location="query")
    @blp.response(200, VoucherSchema(many=True))
    def get(self, args):
        """我的服务券：状态、能否使用及原因、有效期、适用范围"""
        return holding.my_vouchers(current_user(), args.get("status"))


@blp.route("/me/vouchers/<int:voucher_id>")
class MyVoucher(MethodView):
    @auth_required("parent")
    @blp.response(200, VoucherSchema)
    def get(self, voucher_id):
        """一张服务券"""
        return holding.get_my_voucher(current_user(), voucher_id)


@blp.route("/me/vouchers/<int:voucher_id>/qr")
class VoucherQr(MethodView):
    @auth_required("parent")
    @blp.response(200, VoucherQrSchema)
    def get(self, voucher_id):
        """出示给工作人员扫码的短时二维码令牌（5分钟）；券码仍可手工输入"""
        return holding.qr_token(current_user(), voucher_id)


# --- venue staff --------------------------------------------------------------------------

@blp.route("/vouchers/redeem")
class Redeem(MethodView):
    # Guessing codes costs attempts: only refused redemptions count against the limit.
    decorators = [limiter.limit("20/minute", deduct_when=lambda response: response.status_code >= 400)]

    @auth_required("venue_staff")
    @unit_of_work
    @blp.arguments(RedeemSchema)
    @blp.response(201, RedemptionSchema)
    def post(self, data):
        """核销服务券（输入券码或扫码）：须为该孩子本场次的预约，并同时签到；现场参加可 walk_in；支持 Idempotency-Key"""
        staff = current_user()
        return idempotent_response("voucher_redeem", staff.id, lambda: (RedemptionSchema().dump(
            redemption.redeem(staff, data["session_id"], data["code"], data["qr_token"],
                              request.headers.get(HEADER), data["walk_in"])), 201))


@blp.route("/vouchers/redemptions")
class Redemptions(MethodView):
    @auth_required("venue_staff", "admin")
    @blp.arguments(RedemptionListArgsSchema, location="query")
    @blp.response(200, page_of(RedemptionItemSchema))
    def get(self, args):
        """本场地的核销记录（按场次、日期筛选），含能否撤销"""
        stmt = redemption.redemptions_query(current_user(), args.get("session_id"),
                                            args.get("date"))
        return paginate(stmt, args["page"], args["per_page"])


@blp.route("/vouchers/redemptions/<int:redemption_id>/reverse")
class Reverse(MethodView):
    @auth_required("venue_staff", "admin")
    @unit_of_work
    @blp.arguments(ReverseSchema)
    @blp.response(201, ReversalSchema)
    def post(self, data, redemption_id):
        """撤销核销：工作人员15分钟内（本场地）；管理员任何时候、须填写原因。默认保留签到"""
        return redemption.reverse(current_user(), redemption_id, data["reason"],
                                  data["undo_checkin"])
