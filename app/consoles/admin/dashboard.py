"""The dashboard (/admin/dashboard): the statistics overview of the admin's scope, by period and
district, each chart with its table and the section's CSV.

Every figure comes from app.stats.service.overview, the function behind GET
/api/v1/admin/stats/overview, with the query read by the same schema: the page cannot count
differently from the API. A district admin sees their district; another one is a 404 page.
"""
import marshmallow as ma
from flask import abort, flash, render_template, request
from flask_login import current_user

from app.common import scope as admin_scope
from app.common.errors import InvalidInput
from app.common.spreadsheet import download
from app.consoles.admin.routes import admin_only, blp
from app.consoles.routes import flash_invalid
from app.places import service as divisions
from app.stats import service as stats
from app.stats.schemas import OverviewArgsSchema

FILTERS = ("from", "to", "district")
LABELS = {"from": "开始日期", "to": "结束日期", "district": "区县"}
TOP_VENUES = 15
# the voucher states a chart stacks (the rest are in the table)
VOUCHER_SERIES = (("issued", "未使用"), ("reserved", "已预约"), ("redeemed", "已核销"),
                  ("expired", "已过期"))


def _query(flash_errors: bool = True) -> dict | None:
    """The filters of the page, read by the API's query schema; None (its messages flashed) when
    they do not pass."""
    raw = {k: v for k, v in request.args.items() if k in FILTERS and v.strip()}
    try:
        return OverviewArgsSchema().load(raw)
    except ma.ValidationError as err:
        if flash_errors:
            flash_invalid(err.messages, LABELS)
        return None


def _figures(query: dict | None) -> tuple[dict, int]:
    """The overview asked for, or the default one beside the message of what was refused (a
    period the wrong way round, an unknown district). Another district is the 404 page."""
    admin = current_user.user
    if query is not None:
        try:
            return stats.overview(query, admin), 200
        except InvalidInput as refused:
            flash(refused.message, "error")
    return stats.overview({}, admin), 422


def district_choices(admin) -> list[str]:
    """The districts the filter offers: a district admin's own, else those of their city or of
    every city served."""
    own = admin_scope.district_of_scope(admin)
    if own:
        return [divisions.district_name(own)]
    cities = (admin.scope,) if admin.scope else divisions.served_cities()
    return [d.name for city in cities for d in divisions.districts_of(city)]


def charts(figures: dict) -> dict:
    """What each chart draws (static/admin-dashboard.js turns it into an ECharts option): the
    same numbers as the table beside it."""
    classes, vouchers = figures["classes"], figures["vouchers"]
    supply, bot, notices = figures["supply"], figures["bot"], figures["notifications"]
    venues = vouchers["by_venue"][:TOP_VENUES]
    return {
        "classes": {"kind": "bar", "categories": ["提供座位", "预约人数", "签到人数", "缺席人数",
                                                  "未满足需求"],
                    "series": [{"name": "人次", "data": [
                        classes["seats_offered"], classes["seats_booked"], classes["attended"],
                        classes["no_show"], classes["unmet_demand"]]}]},
        "vouchers_by_district": {
            "kind": "bar", "stack": True,
            "categories": [d["district"] for d in vouchers["by_district"]],
            "series": [{"name": label, "data": [d[key] for d in vouchers["by_district"]]}
                       for key, label in VOUCHER_SERIES]},
        "vouchers_by_venue": {"kind": "bar", "horizontal": True,
                              "categories": [v["venue"] for v in venues],
                              "series": [{"name": "已核销", "data": [v["redeemed"] for v in venues]}]},
        "supply": {"kind": "bar", "categories": [d["district"] for d in supply["by_district"]],
                   "series": [{"name": "每千人口托位数",
                               "data": [d["places_per_1000"] for d in supply["by_district"]]}],
                   "target": supply["target_per_1000"]},
        "bot": {"kind": "line", "categories": [d["day"] for d in bot["per_day"]],
                "series": [{"name": label, "data": [d[key] for d in bot["per_day"]]}
                           for key, label in (("questions", "问题数"), ("answered", "已答出"),
                                              ("clarified", "追问澄清"), ("declined", "拒答"))]},
        "notifications": {
            "kind": "bar", "stack": True, "categories": [d["day"] for d in notices["per_day"]],
            "series": [{"name": label, "data": [d[key] for d in notices["per_day"]]}
                       for key, label in (("sent", "已送达"), ("refused", "被拒收"),
                                          ("failed", "失败"), ("other", "其他"))]},
    }


@blp.route("/")
@blp.route("/dashboard")
@admin_only
def dashboard():
    figures, status = _figures(_query())
    chosen = {"from": figures["from"].isoformat(), "to": figures["to"].isoformat(),
              "district": figures["district"] or ""}
    return render_template("admin/dashboard.html", figures=figures, charts=charts(figures),
                           chosen=chosen, query={k: v for k, v in chosen.items() if v},
                           districts=district_choices(current_user.user),
                           own_district=admin_scope.district_of_scope(current_user.user),
                           top_venues=TOP_VENUES), status


@blp.route("/dashboard/<section>.csv")
@admin_only
def dashboard_csv(section):
    """A section's CSV: the API's (service.section_csv of the same overview)."""
    if section not in stats.SECTIONS:
        abort(404)
    query = _query(flash_errors=False)
    if query is None:
        abort(422)
    figures = stats.overview(query, current_user.user)
    name = f"stats-{section}-{figures['from']}-{figures['to']}"
    return download(stats.section_csv(figures, section), name)
