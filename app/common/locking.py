"""Row locks, taken in one place and in one order, so two writes never wait on each other in a
circle (pretix's services/locking.py is the model):

    parent (user_account) -> session (course_session) -> bookings -> vouchers

Each kind is locked in id order. A lock outlives nothing: it is held until the unit of work
commits, so taking one outside a unit of work is a bug and raises.
"""
from sqlalchemy import select

from app.common.uow import in_unit_of_work
from app.extensions import db

ORDER = ("parent", "session", "bookings", "vouchers")


def _tables():
    # Imported here: locking is shared by the domains whose tables it names.
    from app.accounts.models import User
    from app.courses.models import Booking, CourseSession
    from app.vouchers.models import Voucher

    return {"parent": User, "session": CourseSession, "bookings": Booking, "vouchers": Voucher}


def require_unit_of_work() -> None:
    if not in_unit_of_work():
        raise RuntimeError("row locks are only taken inside a unit of work (app.common.uow)")


def lock_rows(*, parent: int | None = None, session: int | None = None,
              bookings: list[int] | tuple[int, ...] = (),
              vouchers: list[int] | tuple[int, ...] = ()) -> None:
    """SELECT … FOR UPDATE the given rows in the documented order (a no-op lock on SQLite,
    which serialises writers itself)."""
    require_unit_of_work()
    tables = _tables()
    wanted = {"parent": [parent] if parent else [], "session": [session] if session else [],
              "bookings": sorted(set(bookings)), "vouchers": sorted(set(vouchers))}
    for kind in ORDER:
        ids = wanted[kind]
        if ids:
            model = tables[kind]
            db.session.execute(select(model.id).where(model.id.in_(ids)).order_by(model.id)
                               .with_for_update())


def parent_lock_with(statement, user_table):
    """A read that also locks the parent's row, the first of the order (the booking hot path
    reads its facts and takes the lock in one round trip). Built once at import; whoever runs it
    calls require_unit_of_work() first."""
    return statement.with_for_update(of=user_table)
