"""Places for the rest of the app: resolve what a user typed to a code, show a code's name, and
the cities this deployment serves.

Each process keeps the registry in memory, built from the division table and rebuilt when a
content load changes it (checked at most every PLACES_RELOAD_CHECK_SECONDS).
"""
import threading
import time

from flask import current_app
from sqlalchemy import select

from app.common.errors import InvalidInput
from app.common.state import get_state
from app.extensions import db
from app.places import registry as reg
from app.places.content import VERSION_KEY
from app.places.models import Division


class _Holder:
    def __init__(self):
        self.lock = threading.Lock()
        self.registry: reg.Registry | None = None
        self.version: str | None = None
        self.checked = 0.0


def _holder() -> _Holder:
    return current_app.extensions.setdefault("places", _Holder())


def registry() -> reg.Registry:
    holder = _holder()
    now = time.monotonic()
    if holder.registry is not None and \
            now - holder.checked < current_app.config["PLACES_RELOAD_CHECK_SECONDS"]:
        return holder.registry
    version = get_state(VERSION_KEY)
    with holder.lock:
        if holder.registry is None or version != holder.version:
            rows = db.session.scalars(select(Division))
            holder.registry = reg.Registry.of(
                reg.Division(r.code, r.name, r.level, r.parent_code, tuple(r.aliases or ()))
                for r in rows)
            holder.version = version
        holder.checked = now
    return holder.registry


def forget() -> None:
    """Drop this process's copy (after a content load)."""
    holder = _holder()
    holder.registry, holder.checked = None, 0.0


# ---- the deployment's cities -----------------------------------------------------------------
def served_cities() -> tuple[str, ...]:
    """City codes of the CITIES setting (names, aliases or codes, comma-separated)."""
    places = registry()
    codes = []
    for value in current_app.config["CITIES"]:
        try:
            codes.append(places.resolve(value, "city"))
        except (reg.UnknownPlace, reg.AmbiguousPlace):
            continue   # a misspelt city serves nothing rather than failing every request
    return tuple(codes)


def unserved_city(value) -> str | None:
    """The name of the city a known district (or city) lies in when this deployment does not
    serve it, else None: how content for several cities is loaded where only some are served.
    Anything the registry does not know is None, so the loader's validation reports it."""
    places, cities = registry(), served_cities()
    text = str(value or "").strip()
    for level in ("district", "city"):
        try:
            code = places.resolve(text, level, prefer=cities)
        except (reg.UnknownPlace, reg.AmbiguousPlace):
            continue
        if places.within(code, cities):
            return None
        return places.name(places.ancestor(code, "city"))
    return None


def default_city() -> str | None:
    cities = served_cities()
    return cities[0] if cities else None


def city_code(value: str, field: str = "city") -> str:
    """A served city from its name, alias or code (422 naming the field otherwise)."""
    places, cities = registry(), served_cities()
    try:
        code = places.resolve(value, "city", prefer=())
    except reg.UnknownPlace as exc:
        raise _unknown(field, value, "城市", [places.name(c) for c in cities] or exc.suggestions)
    except reg.AmbiguousPlace as exc:
        raise _ambiguous(field, value, exc.candidates)
    if code not in cities:
        raise _not_served(field, places.name(code), cities)
    return code


# ---- districts ------------------------------------------------------------------------------
def district_code(value: str, field: str = "district", cities: tuple | None = None,
                  allow_city: bool = False) -> str:
    """The code of a district (区县, development zone) in a served city, from its code, name or
    alias; otherwise a 422 on `field` suggesting the nearest names. With allow_city, a served
    city itself (for what serves a whole city, such as an online classroom)."""
    places = registry()
    cities = served_cities() if cities is None else cities
    try:
        code = places.resolve(value, "district", prefer=cities)
    except reg.UnknownPlace as exc:
        if allow_city:
            try:
                return city_code(value, field)
            except InvalidInput:
                pass
        raise _unknown(field, value, "区县", exc.suggestions)
    except reg.AmbiguousPlace as exc:
        raise _ambiguous(field, value, exc.candidates)
    if not places.within(code, cities):
        raise _not_served(field, places.full_name(code), cities)
    return code


def district_name(code: str | None) -> str | None:
    """The Chinese name of a code; a value that is not a known code is shown as it is."""
    if not code:
        return None
    return registry().name(code) or code


def city_of(code: str | None) -> str | None:
    return registry().ancestor(code, "city")


def placed_in(column, code: str):
    """A WHERE clause keeping rows whose district `column` lies in division `code`: a district
    itself, or for a city each of its districts and the city (a whole-city object)."""
    division = registry().get(code)
    if division is not None and division.level == "city":
        return column.startswith(code[:4])
    return column == code


def province_of(code: str | None) -> str | None:
    """The province of a division code as people say it (四川), for the FAQ bot's default."""
    places = registry()
    province = places.get(places.ancestor(code, "province"))
    if province is None:
        return None
    return (reg.short_forms(province) or [province.name])[0]


def list_city(args: dict, user=None) -> str | None:
    """The city a list shows: the one asked for (`city`), else the district's, else the
    parent's, else the deployment's first."""
    if args.get("city"):
        return args["city"]
    if args.get("district"):
        return city_of(args["district"])
    if user is None:
        from app.common.auth import optional_user

        user = optional_user()
    if user is not None and user.city:
        return user.city
    return default_city()


def city_cache_key() -> str:
    """What a cached list depends on besides its URL: the parent's city, when the deployment
    serves several and the URL names none (one city served: nothing, no user read)."""
    from flask import request

    if len(current_app.config["CITIES"]) < 2 or "city" in request.args \
            or "district" in request.args:
        return ""
    return list_city({}) or ""


def districts_of(city: str) -> list[reg.Division]:
    return registry().children(city, "district")


def _unknown(field: str, value: str, what: str, suggestions: list[str]) -> InvalidInput:
    message = f"未找到{what}“{value}”"
    if suggestions:
        message += "，您是不是要找：" + "、".join(suggestions)
    return InvalidInput(field, message, code="unknown_place")


def _ambiguous(field: str, value: str, candidates: list[str]) -> InvalidInput:
    return InvalidInput(field, f"“{value}”有多处同名，请写明所在城市：" + "、".join(candidates),
                        code="ambiguous_place")


def _not_served(field: str, name: str, cities: tuple) -> InvalidInput:
    served = "、".join(registry().name(c) for c in cities) or "（未配置城市）"
    return InvalidInput(field, f"本平台目前服务{served}，暂不含{name}",
                        code="place_not_served")
