"""The dashboard (/admin/dashboard): the statistics overview of the admin's scope."""
from flask import render_template

from app.consoles.admin.routes import admin_only, blp


@blp.route("/")
@blp.route("/dashboard")
@admin_only
def dashboard():
    return render_template("admin/dashboard.html")
