"""PIPL: a parent's bookings are in their export, and leaving gives their seats to the queue."""


def test_export_lists_the_parents_bookings_only(cat, client):
    session = cat.session(capacity=1)
    headers, child = cat.parent_with_child(12)
    booking = cat.book(session["id"], headers, child).get_json()
    other, other_child = cat.parent_with_child(12)
    cat.book(session["id"], other, other_child)
    mine = client.get("/api/v1/me/export", headers=headers).get_json()["courses"]
    assert [(b["id"], b["status"], b["course"]) for b in mine] == [
        (booking["id"], "confirmed", session["course"]["title"])]
    assert mine[0]["starts_at"].endswith("+08:00")


def test_deleting_the_account_offers_its_seat_to_the_waiting_list(cat, client):
    session = cat.session(capacity=1)
    leaving, child = cat.parent_with_child(12)
    cat.book(session["id"], leaving, child)
    staying, staying_child = cat.parent_with_child(12)
    queued = cat.book(session["id"], staying, staying_child).get_json()
    assert queued["status"] == "waitlisted"
    assert client.delete("/api/v1/me", headers=leaving).status_code == 204
    assert cat.accept_offer(staying)["id"] == queued["id"]
    detail = client.get(f"/api/v1/courses/{session['course']['id']}").get_json()
    assert detail["sessions"][0]["seats_left"] == 0
