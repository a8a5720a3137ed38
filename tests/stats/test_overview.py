"""The health commission's overview: what a city or district admin reads for a period, counted
from what really happened (sessions held, bookings, vouchers, the registry, the bot's log), the
same figures in each section's CSV, and clear Chinese refusals of a bad period or district."""
import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from app.common.timeutil import today_local
from app.extensions import db

URL = "/api/v1/admin/stats/overview"


def _overview(client, admin, **query):
    response = client.get(URL, headers=admin, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_classes_count_what_was_held(client, admin, held):
    city = _overview(client, admin)["classes"]
    assert city == {"sessions_held": 3, "seats_offered": 12, "seats_booked": 9, "attended": 6,
                    "no_show": 2, "attendance_rate": round(6 / 9, 4),
                    "no_show_rate": round(2 / 9, 4), "unmet_demand": 3}
    gusu = _overview(client, admin, district="姑苏区")["classes"]
    assert (gusu["sessions_held"], gusu["seats_booked"], gusu["attended"], gusu["unmet_demand"]) \
        == (2, 7, 5, 3)
    wuzhong = _overview(client, admin, district="吴中区")["classes"]
    assert (wuzhong["sessions_held"], wuzhong["seats_booked"], wuzhong["attended"]) == (1, 2, 1)


def test_a_period_before_the_sessions_counts_none_of_them(client, admin, held):
    last_week = today_local() - timedelta(days=7)
    figures = _overview(client, admin, **{"from": (last_week - timedelta(days=3)).isoformat(),
                                          "to": last_week.isoformat()})
    assert figures["classes"]["sessions_held"] == 0 and figures["classes"]["seats_booked"] == 0
    assert figures["from"] == (last_week - timedelta(days=3)).isoformat()


def test_vouchers_follow_the_claim_the_booking_and_the_district(client, admin, holding,
                                                                make_session):
    where = make_session()
    booked = client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                         headers=holding["headers"],
                         json={"child_id": holding["child_id"],
                               "voucher_id": holding["vouchers"][0]["id"]})
    assert booked.status_code == 201
    city = _overview(client, admin)["vouchers"]
    assert (city["quota"], city["claimed"], city["issued"], city["reserved"], city["redeemed"]) \
        == (1000, 4, 3, 1, 0)
    assert city["by_district"] == [{"district": "姑苏区", "claimed": 4, "issued": 3, "reserved": 1,
                                    "redeemed": 0, "expired": 0, "revoked": 0, "forfeited": 0,
                                    "redemption_rate": 0.0}]
    elsewhere = _overview(client, admin, district="昆山市")["vouchers"]
    assert elsewhere["claimed"] == 0 and elsewhere["by_district"] == []


def test_unused_vouchers_of_an_ended_batch_count_as_expired(app, client, admin, holding,
                                                           make_session):
    from app.common.timeutil import utcnow
    from app.vouchers.models import VoucherBatch

    where = make_session()
    assert client.post(f"/api/v1/sessions/{where['session_id']}/bookings",
                       headers=holding["headers"],
                       json={"child_id": holding["child_id"],
                             "voucher_id": holding["vouchers"][0]["id"]}).status_code == 201
    with app.app_context():
        db.session.get(VoucherBatch, holding["batch"]["id"]).valid_until = \
            utcnow() - timedelta(minutes=1)
        db.session.commit()
    city = _overview(client, admin)["vouchers"]
    assert (city["claimed"], city["issued"], city["reserved"], city["expired"]) == (4, 0, 0, 4)
    assert city["by_district"][0]["expired"] == 4


def test_a_redemption_counts_for_its_venue(client, admin, world):
    figures = _overview(client, admin)["vouchers"]
    assert figures["redeemed"] == 1 and figures["redemption_rate"] == round(1 / 4, 4)
    [venue] = figures["by_venue"]
    assert venue["venue_id"] == world["venue_x"] and venue["redeemed"] == 1


def test_supply_per_thousand_people_against_the_target(client, admin, registry):
    supply = _overview(client, admin)["supply"]
    assert (supply["facilities"], supply["places"], supply["inclusive_places"],
            supply["demonstration_facilities"]) == (3, 380, 230, 1)
    assert supply["inclusive_share"] == round(230 / 380, 4)
    assert supply["target_per_1000"] == 4.5 and "十四五" in supply["target_source"]
    gusu = next(d for d in supply["by_district"] if d["district"] == "姑苏区")
    assert gusu["population"] == 920000 and gusu["population_year"] == 2025
    assert gusu["population_synthetic"] is True and "合成" in gusu["population_source"]
    assert gusu["places_per_1000"] == round(180 / 920000 * 1000, 2)
    assert gusu["meets_target"] is False
    # the city's rate divides by every district's people, a district without a nursery included
    assert supply["population"] == 12740000
    assert supply["places_per_1000"] == round(380 / 12740000 * 1000, 2)
    assert len(supply["by_district"]) == 10
    huqiu = next(d for d in supply["by_district"] if d["district"] == "虎丘区")
    assert (huqiu["places"], huqiu["places_per_1000"], huqiu["meets_target"]) == (0, 0.0, False)
    only = _overview(client, admin, district="吴中区")["supply"]
    assert [d["district"] for d in only["by_district"]] == ["吴中区"] and only["places"] == 200


def test_a_district_without_facilities_still_shows_its_population(client, admin, registry):
    [row] = _overview(client, admin, district="太仓市")["supply"]["by_district"]
    assert row["facilities"] == 0 and row["population"] == 830000
    assert row["places_per_1000"] == 0.0


def test_the_bot_section_counts_beijing_days_and_the_questions_it_could_not_answer(
        app, client, admin):
    from app.faqbot.models import FaqLog

    # 00:30 in Beijing on the 1st is still the 30th in UTC: it counts on the 1st
    first_day = datetime(2026, 11, 30, 16, 30, tzinfo=timezone.utc)
    asked = [(first_day, "answer", "产假多少天", None), (first_day, "decline", "火星托育怎么收费", None),
             (first_day + timedelta(hours=1), "decline", "火星托育怎么收费", None),
             (first_day + timedelta(days=1), "clarify", "假期", None),
             (first_day + timedelta(days=1), "answer", "育儿假几天", False),
             (first_day + timedelta(days=1), "smalltalk", "你好", None),
             (first_day - timedelta(hours=1), "decline", "区间之外的问题", None)]
    with app.app_context():
        for n, (at, decision, question, helpful) in enumerate(asked):
            db.session.add(FaqLog(answer_id=f"a{n}", asked_at=at, question=question,
                                  normalized=question, decision=decision, helpful=helpful))
        db.session.commit()
    bot = _overview(client, admin, **{"from": "2026-12-01", "to": "2026-12-02"})["bot"]
    assert (bot["questions"], bot["answered"], bot["clarified"], bot["declined"], bot["other"]) \
        == (6, 2, 1, 2, 1)
    assert bot["answered_rate"] == round(2 / 6, 4)
    assert bot["per_day"] == [
        {"day": "2026-12-01", "questions": 3, "answered": 1, "clarified": 0, "declined": 2},
        {"day": "2026-12-02", "questions": 3, "answered": 1, "clarified": 1, "declined": 0}]
    assert bot["top_unanswered"] == [{"question": "火星托育怎么收费", "count": 2},
                                     {"question": "育儿假几天", "count": 1}]
    assert bot["district_applies"] is False


@pytest.mark.parametrize("query, field, message", [
    ({"from": "2026-12-02", "to": "2026-12-01"}, "from", "开始日期不能晚于结束日期"),
    ({"from": "2024-01-01", "to": "2026-01-01"}, "from", "统计区间最长 366 天"),
    ({"district": "火星区"}, "district", "未找到区县“火星区”"),
])
def test_a_bad_period_or_district_is_refused_naming_the_field(client, admin, query, field,
                                                              message):
    response = client.get(URL, headers=admin, query_string=query)
    assert response.status_code == 422
    assert response.get_json()["errors"][field][0].startswith(message)


def test_a_csv_needs_its_section(client, admin):
    response = client.get(URL, headers=admin, query_string={"format": "csv"})
    assert response.status_code == 422
    assert "section" in response.get_json()["errors"]


def _csv_rows(client, admin, section, **query):
    response = client.get(URL, headers=admin,
                          query_string={"format": "csv", "section": section, **query})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode("utf-8"))
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_each_sections_csv_holds_the_same_figures_as_the_json(client, admin, held, registry):
    figures = _overview(client, admin)
    rows = _csv_rows(client, admin, "classes")
    header, values = rows[4], rows[5]
    table = dict(zip(header, values))
    assert table["已开课场次"] == str(figures["classes"]["sessions_held"])
    assert table["签到人数"] == str(figures["classes"]["attended"])
    assert table["未满足需求（截止后仍候补）"] == str(figures["classes"]["unmet_demand"])
    supply = _csv_rows(client, admin, "supply")
    by_district = supply[supply.index(["按区县"]) + 1:]
    header = by_district[0]
    gusu = dict(zip(header, next(r for r in by_district if r and r[0] == "姑苏区")))
    json_gusu = next(d for d in figures["supply"]["by_district"] if d["district"] == "姑苏区")
    assert gusu["托位数"] == str(json_gusu["places"])
    assert gusu["每千人口托位数"] == str(json_gusu["places_per_1000"])
    assert gusu["人口为合成数据"] == "是"


def test_notifications_sent_refused_and_failed_by_the_parents_district(client, admin, login,
                                                                       outbox):
    city = _overview(client, admin)["notifications"]
    assert (city["total"], city["sent"], city["refused"], city["failed"], city["other"]) \
        == (7, 3, 2, 1, 1)
    assert sum(d["total"] for d in city["per_day"]) == 7
    assert {s["status"]: s["count"] for s in city["by_status"]} == {
        "sent": 3, "refused": 1, "no_subscription": 1, "failed": 1, "pending": 1}
    # the same outbox figures as the notifications' own endpoint for the same days
    own = client.get("/api/v1/admin/notifications/stats", headers=admin,
                     query_string={"days": 30}).get_json()
    assert own["by_status"] == {s["status"]: s["count"] for s in city["by_status"]}
    gusu_admin = login("admin", district="姑苏区")
    gusu = _overview(client, gusu_admin)["notifications"]
    assert (gusu["total"], gusu["sent"], gusu["refused"], gusu["failed"]) == (5, 2, 2, 1)
    # the notifications' own endpoints keep to the district office's parents too
    gusu_own = client.get("/api/v1/admin/notifications/stats", headers=gusu_admin,
                          query_string={"days": 30}).get_json()
    assert gusu_own["by_status"] == {s["status"]: s["count"] for s in gusu["by_status"]}
    assert sum(gusu_own["by_status"].values()) == 5
    failed = client.get("/api/v1/admin/notifications/failed", headers=gusu_admin).get_json()
    assert len(failed["items"]) == gusu["failed"] == 1
    elsewhere = client.get("/api/v1/admin/notifications/failed",
                           headers=login("admin", district="吴中区")).get_json()
    assert elsewhere["items"] == []
    older = _overview(client, admin, **{"from": (today_local() - timedelta(days=45)).isoformat(),
                                        "to": (today_local() - timedelta(days=35)).isoformat()})
    assert older["notifications"]["sent"] == 1 and older["notifications"]["total"] == 1
