"""What every console has: a blueprint with CSRF checks, security headers and Chinese error
pages, and its login, logout and change-password pages."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.common.errors import DomainError, chinese_messages
from app.common.uow import transaction
from app.consoles import csrf, service
from app.consoles.auth import StaffMember, staff_required
from app.consoles.forms import ActionForm, LoginForm, PasswordForm
from app.consoles.security import page_headers
from app.extensions import db, limiter

TEMPLATES = "templates"


def console_blueprint(name: str, url_prefix: str, title: str, roles: tuple[str, ...],
                      home: str) -> Blueprint:
    blp = Blueprint(name, __name__, url_prefix=url_prefix, template_folder=TEMPLATES)
    blp.before_request(_check_csrf)
    blp.after_request(page_headers)
    blp.context_processor(lambda: {"console": {"name": name, "title": title, "home": home},
                                   "logout_form": ActionForm(formdata=None)})
    blp.register_error_handler(CSRFError, _csrf_refused)
    blp.register_error_handler(HTTPException, _http_error)
    blp.register_error_handler(DomainError, _domain_error)

    @blp.route("/login", methods=["GET", "POST"])
    @limiter.limit("20/minute", methods=["POST"])  # beside the per-account lock-out
    def login():
        form = LoginForm()
        if current_user.is_authenticated and request.method == "GET":
            return redirect(url_for(home))
        if form.validate_on_submit():
            try:
                user, token = service.sign_in(form.username.data, form.password.data, roles)
            except DomainError as refused:
                db.session.commit()  # a wrong password is counted even though the login fails
                form.password.errors.append(refused.message)
                return render_template("consoles/login.html", form=form), refused.status
            session.clear()  # a new session id, whatever the browser brought with it
            login_user(StaffMember(user, token))
            db.session.commit()
            return redirect(_safe_next(form.next.data, url_prefix) or url_for(home))
        form.next.data = form.next.data or request.args.get("next", "")
        return render_template("consoles/login.html", form=form), 422 if form.errors else 200

    @blp.route("/logout", methods=["GET", "POST"])
    def logout():
        form = ActionForm()
        if request.method == "POST" and form.validate_on_submit():
            if current_user.is_authenticated:
                service.sign_out(current_user.token)
                db.session.commit()
            logout_user()
            session.clear()
            flash("已退出登录", "ok")
            return redirect(url_for(f"{name}.login"))
        if not current_user.is_authenticated:
            return redirect(url_for(f"{name}.login"))
        return render_template("consoles/logout.html", form=form)

    @blp.route("/password", methods=["GET", "POST"])
    @staff_required(*roles)
    def password():
        form = PasswordForm()
        if form.validate_on_submit():
            try:
                service.change_password(current_user.user, current_user.token,
                                        form.current_password.data, form.new_password.data,
                                        form.repeat_password.data)
            except DomainError as refused:
                db.session.rollback()
                for field, messages in refused.errors.items():
                    getattr(form, field).errors.extend(messages)
                return render_template("consoles/password.html", form=form), refused.status
            db.session.commit()
            flash("密码已修改；其他设备上的登录已退出", "ok")
            return redirect(url_for(home))
        return render_template("consoles/password.html", form=form), 422 if form.errors else 200

    return blp


def attempt(write, success=None) -> bool:
    """Run a write in one unit of work; flash `success` (text, or a function of the result), or
    flash the rule it broke (nothing written)."""
    try:
        with transaction():
            result = write()
    except DomainError as refused:
        flash(refused.message, "error")
        return False
    if success:
        flash(success(result) if callable(success) else success, "ok")
    return True


def submit(form, write, success) -> bool:
    """A posted form: its field errors flashed, or its write attempted."""
    if form.validate():
        return attempt(write, success)
    for messages in form.errors.values():
        for message in messages:
            flash(message, "error")
    return False


def show_errors(form, errors: dict, fields=None) -> None:
    """A service's or schema's messages (Chinese, by field) beside the form's fields; those no
    field shows (or outside `fields`, when given) as flashes."""
    for name, messages in errors.items():
        if isinstance(messages, dict):  # a list field's items: {"0": ["..."]}
            messages = [m for item in messages.values() for m in item]
        elif isinstance(messages, str):
            messages = [messages]
        field = getattr(form, name, None) if name != "_schema" else None
        if field is not None and hasattr(field, "errors") and (fields is None or name in fields):
            field.errors = list(field.errors or []) + list(messages)
        else:
            for message in messages:
                flash(message, "error")


def flash_invalid(messages: dict, labels: dict) -> None:
    """A filter form's refused query parameters, one flash per field: 「开始日期：…」."""
    for field, said in chinese_messages(messages).items():
        said = said if isinstance(said, list) else [said]
        flash(f"{labels.get(field, field)}：{'；'.join(map(str, said))}", "error")


def _check_csrf():
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


def _safe_next(target: str | None, url_prefix: str) -> str | None:
    """Only a path inside this console: never another site, whatever the link said."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(url_prefix + "/") \
            and parts.path != url_prefix:
        return None
    return target


def _csrf_refused(error):
    db.session.rollback()
    return render_template("consoles/error.html", title="页面已过期",
                           message="表单已失效（缺少或过期的安全校验），请返回刷新页面后重试。"), 400


_HTTP_MESSAGES = {403: ("没有权限", "当前账号不能查看此页面。"),
                  404: ("页面不存在", "没有找到该页面，或它不属于本场地。"),
                  405: ("不支持的操作", "请从页面上的按钮操作。"),
                  413: ("文件过大", "上传的内容超过大小上限，请确认选对了文件，或按区县拆分后分别上传。"),
                  429: ("操作太频繁", "登录尝试过于频繁，请稍后再试。")}


def _http_error(error: HTTPException):
    db.session.rollback()
    title, message = _HTTP_MESSAGES.get(error.code, ("出错了", "请稍后再试。"))
    return render_template("consoles/error.html", title=title, message=message), error.code


def _domain_error(error: DomainError):
    db.session.rollback()
    if error.status == 404:
        title, message = _HTTP_MESSAGES[404]
        return render_template("consoles/error.html", title=title, message=message), 404
    return render_template("consoles/error.html", title="无法完成", message=error.message), \
        error.status
