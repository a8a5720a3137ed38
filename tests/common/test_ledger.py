"""The redemption ledger is append-only in the database itself: raw SQL that bypasses the ORM
(a script, a console, a careless fix) cannot update or delete a redemption or a reversal."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.common.ledger import REFUSAL
from app.extensions import db
from app.vouchers.models import Redemption, RedemptionReversal


@pytest.fixture
def ledger(app, holding, make_session):
    """One redemption of a real voucher at a real session, and its reversal."""
    where = make_session()
    with app.app_context():
        redemption = Redemption(voucher_id=holding["vouchers"][0]["id"], redemption_no=1,
                                venue_id=where["venue_id"], session_id=where["session_id"])
        db.session.add(redemption)
        db.session.flush()
        db.session.add(RedemptionReversal(redemption_id=redemption.id, reason="登记错了"))
        db.session.commit()
        return redemption.id


@pytest.mark.parametrize("statement", [
    "UPDATE redemption SET venue_id = venue_id + 1 WHERE id = :id",
    "DELETE FROM redemption WHERE id = :id",
    "UPDATE redemption_reversal SET reason = '改过' WHERE redemption_id = :id",
    "DELETE FROM redemption_reversal WHERE redemption_id = :id",
])
def test_raw_sql_cannot_rewrite_the_ledger(app, ledger, statement):
    with app.app_context():
        before = _rows(ledger)
        with pytest.raises(DBAPIError, match=REFUSAL):
            with db.engine.begin() as conn:
                conn.execute(text(statement), {"id": ledger})
        assert _rows(ledger) == before


def test_new_rows_are_still_appended(app, ledger, holding, make_session):
    where = make_session()
    with app.app_context():
        db.session.add(Redemption(voucher_id=holding["vouchers"][1]["id"], redemption_no=1,
                                  venue_id=where["venue_id"], session_id=where["session_id"]))
        db.session.commit()
        assert db.session.execute(text("SELECT count(*) FROM redemption")).scalar() == 2


def _rows(redemption_id: int):
    with db.engine.connect() as conn:
        return (conn.execute(text("SELECT * FROM redemption WHERE id = :id"),
                             {"id": redemption_id}).all(),
                conn.execute(text("SELECT * FROM redemption_reversal WHERE redemption_id = :id"),
                             {"id": redemption_id}).all())
