"""Staff accounts as the admins keep them: who may see and deactivate whom (属地管理).

Venue staff belong to their venue's district; an admin to their scope. A district admin manages
the staff of their district's venues; admin accounts are the city's (as creating them is)."""
from sqlalchemy import or_, select

from app.accounts import service
from app.accounts.models import User
from app.common import scope
from app.common.errors import DomainError, NotFound
from app.common.text_search import contains
from app.extensions import db

STAFF_ROLES = ("venue_staff", "admin")


def _not_found() -> NotFound:
    return NotFound("staff_not_found", "没有找到该工作人员账号")


def staff_district(user: User) -> str | None:
    """Where a member of staff works: their venue's district, or an admin's scope."""
    if user.role == "venue_staff":
        return service.venue_district(user.venue_id)
    return user.scope


def staff_listing(admin: User, role: str | None = None, active: bool | None = None,
                  text: str | None = None, district: str | None = None):
    """The accounts staff_in_scope lets this admin manage, as rows (User, venue_name,
    venue_district), with the page's and the API's filters: a role, active or not, a text in
    the username, nickname or venue name, a district or city code."""
    from app.courses.models import Venue   # courses depends on accounts, not the reverse
    from app.places.service import placed_in

    stmt = (select(User, Venue.name.label("venue_name"), Venue.district.label("venue_district"))
            .outerjoin(Venue, Venue.id == User.venue_id).where(User.role.in_(STAFF_ROLES)))
    own = scope.district_of_scope(admin)
    if own:
        stmt = stmt.where(User.role == "venue_staff", Venue.district == own)
    elif admin.scope:
        stmt = stmt.where(or_(
            (User.role == "venue_staff") & scope.where_in_scope(admin, Venue.district),
            (User.role == "admin") & scope.where_in_scope(admin, User.scope)))
    if role:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.is_active.is_(active))
    if text:
        stmt = stmt.where(or_(contains(User.username, text), contains(User.nickname, text),
                              contains(Venue.name, text)))
    if district:
        stmt = stmt.where(or_(placed_in(Venue.district, district), placed_in(User.scope, district)))
    return stmt.order_by(User.role, User.username, User.id)


def listing_row(admin: User, user_id: int):
    """One account as staff_listing gives it (after staff_in_scope has found it)."""
    return db.session.execute(staff_listing(admin).where(User.id == user_id)).one()


def staff_in_scope(admin: User, user_id: int) -> User:
    """A staff account the admin may manage; anyone else (a parent, another district's) is 404."""
    user = db.session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        raise _not_found()
    if user.role == "admin" and (scope.district_of_scope(admin) or admin.scope and not user.scope):
        raise _not_found()   # a district office manages no admins; a city's, no wider ones
    scope.ensure_found(admin, staff_district(user), _not_found())
    return user


def deactivate_staff(admin: User, user_id: int) -> User:
    """Stop an account: its console sign-ins and API tokens stop working at once (both check
    is_active); the account and what it did stay, for the audit log."""
    user = staff_in_scope(admin, user_id)
    if user.id == admin.id:
        raise DomainError("cannot_deactivate_self", "不能停用自己的账号")
    if not user.is_active:
        return user
    user.is_active = False
    user.token_version += 1
    db.session.flush()
    return user
