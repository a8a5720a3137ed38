"""The child's health record: growth, vaccinations, check-ups, development. Only the child's
guardian reaches it; anyone else's child is a 404 (staff and admins never)."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.auth import auth_required, current_user
from app.common.pagination import QueryArgsSchema
from app.common.uow import unit_of_work
from app.health import charts, checkups, development, growth, vaccinations
from app.health.schemas import (ChartArgsSchema, ChartSchema, CheckupInSchema,
                                CheckupRecordSchema, CheckupsSchema, DevelopmentArgsSchema,
                                DevelopmentInSchema, DevelopmentSchema, DoseInSchema,
                                DoseRecordSchema, GrowthSchema, MeasurementInSchema,
                                MeasurementPatchSchema, MeasurementSchema, VaccinationsSchema)

blp = Blueprint("health", __name__, url_prefix="/api/v1/me/children/<int:child_id>",
                description="孩子的健康档案：生长发育、预防接种、儿童健康检查、发育预警征象")


@blp.route("/measurements")
class Measurements(MethodView):
    @auth_required("parent")
    @blp.arguments(QueryArgsSchema, location="query")
    @blp.response(200, MeasurementSchema(many=True))
    def get(self, _args, child_id):
        """孩子的生长测量记录"""
        return growth.list_measurements(current_user(), child_id)

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(MeasurementInSchema)
    @blp.response(201, MeasurementSchema)
    def post(self, data, child_id):
        """记录一次测量（体重、身长/身高、头围任填）；需先同意健康档案"""
        return (growth.add_measurement(current_user(), child_id, data))


@blp.route("/measurements/<int:measurement_id>")
class MeasurementById(MethodView):
    @auth_required("parent")
    @blp.response(200, MeasurementSchema)
    def get(self, child_id, measurement_id):
        """一次测量"""
        return growth.get_measurement(current_user(), child_id, measurement_id)

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(MeasurementPatchSchema)
    @blp.response(200, MeasurementSchema)
    def patch(self, data, child_id, measurement_id):
        """修改一次测量"""
        return (growth.update_measurement(current_user(), child_id, measurement_id,
                                                    data))

    @auth_required("parent")
    @unit_of_work
    @blp.response(204)
    def delete(self, child_id, measurement_id):
        """删除一次测量"""
        growth.delete_measurement(current_user(), child_id, measurement_id)


@blp.route("/growth")
class Growth(MethodView):
    @auth_required("parent")
    @blp.response(200, GrowthSchema)
    def get(self, child_id):
        """每次测量的Z评分、百分位和评价（注明所用标准）"""
        return growth.growth(current_user(), child_id)


@blp.route("/growth/chart")
class GrowthChart(MethodView):
    @auth_required("parent")
    @blp.arguments(ChartArgsSchema, location="query")
    @blp.response(200, ChartSchema, description="format=svg（默认）为 SVG 图；format=json 为同样的数据")
    @blp.doc(responses={"200": {"content": {"image/svg+xml": {"schema": {"type": "string"}},
                                            "application/json": {"schema": ChartSchema}}}})
    def get(self, args, child_id):
        """生长曲线图：P3/P15/P50/P85/P97 曲线与孩子的测量点（SVG，或 JSON 数据）"""
        series = charts.chart_series(current_user(), child_id, args["indicator"])
        if args["format"] == "json":
            return series
        return Response(charts.render_svg(series), mimetype="image/svg+xml")


@blp.route("/vaccinations")
class Vaccinations(MethodView):
    @auth_required("parent")
    @blp.response(200, VaccinationsSchema)
    def get(self, child_id):
        """按孩子年龄列出国家免疫规划每一剂：已接种 / 可以接种 / 已逾期 / 未到年龄"""
        return vaccinations.vaccinations(current_user(), child_id)

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(DoseInSchema)
    @blp.response(201, DoseRecordSchema)
    def post(self, data, child_id):
        """记录已接种的一剂；需先同意健康档案"""
        return (vaccinations.record_dose(current_user(), child_id, data))


@blp.route("/checkups")
class Checkups(MethodView):
    @auth_required("parent")
    @blp.response(200, CheckupsSchema)
    def get(self, child_id):
        """0—6岁儿童健康检查安排：已做 / 该做了 / 已错过 / 未到，以及下一次"""
        return checkups.checkups(current_user(), child_id)

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(CheckupInSchema)
    @blp.response(201, CheckupRecordSchema)
    def post(self, data, child_id):
        """记录已做的一次体检；需先同意健康档案"""
        return (checkups.record_checkup(current_user(), child_id, data))


@blp.route("/development")
class Development(MethodView):
    @auth_required("parent")
    @blp.arguments(DevelopmentArgsSchema, location="query")
    @blp.response(200, DevelopmentSchema)
    def get(self, args, child_id):
        """孩子月龄对应的发育预警征象清单（就医提示，不是诊断）"""
        return development.checklist(current_user(), child_id, args["band"])

    @auth_required("parent")
    @unit_of_work
    @blp.arguments(DevelopmentInSchema)
    @blp.response(200, DevelopmentSchema)
    def post(self, data, child_id):
        """提交家长对预警征象的回答；有任何一条，建议到儿童保健门诊评估"""
        return (development.answer(current_user(), child_id, data))
