"""The detector behind the whole-run log check (tests/conftest.py, pytest_sessionfinish): it
must see a phone, a token or a nickname the suite uses, and leave request lines alone."""
from tests.runlog import leaks


def test_the_log_check_catches_personal_data_and_passes_request_lines():
    clean = ["app.request: 3f2a9c0d1e2b4a5f6e7d8c9b0a1f2e3d GET /api/v1/me 200 1.2ms",
             "app.vouchers: voucher redeemed voucher_id=13812345678abc session_id=4"]
    dirty = ["app.x: phone 13812345678 in a message",
             "app.x: Authorization Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
             "app.x: booked by 小雨妈妈"]
    assert leaks(clean) == []
    assert leaks(dirty) == dirty
