"""属地管理: an admin's scope and the checks every admin write shares.

An admin's `scope` is a division code: a city (the city health commission manages the whole
city) or a district (a district health office manages only its district). An admin without a
scope manages every city the deployment serves. Parents and venue staff have no scope; their
own rules (own children, own venue) apply. Another district's object is a 404, like another
parent's: ids leak nothing.
"""
from app.common.errors import Forbidden, InvalidInput, NotFound


def _scope(user) -> str | None:
    return getattr(user, "scope", None) if user is not None and user.role == "admin" else None


def district_of_scope(user) -> str | None:
    """The district a district admin is confined to; None for city or unscoped admins."""
    from app.places.service import registry

    code = _scope(user)
    division = registry().get(code)
    return code if division is not None and division.level == "district" else None


def city_of_scope(user) -> str | None:
    """The city a city admin manages; None for district or unscoped admins."""
    from app.places.service import registry

    code = _scope(user)
    division = registry().get(code)
    return code if division is not None and division.level == "city" else None


def city_of_admin(user) -> str | None:
    """The city a city or district admin works in; None for an admin of every city."""
    from app.places.service import city_of

    return city_of(_scope(user))


def in_scope(user, district: str | None) -> bool:
    """Whether an object placed in `district` (a code, or None) is this admin's to manage."""
    from app.places.service import registry

    scope = _scope(user)
    if not scope:
        return True
    if not district:
        return registry().get(scope) is not None and registry().get(scope).level == "city"
    return registry().within(district, (scope,))


def ensure_found(user, district: str | None, not_found: NotFound) -> None:
    """Raise `not_found` for an object outside the admin's scope."""
    if not in_scope(user, district):
        raise not_found


def ensure_district(user, district: str | None, field: str = "district") -> None:
    """A write may only place an object inside the admin's scope (422 on the field)."""
    from app.places.service import district_name

    if not in_scope(user, district):
        raise InvalidInput(field, f"您只能管理{district_name(_scope(user))}范围内的数据",
                           code="out_of_scope")


def ensure_city_admin(user) -> None:
    """City-wide matters (the course catalogue, admin accounts) are not a district office's."""
    if district_of_scope(user):
        raise Forbidden("forbidden_scope", "区级管理员不能执行此操作，请联系市级管理员")


def districts_in_scope(user, districts: list) -> bool:
    """A voucher batch's districts: all inside a district admin's scope ([] is city-wide)."""
    if not _scope(user):
        return True
    if not districts:
        return district_of_scope(user) is None
    return all(in_scope(user, d) for d in districts)


def where_in_scope(user, column):
    """A WHERE clause keeping rows whose district `column` lies in the admin's scope, or None."""
    from app.places.service import placed_in

    scope = _scope(user)
    return placed_in(column, scope) if scope else None
