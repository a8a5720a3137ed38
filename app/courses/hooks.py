"""Extension points inside the booking transactions, for domains joined to bookings (vouchers).

Vouchers depend on courses, never the reverse; courses learn of vouchers only through these
events. A hook runs inside the caller's unit of work and must not commit; raising a DomainError
rolls the whole request back. Locks: the parent, session and booking rows are taken by courses
before any hook runs; a hook then locks what is its own (a voucher), per common.locking's order.

    reserve(booking, options)  after the booking row is written (it has an id and a status
                               "confirmed" or "waitlisted"); `options` is the validated request
                               body of POST /sessions/{id}/bookings (e.g. {"voucher_id": 7})
                               and "notice": the course title, start, venue name and
                               child's nickname, read before the session's row was taken.
    release(booking, reason)   after an active booking became "cancelled"; reason is one of
                               RELEASE_REASONS.
    no_show(booking)           after a confirmed booking became "no_show" at the session's end.
"""
from typing import Protocol

RELEASE_REASONS = ("parent", "session_cancelled", "course_cancelled", "venue_closed",
                   "session_finished", "account_deleted", "child_deleted", "offer_expired")


class BookingHook(Protocol):
    def reserve(self, booking, options: dict) -> None: ...

    def release(self, booking, reason: str) -> None: ...

    def no_show(self, booking) -> None: ...


_HOOKS: list[BookingHook] = []


def register(hook: BookingHook) -> None:
    """Called once from a domain's init_app; registering the same hook twice has no effect."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def reserve(booking, options: dict) -> None:
    for hook in _HOOKS:
        hook.reserve(booking, options)


def release(booking, reason: str) -> None:
    assert reason in RELEASE_REASONS, reason
    for hook in _HOOKS:
        hook.release(booking, reason)


def no_show(booking) -> None:
    for hook in _HOOKS:
        hook.no_show(booking)
