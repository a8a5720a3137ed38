"""The overview the health commission reports from: classes, vouchers, childcare supply, the
FAQ bot and notifications, for a period and optionally one district. Every figure is counted in SQL (the bench
runs it over a million bookings); definitions travel with the figures in `definitions`."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, literal, or_, select

from app.accounts.models import User
from app.common import scope as admin_scope
from app.common.errors import InvalidInput, NotFound
from app.common.spreadsheet import ExcelCsv
from app.common.timeutil import SHANGHAI, as_utc, today_local, utcnow
from app.courses.models import CourseSession, Venue
from app.extensions import db
from app.places import service as divisions
from app.facilities.models import Facility
from app.faqbot.models import FaqLog
from app.notifications import service as notices
from app.stats.models import BotDay, DistrictPopulation, SessionOutcome
from app.vouchers.models import Redemption, RedemptionReversal, Voucher, VoucherBatch
from app.vouchers.rules import LIVE

# 每千人口拥有3岁以下婴幼儿托位数: 4.5 by 2025, 《"十四五"公共服务规划》 (国家发展改革委等, 2021-12).
PLACES_PER_1000_TARGET = 4.5
TARGET_SOURCE = "《“十四五”公共服务规划》：2025年每千人口拥有3岁以下婴幼儿托位数达到4.5个"
DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP_UNANSWERED = 10


@dataclass(frozen=True)
class Scope:
    """A period (local days, inclusive) and the districts its figures count: one district, a
    city's districts (a city admin's, 属地管理), or None for every city served."""

    first: date
    last: date
    district: str | None
    districts: tuple[str, ...] | None = None

    @property
    def since(self) -> datetime:
        return as_utc(datetime.combine(self.first, time.min, SHANGHAI))

    @property
    def until(self) -> datetime:
        return as_utc(datetime.combine(self.last + timedelta(days=1), time.min, SHANGHAI))


def scope_of(args: dict, admin=None) -> Scope:
    """The period and districts `admin` asked for, confined to their scope: a district admin
    sees their own district (also when none is asked for; another one is a 404, as another
    district's object is), a city admin their city's districts."""
    last = args.get("to") or today_local()
    first = args.get("from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput("from", "开始日期不能晚于结束日期")
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput("from", f"统计区间最长 {MAX_DAYS} 天")
    asked = district_scope(args.get("district"))
    if asked and not admin_scope.in_scope(admin, asked):
        raise NotFound("district_not_found", "没有找到该区县的统计")
    district = asked or admin_scope.district_of_scope(admin)
    if district:
        return Scope(first, last, district, (district,))
    city = getattr(admin, "scope", None)
    if city and divisions.registry().get(city) is not None:
        return Scope(first, last, None, tuple(d.code for d in divisions.districts_of(city)))
    return Scope(first, last, None)


def district_scope(text: str | None) -> str | None:
    """The district a figure is for, as a division code (a name, alias or code in; an unknown
    one is a 422 with the nearest names); shown by its name in the answer (named())."""
    if text is None or not text.strip():
        return None
    return divisions.district_code(text.strip())


def named(code: str | None) -> str | None:
    return divisions.district_name(code) if code else code


def in_district(column, scope: Scope):
    return literal(True) if scope.districts is None else column.in_(scope.districts)


def _total(column):
    return func.coalesce(func.sum(column), 0)


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# --- classes ----------------------------------------------------------------------------------

def classes(scope: Scope, now: datetime) -> dict:
    """Sessions held and their bookings' outcomes, from the per-session summary the booking
    triggers keep (SessionOutcome): no booking row is read."""
    held = (CourseSession.status != "cancelled") & (CourseSession.starts_at >= scope.since) \
        & (CourseSession.starts_at < scope.until) & (CourseSession.starts_at <= now) \
        & in_district(Venue.district, scope)
    sessions, offered, waiting, confirmed, attended, no_show = db.session.execute(
        select(func.count(), _total(CourseSession.capacity),
               _total(case((CourseSession.booking_closes_at <= now,
                            CourseSession.waitlist_length), else_=0)),
               _total(SessionOutcome.confirmed), _total(SessionOutcome.attended),
               _total(SessionOutcome.no_show))
        .select_from(CourseSession).join(Venue, Venue.id == CourseSession.venue_id)
        .outerjoin(SessionOutcome, SessionOutcome.session_id == CourseSession.id)
        .where(held)).one()
    attended, no_show = int(attended), int(no_show)
    booked = attended + no_show + int(confirmed)
    return {"sessions_held": sessions, "seats_offered": int(offered), "seats_booked": booked,
            "attended": attended, "no_show": no_show,
            "attendance_rate": _rate(attended, booked), "no_show_rate": _rate(no_show, booked),
            "unmet_demand": int(waiting)}


# --- vouchers ---------------------------------------------------------------------------------

_VOUCHER_STATES = ("issued", "reserved", "redeemed", "expired", "revoked", "forfeited")


def _state_counts(rows) -> dict:
    counts = {s: 0 for s in _VOUCHER_STATES}
    for status, n in rows:
        counts[status] += n
    return counts


def _by_state(scope: Scope, now: datetime) -> list[tuple]:
    """(district, state, count) of the vouchers claimed in the period, a voucher still unused
    when its batch's validity ended counted as expired. Grouped by batch in SQL with no join
    nor expression per row, the batch's end applied to the few groups here."""
    rows = db.session.execute(
        select(Voucher.district, Voucher.batch_id, Voucher.status, func.count())
        .where(Voucher.issued_at >= scope.since, Voucher.issued_at < scope.until,
               in_district(Voucher.district, scope))
        .group_by(Voucher.district, Voucher.batch_id, Voucher.status)).all()
    ended = dict(db.session.execute(
        select(VoucherBatch.id, VoucherBatch.valid_until <= now)
        .where(VoucherBatch.id.in_({batch for _, batch, _, _ in rows}))).all())
    counts: dict[tuple, int] = {}
    for district, batch, status, n in rows:
        state = "expired" if status in LIVE and ended.get(batch) else status
        counts[(district, state)] = counts.get((district, state), 0) + n
    return [(district, state, n) for (district, state), n in counts.items()]


def vouchers(scope: Scope, now: datetime) -> dict:
    rows = _by_state(scope, now)
    per_district: dict[str, list] = {}
    for district, state, n in rows:
        per_district.setdefault(district or "未填写", []).append((state, n))
    totals = _state_counts((state, n) for _, state, n in rows)
    claimed = sum(totals.values())
    # counted per venue id first (from the index on time and venue), then named: 200 venues
    # joined, not 50,000 redemptions
    per_venue = (
        select(Redemption.venue_id, func.count().label("redeemed"))
        .where(Redemption.redeemed_at >= scope.since, Redemption.redeemed_at < scope.until,
               ~select(RedemptionReversal.id)
               .where(RedemptionReversal.redemption_id == Redemption.id).exists())
        .group_by(Redemption.venue_id).subquery())
    venues = db.session.execute(
        select(Venue.id, Venue.name, Venue.district, per_venue.c.redeemed)
        .join(per_venue, per_venue.c.venue_id == Venue.id)
        .where(in_district(Venue.district, scope))
        .order_by(per_venue.c.redeemed.desc(), Venue.id)).all()
    return {
        "quota": _quota(scope),
        "claimed": claimed, **{f"{s}": totals[s] for s in _VOUCHER_STATES},
        "redemption_rate": _rate(totals["redeemed"], claimed),
        "by_district": [
            {"district": named(d) if d != "未填写" else d, "claimed": sum(c.values()), **c,
             "redemption_rate": _rate(c["redeemed"], sum(c.values()))}
            for d, c in sorted((d, _state_counts(r)) for d, r in per_district.items())],
        "by_venue": [{"venue_id": v, "venue": name, "district": named(district), "redeemed": n}
                     for v, name, district, n in venues],
    }


def _quota(scope: Scope) -> int:
    """The allowance of the batches issuing during the period (drafts excluded), for a district
    or a city the batches open to it (no district list = city-wide)."""
    batches = db.session.execute(
        select(VoucherBatch.total, VoucherBatch.districts).where(
            VoucherBatch.status != "draft", VoucherBatch.valid_from < scope.until,
            VoucherBatch.valid_until > scope.since)).all()
    return sum(total for total, districts in batches
               if scope.districts is None or not districts
               or any(d in scope.districts for d in districts))


# --- childcare supply -------------------------------------------------------------------------

def supply(scope: Scope) -> dict:
    rows = db.session.execute(
        select(Facility.district, func.count(),
               func.coalesce(func.sum(Facility.places), 0),
               func.coalesce(func.sum(case((Facility.inclusive, Facility.inclusive_places),
                                           else_=0)), 0),
               func.count(Facility.demonstration_level))
        .where(Facility.status == "active", in_district(Facility.district, scope))
        .group_by(Facility.district)).all()
    counted = {district: rest for district, *rest in rows}
    population = {p.district: p for p in db.session.scalars(
        select(DistrictPopulation).where(in_district(DistrictPopulation.district, scope)))}
    # a district with people and no facility is a 0 against the target, not a missing row
    shown = set(counted) | set(population) | ({scope.district} if scope.district else set())
    districts = []
    for district in sorted(shown, key=lambda d: (d is None, d or "")):
        facilities, places, inclusive, demonstration = counted.get(district, (0, 0, 0, 0))
        districts.append(_supply_row(district, facilities, int(places), int(inclusive),
                                     demonstration, population.get(district)))
    total = {k: sum(d[k] for d in districts)
             for k in ("facilities", "places", "inclusive_places", "demonstration_facilities")}
    counted = [d for d in districts if d["population"]]
    people = sum(d["population"] for d in counted)
    return {**total, "inclusive_share": _rate(total["inclusive_places"], total["places"]),
            "population": people or None,
            "places_per_1000": round(sum(d["places"] for d in counted) / people * 1000, 2)
            if people else None,
            "target_per_1000": PLACES_PER_1000_TARGET, "target_source": TARGET_SOURCE,
            "population_synthetic": any(d["population_synthetic"] for d in counted),
            "by_district": districts}


def _supply_row(district, facilities, places, inclusive, demonstration, pop) -> dict:
    per_1000 = round(places / pop.population * 1000, 2) if pop else None
    return {"district": named(district), "facilities": facilities, "places": places,
            "inclusive_places": inclusive, "inclusive_share": _rate(inclusive, places),
            "demonstration_facilities": demonstration,
            "population": pop.population if pop else None,
            "population_year": pop.year if pop else None,
            "population_source": pop.source if pop else None,
            "population_synthetic": pop.synthetic if pop else False,
            "places_per_1000": per_1000,
            "meets_target": None if per_1000 is None else per_1000 >= PLACES_PER_1000_TARGET}


# --- the FAQ bot ------------------------------------------------------------------------------

def bot(scope: Scope) -> dict:
    """Questions per day from the per-day summary the log's triggers keep (BotDay); the top
    unanswered from the log itself (a sixth of its rows at most)."""
    period = (FaqLog.asked_at >= scope.since, FaqLog.asked_at < scope.until)
    per_day: dict[str, dict] = {}
    kinds: dict[str, int] = {}
    for d, decision, n in db.session.execute(
            select(BotDay.day, BotDay.decision, BotDay.questions)
            .where(BotDay.day >= scope.first.isoformat(), BotDay.day <= scope.last.isoformat(),
                   BotDay.questions > 0)
            .order_by(BotDay.day, BotDay.decision)):
        row = per_day.setdefault(d, {"day": d, "questions": 0, "answered": 0, "clarified": 0,
                                     "declined": 0})
        row["questions"] += n
        key = _DECISION_KEY.get(decision)
        if key:
            row[key] += n
        kinds[decision] = kinds.get(decision, 0) + n
    top = db.session.execute(
        select(FaqLog.normalized, func.count(), func.max(FaqLog.asked_at))
        .where(*period, or_(FaqLog.decision == "decline", FaqLog.helpful.is_(False)))
        .group_by(FaqLog.normalized)
        .order_by(func.count().desc(), func.max(FaqLog.asked_at).desc())
        .limit(TOP_UNANSWERED)).all()
    questions = sum(kinds.values())
    answered = kinds.get("answer", 0)
    return {"questions": questions, "answered": answered, "clarified": kinds.get("clarify", 0),
            "declined": kinds.get("decline", 0),
            "other": questions - answered - kinds.get("clarify", 0) - kinds.get("decline", 0),
            "answered_rate": _rate(answered, questions), "district_applies": False,
            "per_day": list(per_day.values()),
            "top_unanswered": [{"question": q, "count": n} for q, n, _ in top]}


_DECISION_KEY = {"answer": "answered", "clarify": "clarified", "decline": "declined"}


# --- notifications ----------------------------------------------------------------------------

# Each outbox status as the dashboard counts it; the rest (pending, sending, cancelled, …) as other.
_NOTICE_KEY = {"sent": "sent", "refused": "refused", "no_subscription": "refused",
               "failed": "failed", "expired": "failed"}


def notifications(scope: Scope) -> dict:
    """The outbox for the period, counted by the notifications' own stats (the same figures as
    GET /api/v1/admin/notifications/stats), for the parents living in the scope's districts."""
    recipients = None if scope.districts is None else \
        select(User.id).where(User.district.in_(scope.districts))
    figures = notices.stats((scope.last - scope.first).days + 1, last=scope.last,
                            recipients=recipients)
    per_day: dict[str, dict] = {}
    for row in figures["days"]:
        day = per_day.setdefault(row["day"], {"day": row["day"], "total": 0, "sent": 0,
                                              "refused": 0, "failed": 0, "other": 0})
        day["total"] += row["count"]
        day[_NOTICE_KEY.get(row["status"], "other")] += row["count"]
    totals = {k: sum(d[k] for d in per_day.values())
              for k in ("total", "sent", "refused", "failed", "other")}
    return {**totals, "sent_rate": _rate(totals["sent"], totals["total"]),
            "by_status": [{"status": s, "count": n}
                          for s, n in sorted(figures["by_status"].items())],
            "per_day": list(per_day.values())}

DEFINITIONS = {
    "classes": "统计区间内已开始、未取消的场次（按场地所在区县）；预约人数=已确认+已签到+缺席；"
               "到课率=已签到÷预约人数；缺席率=缺席÷预约人数；未满足需求=报名截止后仍在候补的人数",
    "vouchers": "统计区间内发到儿童名下的服务券（按家长领取时所在区县）；额度=区间内发放中批次的总量；"
                "过期=有效期已过仍未使用；核销率=已核销÷已领取；场地核销按核销时间，不含已撤销",
    "supply": "当前在册（正常运营）的托育机构；普惠托位只计普惠机构的普惠托位；"
              "每千人口托位数=托位数÷常住人口×1000（人口见 content/stats/population.yaml，含年份和来源）",
    "bot": "统计区间内机器人收到的问题（按北京时间分日）；未答出=拒答或被标记“没帮助”的问题；"
           "机器人问题不区分区县",
    "notifications": "统计区间内产生的通知（按北京时间分日，按收件家长所在区县）；已送达=微信已接收；"
                     "被拒收=用户拒绝或无可用订阅；失败=字段或模板错误、重试用尽或过期未发；"
                     "其他=待发送、仅站内信、已撤回",
}


def overview(args: dict, admin=None) -> dict:
    """Every section for the period and district `args` name, within `admin`'s scope."""
    scope = scope_of(args, admin)
    now = utcnow()
    return {"from": scope.first, "to": scope.last, "district": named(scope.district),
            "generated_at": now, "classes": classes(scope, now),
            "vouchers": vouchers(scope, now), "supply": supply(scope), "bot": bot(scope),
            "notifications": notifications(scope), "definitions": DEFINITIONS}


# --- CSV, one section at a time ---------------------------------------------------------------

_LABELS = {
    "sessions_held": "已开课场次", "seats_offered": "提供座位", "seats_booked": "预约人数",
    "attended": "签到人数", "no_show": "缺席人数", "attendance_rate": "到课率",
    "no_show_rate": "缺席率", "unmet_demand": "未满足需求（截止后仍候补）",
    "quota": "批次额度", "claimed": "已领取", "issued": "未使用", "reserved": "已预约",
    "redeemed": "已核销", "expired": "已过期", "revoked": "已作废", "forfeited": "缺席作废",
    "redemption_rate": "核销率", "facilities": "托育机构数", "places": "托位数",
    "inclusive_places": "普惠托位数", "inclusive_share": "普惠托位占比",
    "demonstration_facilities": "示范机构数", "population": "常住人口",
    "population_year": "人口年份", "population_source": "人口来源",
    "population_synthetic": "人口为合成数据", "places_per_1000": "每千人口托位数",
    "meets_target": "达到4.5目标", "questions": "问题数", "answered": "已答出",
    "clarified": "追问澄清", "declined": "拒答", "day": "日期", "district": "区县",
    "venue": "场地", "venue_id": "场地ID", "question": "问题", "count": "次数",
    "total": "通知总数", "sent": "已送达", "refused": "被拒收", "failed": "失败", "other": "其他",
    "sent_rate": "送达率", "status": "状态",
}
SECTIONS = ("classes", "vouchers", "supply", "bot", "notifications")


def _cell(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def _table(writer, title: str, rows: list[dict], columns: list[str]) -> None:
    writer.writerow([title])
    writer.writerow([_LABELS.get(c, c) for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    writer.writerow([])


def section_csv(figures: dict, section: str) -> str:
    """One section as CSV with a BOM (Excel on Chinese Windows), summary first, then its tables."""
    data = figures[section]
    rows = ExcelCsv()
    writer = rows.writer
    scope = f"{figures['from']} 至 {figures['to']}，{figures['district'] or '全市'}"
    writer.writerow(["统计区间", scope])
    writer.writerow(["口径", DEFINITIONS[section]])
    writer.writerow([])
    summary = [k for k, v in data.items() if not isinstance(v, (list, dict))
               and k in _LABELS]
    _table(writer, "汇总", [data], summary)
    if section == "vouchers":
        _table(writer, "按区县", data["by_district"],
               ["district", "claimed", *_VOUCHER_STATES, "redemption_rate"])
        _table(writer, "按场地（核销）", data["by_venue"], ["venue", "district", "redeemed"])
    elif section == "supply":
        _table(writer, "按区县", data["by_district"],
               ["district", "facilities", "places", "inclusive_places", "inclusive_share",
                "demonstration_facilities", "population", "population_year",
                "population_source", "population_synthetic", "places_per_1000",
                "meets_target"])
    elif section == "bot":
        _table(writer, "按日", data["per_day"], ["day", "questions", "answered", "clarified",
                                                "declined"])
        _table(writer, "未答出问题（前10）", data["top_unanswered"], ["question", "count"])
    elif section == "notifications":
        _table(writer, "按日", data["per_day"], ["day", "total", "sent", "refused", "failed",
                                                "other"])
        _table(writer, "按状态", data["by_status"], ["status", "count"])
    return rows.text()
