"""Forms every console shares (each carries Flask-WTF's CSRF token)."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=128)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    current_password = PasswordField("当前密码", validators=[DataRequired("请输入当前密码")])
    new_password = PasswordField("新密码", validators=[DataRequired("请输入新密码"),
                                                       Length(max=128)])
    repeat_password = PasswordField("再次输入新密码", validators=[DataRequired("请再次输入新密码")])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (log out, undo, mark no-shows)."""
