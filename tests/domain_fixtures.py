"""Fixtures shared across domains: a venue with a session of a voucher-accepting course, an
active voucher batch, a consenting parent with a child, that family holding vouchers, and a
whole `world` of roles and resources for the authorization matrix and the contract fuzzing."""
import itertools
from datetime import timedelta

import pytest

from app.common.timeutil import today_local, utcnow
from app.courses.models import Course, CourseSession, Venue
from app.extensions import db


@pytest.fixture
def make_session(app):
    """make_session(fmt="亲子游戏", starts_in=timedelta(days=2), capacity=25, venue_id=None)."""

    def _make(fmt="亲子游戏", starts_in=timedelta(days=2), capacity=25, venue_id=None,
              accepts_vouchers=True, title=None):
        with app.app_context():
            if venue_id is None:
                venue = Venue(name=f"社区优育课堂{utcnow().timestamp()}", kind="社区优育课堂",
                              district="320508", lat=31.3, lng=120.6)  # 姑苏区
                db.session.add(venue)
                db.session.flush()
                venue_id = venue.id
            course = Course(title=title or f"{fmt}：宝宝的第一次探索", summary="亲子互动", domain="动作",
                            format=fmt, age_min_months=0, age_max_months=36, duration_minutes=60,
                            accepts_vouchers=accepts_vouchers)
            db.session.add(course)
            db.session.flush()
            now = utcnow()
            start = now + starts_in
            session = CourseSession(course_id=course.id, venue_id=venue_id, starts_at=start,
                                    ends_at=start + timedelta(hours=1), capacity=capacity,
                                    seats_taken=0, waitlist_issued=0,
                                    booking_opens_at=min(now - timedelta(days=1), start),
                                    booking_closes_at=start - timedelta(minutes=1)
                                    if starts_in > timedelta(minutes=1) else start)
            db.session.add(session)
            db.session.commit()
            return {"session_id": session.id, "venue_id": venue_id, "course_id": course.id}

    return _make


@pytest.fixture
def admin(login):
    return login("admin")


@pytest.fixture
def make_batch(client, admin):
    def _make(**overrides):
        now = utcnow()
        body = {"name": "2026年苏州市科学育儿公共指导服务券", "issuer": "苏州市卫生健康委员会",
                "covers_formats": ["亲子游戏", "父母培训"], "min_age_months": 0,
                "max_age_months": 36, "per_child": 4, "total": 1000,
                "valid_from": (now - timedelta(days=1)).isoformat(),
                "valid_until": (now + timedelta(days=90)).isoformat(), **overrides}
        activate = body.pop("activate", True)
        response = client.post("/api/v1/admin/voucher-batches", headers=admin, json=body)
        assert response.status_code == 201, response.get_json()
        batch = response.get_json()
        if activate:
            activated = client.post(f"/api/v1/admin/voucher-batches/{batch['id']}/activate",
                                    headers=admin)
            assert activated.status_code == 200, activated.get_json()
            batch = activated.get_json()
        return batch

    return _make


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_serial = itertools.count(1)


def id_number(born: str = "20250101", serial: int | None = None) -> str:
    """A valid 18-digit 居民身份证号 (GB 11643 check character) of a Suzhou-born child."""
    body = f"320508{born}{(serial or next(_serial)) % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


@pytest.fixture
def family(client, login):
    """family(months=10, district="姑苏区") -> {"headers", "child_id"}: a consenting parent."""

    def _make(months=10, district="姑苏区", expected=False):
        headers = login("parent")
        client.patch("/api/v1/me", headers=headers, json={"consent": True, "district": district})
        today = today_local()
        if expected:
            payload = {"nickname": "小宝", "due_date": (today + timedelta(days=60)).isoformat()}
        else:
            born = today - timedelta(days=int(months * 30.44) + 3)
            payload = {"nickname": "乐乐", "birth_date": born.isoformat(),
                       "id_number": id_number(born.strftime("%Y%m%d"))}
        child = client.post("/api/v1/me/children", headers=headers, json=payload)
        assert child.status_code == 201, child.get_json()
        return {"headers": headers, "child_id": child.get_json()["id"]}

    return _make


@pytest.fixture
def holding(client, make_batch, family):
    """A family holding the 4 vouchers of an active batch: {"headers", "child_id", "vouchers", "batch"}."""
    batch = make_batch()
    fam = family()
    claimed = client.post(f"/api/v1/voucher-batches/{batch['id']}/claim", headers=fam["headers"],
                          json={"child_id": fam["child_id"]})
    assert claimed.status_code == 201, claimed.get_json()
    return {**fam, "vouchers": claimed.get_json(), "batch": batch}


@pytest.fixture
def world(client, login, make_session, make_batch, family, holding):
    """Parent A (holding vouchers, booked into session S at venue X with one of them), parent B,
    a clerk at X and one at Y, an admin, a redemption at X, a facility, a room, a bot answer."""
    from app.faqbot.models import FaqEntry

    x = make_session(starts_in=timedelta(minutes=30))
    walk_in = make_session(starts_in=timedelta(minutes=40), venue_id=x["venue_id"])
    door = make_session(starts_in=timedelta(minutes=45), venue_id=x["venue_id"])
    y = make_session()
    b = family()
    admin = login("admin")
    staff_x = login("venue_staff", venue_id=x["venue_id"])
    staff_y = login("venue_staff", venue_id=y["venue_id"])
    vouchers = holding["vouchers"]
    booking = client.post(f"/api/v1/sessions/{x['session_id']}/bookings", headers=holding["headers"],
                          json={"child_id": holding["child_id"], "voucher_id": vouchers[0]["id"]})
    assert booking.status_code == 201, booking.get_json()
    redemption = client.post("/api/v1/vouchers/redeem", headers=staff_x, json={
        "code": vouchers[1]["code"], "session_id": walk_in["session_id"], "walk_in": True})
    assert redemption.status_code == 201, redemption.get_json()
    facility = client.post("/api/v1/admin/facilities", headers=admin,
                           json={"name": "红星托育", "district": "姑苏区", "filing_no": "苏托备-0001"})
    assert facility.status_code == 201, facility.get_json()
    room = client.post("/api/v1/admin/nursing-rooms", headers=admin,
                       json={"name": "观前街母婴室", "district": "姑苏区"})
    assert room.status_code == 201, room.get_json()
    draft = make_batch(name="草稿批次", activate=False)
    answer = client.post("/api/v1/bot/ask", json={"question": "产假多少天"}).get_json()
    app = client.application
    with app.app_context():
        db.session.add(FaqEntry(id="matrix-entry", topic="platform", title="怎么预约课程",
                                answer="在课程页选择场次预约。", sources=[], confidence="single-source",
                                related=[], reviewed="2026-11-24"))
        db.session.commit()
    notification = _notify(app, client.get("/api/v1/me", headers=holding["headers"]).get_json())
    now = utcnow()
    gusu_batch = make_batch(name="姑苏区专项批次", districts=["姑苏区"])
    headers = {"anon": {}, "parent_a": holding["headers"], "parent_b": b["headers"],
               "staff_x": staff_x, "staff_y": staff_y, "admin": admin,
               "gusu_admin": login("admin", district="姑苏区"),
               "wuzhong_admin": login("admin", district="吴中区")}
    return {
        "headers": headers, "child": holding["child_id"], "voucher": vouchers[0]["id"],
        "booking": booking.get_json()["id"], "session": x["session_id"],
        "door": door["session_id"], "course": x["course_id"],
        "venue_x": x["venue_id"], "venue_y": y["venue_id"], "batch": holding["batch"]["id"],
        "draft_batch": draft["id"], "redemption": redemption.get_json()["id"],
        "spare_code": vouchers[2]["code"], "facility": facility.get_json()["id"],
        "room": room.get_json()["id"], "answer": answer["answer_id"], "faq": "matrix-entry",
        "own_child": {"parent_a": holding["child_id"], "parent_b": b["child_id"],
                      "anon": b["child_id"], "staff_x": b["child_id"], "staff_y": b["child_id"],
                      "admin": b["child_id"], "gusu_admin": b["child_id"],
                      "wuzhong_admin": b["child_id"]},
        "gusu_batch": gusu_batch["id"],
        "next_week_for": {role: (now + timedelta(days=7, minutes=5 * i)).isoformat()
                          for i, role in enumerate(headers)},
        "now": now.isoformat(), "next_week": (now + timedelta(days=7)).isoformat(),
        "notification": notification,
    }


def _notify(app, parent: dict) -> int:
    """A notification in parent A's inbox."""
    from app.notifications import service

    with app.app_context():
        nid = service.notify(parent["id"], "voucher_issued", "voucher:matrix", {
            "voucher": "科学育儿公共指导服务券", "valid_until_on": "2027-03-31", "voucher_id": 1})
        db.session.commit()
        return nid
