"""Accounts: logins, the parent's profile and consent, children."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import bindparam, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts import identity
from app.accounts.models import Child, User
from app.accounts.wechat import WeChatClient
from app.common.auth import issue_token
from app.common.errors import DomainError, Forbidden, InvalidInput, NotFound, Unauthorized
from app.common.timeutil import months_between, to_local, today_local, utcnow
from app.extensions import db

PREGNANCY_DAYS = 280
MAX_CHILD_AGE_YEARS = 18


# Built once: a reused statement keeps its cache key, which session.get rebuilds per call (a
# measurable share of every authenticated request's CPU).
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


def user_by_id(user_id: int) -> User | None:
    return db.session.scalars(_USER_BY_ID, {"user_id": user_id}).first()


def login_response(user: User) -> dict:
    token, ttl = issue_token(user)
    return {"token": token, "expires_in": ttl, "user": user}


def wechat_login(code: str) -> dict:
    config = current_app.config
    client = WeChatClient(config["WECHAT_API_BASE"], config["WECHAT_APPID"],
                          config["WECHAT_SECRET"], config["WECHAT_TIMEOUT_SECONDS"])
    session = client.code_to_session(code)
    user = db.session.scalars(select(User).where(User.openid == session.openid)).first()
    if user is None:
        user = User(role="parent", openid=session.openid, is_active=True)
        db.session.add(user)
    elif not user.is_active:
        raise Forbidden("account_disabled", "该账号已停用")
    user.session_key = session.session_key
    if session.unionid:
        user.unionid = session.unionid
    user.last_login_at = utcnow()
    db.session.flush()
    return login_response(user)


def dev_login(openid: str, role: str, venue_id: int | None, scope: str | None = None) -> dict:
    """Log in as anyone without WeChat; only reachable when DEV_LOGIN is on. An admin with a
    `scope` (a district or city code) is that district's or city's admin."""
    if scope and role != "admin":
        raise InvalidInput("district", "只有管理员可以指定管辖区县")
    if role == "venue_staff":
        if venue_id is None:
            raise InvalidInput("venue_id", "场地工作人员必须指定 venue_id")
        ensure_venue_exists(venue_id)
    user = db.session.scalars(select(User).where(User.openid == openid)).first()
    if user is None:
        user = User(openid=openid, role=role)
        db.session.add(user)
    user.role = role
    user.venue_id = venue_id if role == "venue_staff" else None
    user.scope = scope if role == "admin" else None
    user.last_login_at = utcnow()
    db.session.flush()
    return login_response(user)


def staff_login(username: str, password: str) -> dict:
    user = db.session.scalars(select(User).where(User.username == username)).first()
    if (user is None or not user.password_hash
            or not check_password_hash(user.password_hash, password)):
        raise Unauthorized("login_failed", "用户名或密码错误")
    if not user.is_active:
        raise Forbidden("account_disabled", "该账号已停用")
    user.last_login_at = utcnow()
    db.session.flush()
    return login_response(user)


def logout(user: User) -> None:
    """Revoke every token issued to this user so far."""
    user.token_version += 1
    db.session.flush()


def create_staff_account(username: str, password: str, role: str, venue_id: int | None,
                         nickname: str | None = None, scope: str | None = None,
                         creator: User | None = None) -> User:
    """Venue staff (bound to a venue in the creator's scope) or an admin (of `scope`, a city or
    district; only a city-level admin creates admins, and only inside their own scope)."""
    from app.common import scope as scopes

    if role == "admin":
        scopes.ensure_city_admin(creator)
        if scope is None and creator is not None:
            scope = creator.scope
        scopes.ensure_district(creator, scope)
    elif scope:
        raise InvalidInput("district", "只有管理员账号可以指定管辖区县")
    if role == "venue_staff":
        if venue_id is None:
            raise InvalidInput("venue_id", "场地工作人员必须绑定场地")
        ensure_venue_exists(venue_id)
        if _venue_district is not None:
            scopes.ensure_found(creator, _venue_district(venue_id),
                                InvalidInput("venue_id", "场地不存在"))
    if db.session.scalars(select(User).where(User.username == username)).first():
        raise DomainError("username_taken", "该用户名已被使用", errors={"username": ["已被使用"]})
    user = User(username=username, password_hash=generate_password_hash(password), role=role,
                venue_id=venue_id if role == "venue_staff" else None, nickname=nickname,
                scope=scope if role == "admin" else None)
    db.session.add(user)
    db.session.flush()
    return user


_venue_exists = None
_venue_district = None


def venue_district(venue_id: int | None) -> str | None:
    """The district of a venue, through the lookup courses registered (None without one)."""
    if venue_id is None or _venue_district is None:
        return None
    return _venue_district(venue_id)


def register_venue_lookup(exists, district=None) -> None:
    """Courses tells accounts how to check a venue id and find its district (accounts never
    imports courses)."""
    global _venue_exists, _venue_district
    _venue_exists, _venue_district = exists, district


def ensure_venue_exists(venue_id: int) -> None:
    if _venue_exists is None or not _venue_exists(venue_id):
        raise InvalidInput("venue_id", "场地不存在")


def update_profile(user: User, changes: dict) -> User:
    confirm_deletion = changes.pop("confirm_health_record_deletion", False)
    if "consent" in changes:
        consent = changes.pop("consent")
        if consent and user.consent_at is None:
            user.consent_at = utcnow()
        elif not consent and user.consent_at is not None:
            if user.children:
                raise DomainError("children_need_consent",
                                  "撤回同意前请先删除已添加的孩子信息")
            user.consent_at = None
            user.health_consent_at = None
    if "health_consent" in changes:
        from app.health.consent import set_health_consent

        set_health_consent(user, changes.pop("health_consent"), confirm_deletion)
    _place(user, changes)
    for field in ("nickname", "phone"):
        if field in changes:
            setattr(user, field, changes[field])
    db.session.flush()
    return user


def _place(user: User, changes: dict) -> None:
    """A district sets its city; a city chosen alone drops a district outside it."""
    from app.places.service import city_of

    city = changes.get("city")
    if changes.get("district"):
        district_city = city_of(changes["district"])
        if city and district_city != city:
            raise InvalidInput("district", "所填区县不在所选城市内")
        user.district, user.city = changes["district"], district_city
    elif "district" in changes:
        user.district = None
    if city:
        if user.district and city_of(user.district) != city:
            user.district = None
        user.city = city


# --- children -----------------------------------------------------------------------------

def list_children(parent: User) -> list[Child]:
    return list(db.session.scalars(
        select(Child).where(Child.parent_id == parent.id).order_by(Child.id)))


def get_child(parent: User, child_id: int) -> Child:
    """A child of this parent; someone else's child is 'not found' so ids leak nothing."""
    child = db.session.get(Child, child_id)
    if child is None or child.parent_id != parent.id:
        raise child_not_found()
    return child


def child_not_found() -> NotFound:
    return NotFound("child_not_found", "没有找到这个孩子的信息")


def add_child(parent: User, data: dict) -> Child:
    if parent.consent_at is None:
        raise Forbidden("consent_required",
                        "添加孩子信息前，请先阅读并同意《儿童个人信息保护规则》")
    _check_dates(data.get("birth_date"), data.get("due_date"))
    child = Child(parent_id=parent.id, nickname=data["nickname"],
                  birth_date=data.get("birth_date"), due_date=data.get("due_date"),
                  sex=data.get("sex"))
    if data.get("id_number"):
        _set_identity(parent, child, data["id_number"])
    db.session.add(child)
    db.session.flush()
    return child


def update_child(parent: User, child_id: int, data: dict) -> Child:
    child = get_child(parent, child_id)
    birth, due = data.get("birth_date", child.birth_date), data.get("due_date", child.due_date)
    if "birth_date" in data and data["birth_date"] is not None and "due_date" not in data:
        due = None  # the baby was born: the due date gives way to the birth date
    _check_dates(birth, due)
    child.birth_date, child.due_date = birth, due
    if data.get("id_number"):
        _set_identity(parent, child, data["id_number"])
    for field in ("nickname", "sex"):
        if field in data:
            setattr(child, field, data[field])
    db.session.flush()
    return child


def delete_child(parent: User, child_id: int) -> dict:
    """Other domains let go first: seats and queue places are given back, vouchers revoked, past
    bookings kept anonymised. Returns what was released and revoked."""
    from app.common.personal_data import erase_child_all

    child = get_child(parent, child_id)
    released = erase_child_all(child)
    db.session.delete(child)
    db.session.flush()
    return released


def _set_identity(parent: User, child: Child, id_number: str) -> None:
    """Keep only the keyed hash and the masked form; the same child twice under one parent is
    refused (another guardian may add the same child: the vouchers follow the hash)."""
    digest = identity.keyed_hash(id_number)
    if child.id_hash == digest:
        return
    twin = db.session.scalar(select(Child.id).where(Child.parent_id == parent.id,
                                                    Child.id_hash == digest))
    if twin is not None:
        raise DomainError("child_already_added", "该身份证号的孩子已在您的孩子列表中，请勿重复添加",
                          errors={"id_number": ["与已添加的孩子重复"]})
    child.id_hash, child.id_masked = digest, identity.masked(id_number)


def _check_dates(birth: date | None, due: date | None) -> None:
    today = today_local()
    if (birth is None) == (due is None):
        raise InvalidInput("birth_date", "请填写出生日期（已出生）或预产期（未出生）其中一项")
    if birth is not None:
        if birth > today:
            raise InvalidInput("birth_date", "出生日期不能晚于今天")
        if birth < today.replace(year=today.year - MAX_CHILD_AGE_YEARS):
            raise InvalidInput("birth_date", "出生日期过早，请检查")
    if due is not None:
        if due < today - timedelta(days=30):
            raise InvalidInput("due_date", "预产期已过，请改填出生日期")
        if due > today + timedelta(days=PREGNANCY_DAYS + 14):
            raise InvalidInput("due_date", "预产期超出一次孕期的范围，请检查")


def age_in_months(child: Child, on: date | None = None) -> int | None:
    if child.birth_date is None:
        return None
    return months_between(child.birth_date, on or today_local())


def pregnancy_weeks(child: Child, on: date | None = None) -> int | None:
    if child.due_date is None:
        return None
    conception_reference = child.due_date - timedelta(days=PREGNANCY_DAYS)
    return max(0, ((on or today_local()) - conception_reference).days // 7)


# --- personal data (PIPL) -----------------------------------------------------------------

def export_profile(user: User) -> dict:
    """The person's own data, unmasked: this goes to them, not to a screen others see."""
    from app.places.service import district_name

    return {
        "id": user.id, "role": user.role, "nickname": user.nickname,
        "district": district_name(user.district), "city": district_name(user.city),
        "phone": user.phone,
        "consent_at": to_local(user.consent_at).isoformat() if user.consent_at else None,
        "health_consent_at": (to_local(user.health_consent_at).isoformat()
                              if user.health_consent_at else None),
        "created_at": to_local(user.created_at).isoformat(),
        "children": [{"id": c.id, "nickname": c.nickname, "id_number": c.id_masked,
                      "sex": c.sex,
                      "birth_date": c.birth_date.isoformat() if c.birth_date else None,
                      "due_date": c.due_date.isoformat() if c.due_date else None,
                      "created_at": to_local(c.created_at).isoformat()}
                     for c in list_children(user)],
    }


def export_personal_data(user: User) -> dict:
    from app.common.personal_data import export_all

    return {"exported_at": to_local(utcnow()).isoformat(), **export_all(user)}


def delete_account(user: User) -> None:
    """Delete the parent and their children; other domains release and pseudonymise first."""
    from app.common.personal_data import erase_all

    if user.role != "parent":
        raise Forbidden("staff_account_deletion", "工作人员账号请联系管理员注销")
    erase_all(user)
    db.session.delete(user)
    db.session.flush()
