"""Voucher batches (admin), holding and claiming (parent), redeeming (venue staff)."""
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.idempotency import HEADER, idempotent_response
from app.common.pagination import PageArgsSchema, page_of, paginate
from app.extensions import limiter
from app.vouchers import service
from app.vouchers.schemas import (BatchCreateSchema, BatchSchema, ClaimSchema, IssueResultSchema,
                                  MyVouchersArgsSchema, OfferSchema, VoucherQrSchema, RedeemSchema,
                                  RedemptionSchema, ReversalSchema, ReverseSchema,
                                  StatsArgsSchema, StatsSchema, VoucherSchema)

blp = Blueprint("vouchers", __name__, url_prefix="/api/v1", description="科学育儿公共指导服务券")


# --- admin --------------------------------------------------------------------------------

@blp.route("/admin/voucher-batches")
class Batches(MethodView):
    @auth_required("admin")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(BatchSchema))
    def get(self, args):
        """发放批次列表"""
        return paginate(service.batches_query(), args["page"], args["per_page"])

    @auth_required("admin")
    @blp.arguments(BatchCreateSchema)
    @blp.response(201, BatchSchema)
    def post(self, data):
        """创建发放批次（草稿）"""
        return service.create_batch(data, current_user())


@blp.route("/admin/voucher-batches/<int:batch_id>")
class BatchById(MethodView):
    @auth_required("admin")
    @blp.response(200, BatchSchema)
    def get(self, batch_id):
        """一个发放批次"""
        return service.get_batch(batch_id)


@blp.route("/admin/voucher-batches/<int:batch_id>/activate")
class ActivateBatch(MethodView):
    @auth_required("admin")
    @blp.response(200, BatchSchema)
    def post(self, batch_id):
        """开始发放"""
        return service.set_batch_status(batch_id, "active")


@blp.route("/admin/voucher-batches/<int:batch_id>/close")
class CloseBatch(MethodView):
    @auth_required("admin")
    @blp.response(200, BatchSchema)
    def post(self, batch_id):
        """结束发放"""
        return service.set_batch_status(batch_id, "closed")


@blp.route("/admin/voucher-batches/<int:batch_id>/issue")
class IssueBatch(MethodView):
    @auth_required("admin")
    @blp.response(200, IssueResultSchema)
    def post(self, batch_id):
        """向所有符合条件且尚未持有的儿童发放（重复执行不会重复发放）"""
        return service.issue_to_all_eligible(batch_id)


@blp.route("/admin/voucher-batches/<int:batch_id>/stats")
class BatchStats(MethodView):
    @auth_required("admin")
    @blp.arguments(StatsArgsSchema, location="query")
    @blp.response(200, StatsSchema)
    @blp.alt_response(200, description="format=csv 时返回 CSV（UTF-8 BOM，Excel 可直接打开）",
                      content_type="text/csv", success=True)
    def get(self, args, batch_id):
        """发放与核销统计，按区县、按场地；?format=csv 下载表格"""
        stats = service.batch_stats(batch_id)
        if args["format"] == "csv":
            return Response(service.stats_csv(stats), mimetype="text/csv", headers={
                "Content-Disposition": f"attachment; filename=voucher-batch-{batch_id}-stats.csv"})
        return stats


# --- parents ------------------------------------------------------------------------------

@blp.route("/voucher-batches")
class Offers(MethodView):
    @auth_required("parent")
    @blp.response(200, OfferSchema(many=True))
    def get(self):
        """正在发放、且我的孩子符合条件的批次"""
        return service.claimable_batches(current_user())


@blp.route("/voucher-batches/<int:batch_id>/claim")
class Claim(MethodView):
    decorators = [limiter.limit("30/minute")]

    @auth_required("parent")
    @blp.arguments(ClaimSchema)
    @blp.response(201, VoucherSchema(many=True))
    def post(self, data, batch_id):
        """为孩子领取该批次的服务券"""
        return service.claim(current_user(), batch_id, data["child_id"])


@blp.route("/me/vouchers")
class MyVouchers(MethodView):
    @auth_required("parent")
    @blp.arguments(MyVouchersArgsSchema, location="query")
    @blp.response(200, VoucherSchema(many=True))
    def get(self, args):
        """我的服务券：状态、有效期、适用范围"""
        return service.my_vouchers(current_user(), args.get("status"))


@blp.route("/me/vouchers/<int:voucher_id>")
class MyVoucher(MethodView):
    @auth_required("parent")
    @blp.response(200, VoucherSchema)
    def get(self, voucher_id):
        """一张服务券"""
        return service.get_my_voucher(current_user(), voucher_id)


@blp.route("/me/vouchers/<int:voucher_id>/qr")
class VoucherQr(MethodView):
    @auth_required("parent")
    @blp.response(200, VoucherQrSchema)
    def get(self, voucher_id):
        """出示给工作人员扫码的短时二维码令牌（5分钟）；券码仍可手工输入"""
        return service.qr_token(current_user(), voucher_id)


# --- venue staff --------------------------------------------------------------------------

@blp.route("/vouchers/redeem")
class Redeem(MethodView):
    # Guessing codes costs attempts: only refused redemptions count against the limit.
    decorators = [limiter.limit("20/minute", deduct_when=lambda response: response.status_code >= 400)]

    @auth_required("venue_staff")
    @blp.arguments(RedeemSchema)
    @blp.response(201, RedemptionSchema)
    def post(self, data):
        """核销服务券（输入券码或扫码），签到该预约；支持 Idempotency-Key"""
        staff = current_user()
        return idempotent_response("voucher_redeem", staff.id, lambda: (RedemptionSchema().dump(
            service.redeem(staff, data["session_id"], data["code"], data["qr_token"],
                           request.headers.get(HEADER))), 201))


@blp.route("/vouchers/redemptions/<int:redemption_id>/reverse")
class Reverse(MethodView):
    @auth_required("venue_staff")
    @blp.arguments(ReverseSchema)
    @blp.response(201, ReversalSchema)
    def post(self, data, redemption_id):
        """撤销核销（15分钟内，本场地）"""
        return service.reverse(current_user(), redemption_id, data["reason"])
