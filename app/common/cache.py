"""A few seconds' cache of the catalogue's GET responses, in this process.

During a booking rush most traffic is parents refreshing the same lists; answering them from
a two-second copy keeps the workers for the bookings. It holds nothing that is not in the
database already (a copy, not state): seats left may be up to PUBLIC_CACHE_SECONDS old, and
every booking decision is made in the database transaction, never from here.

In the mini-program nearly every parent is logged in, so a view whose answer depends only on
the URL serves the copy to everyone, token or not. A view whose answer can depend on who asks
(`personal=True`) is cached for anonymous requests only.
"""
import threading
import time
from functools import wraps

from flask import current_app, request

MAX_ENTRIES = 2048
_entries: dict[str, tuple[float, bytes]] = {}
_lock = threading.Lock()


def public_cache(view=None, *, personal: bool = False, vary=None):
    """Outermost decorator of a catalogue GET view. Its answer must depend only on the URL, or,
    with personal=True, only on the URL and who asks (then requests with a token bypass it), or
    on the URL and `vary()` (e.g. the parent's city), which becomes part of the key."""
    if view is None:
        return lambda fn: public_cache(fn, personal=personal, vary=vary)

    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
        if seconds <= 0 or (personal and "Authorization" in request.headers):
            return view(*args, **kwargs)
        key = request.full_path if vary is None else f"{request.full_path}|{vary()}"
        now = time.monotonic()
        hit = _entries.get(key)
        if hit is not None and hit[0] > now:
            return current_app.response_class(hit[1], mimetype="application/json")
        response = view(*args, **kwargs)
        if response.status_code == 200:
            with _lock:
                if len(_entries) >= MAX_ENTRIES:
                    _entries.clear()
                _entries[key] = (now + seconds, response.get_data())
        return response

    return wrapper
