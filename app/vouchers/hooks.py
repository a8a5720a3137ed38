"""Vouchers joined to bookings: reserve on booking, release on cancellation (courses.hooks)."""
from app.accounts.models import User
from app.extensions import db
from app.vouchers import service


class VoucherBookingHook:
    def reserve(self, booking, options: dict) -> None:
        voucher_id = options.get("voucher_id")
        if voucher_id is None:
            return
        parent = db.session.get(User, booking.parent_id)
        service.reserve_for_booking(parent, voucher_id, booking.child_id, booking,
                                    booking.session.course)

    def release(self, booking, reason: str) -> None:
        service.release_for_booking(booking.id)


HOOK = VoucherBookingHook()
