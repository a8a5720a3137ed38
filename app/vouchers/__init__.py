"""Voucher batches, vouchers, redemptions (an append-only ledger)."""


def init_app(app):
    pass
