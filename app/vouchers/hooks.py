"""Vouchers joined to bookings through courses' booking hooks: reserve on booking, release on
cancellation, give back (or forfeit) on a no-show."""
from app.accounts.models import User
from app.extensions import db
from app.vouchers import reservation


class VoucherBookingHook:
    def reserve(self, booking, options: dict) -> None:
        voucher_id = options.get("voucher_id")
        if voucher_id is None:
            return
        parent = db.session.get(User, booking.parent_id)
        reservation.reserve_for_booking(parent, voucher_id, booking.child_id, booking,
                                        booking.session.course)

    def release(self, booking, reason: str) -> None:
        reservation.release_for_booking(booking.id)

    def no_show(self, booking) -> None:
        reservation.after_no_show(booking.id)


HOOK = VoucherBookingHook()
