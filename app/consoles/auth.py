"""The staff session of the consoles: Flask-Login over a server-side sign-in row.

Separate from the JSON API's bearer tokens: the cookie names a ConsoleLogin token, and a console
page never accepts a bearer token (nor the API a cookie).
"""
import functools

from flask import abort, g, redirect, request, url_for
from flask_login import LoginManager, current_user

from app.consoles import service

login_manager = LoginManager()
login_manager.session_protection = None  # a door tablet changes networks; the row is the guard


class StaffMember:
    """What Flask-Login keeps for a signed-in staff member: the account and this sign-in."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user, token: str):
        self.user = user
        self.token = token

    def get_id(self) -> str:
        return self.token

    @property
    def display_name(self) -> str:
        return self.user.nickname or self.user.username


@login_manager.user_loader
def _load(token: str):
    user = service.signed_in_user(token)
    return StaffMember(user, token) if user is not None else None


@login_manager.unauthorized_handler
def _to_login():
    console = request.blueprints[-1] if request.blueprints else None
    if console is None:
        abort(401)
    return redirect(url_for(f"{console}.login", next=request.full_path.rstrip("?")))


def staff_required(*roles: str):
    """A signed-in member of staff with one of `roles`; otherwise the console's login page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.user.role not in roles:
                abort(403)
            # Where the API's services and the audit log look for who is acting.
            g.current_user = current_user.user
            return view(*args, **kwargs)

        return wrapper

    return decorator
