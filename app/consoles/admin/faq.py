"""The FAQ bot's curation (/admin/faq): the unanswered questions grouped, a phrasing added to an
entry, and the bot's figures — what it answered over the period (the dashboard's own figures),
the knowledge base in use, and the last `flask bot eval` run when one is stored.

The bot is the city's matter, not a district's: district admins get the 403 page.
"""
import json
from datetime import timedelta

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.common import scope
from app.common.state import get_state
from app.common.timeutil import today_local
from app.consoles.admin.registry_forms import PhrasingForm, options
from app.consoles.admin.routes import admin_only, blp
from app.consoles.routes import submit
from app.extensions import db
from app.faqbot import service
from app.faqbot.commands import LAST_EVAL_KEY
from app.faqbot.models import FaqEntry
from app.stats import service as stats

PERIODS = (7, 30, 90)
GROUPS_SHOWN = 50


def _city_admin():
    admin = current_user.user
    scope.ensure_city_admin(admin)
    return admin


def _entries() -> dict[str, str]:
    rows = db.session.execute(select(FaqEntry.id, FaqEntry.title, FaqEntry.topic)
                              .order_by(FaqEntry.topic, FaqEntry.title))
    return {i: f"{title}（{topic}）" for i, title, topic in rows}


def _entry_choices(entries: dict) -> list:
    return options([("", "请选择条目"), *entries.items()])


def _last_eval() -> dict | None:
    stored = get_state(LAST_EVAL_KEY)
    try:
        return json.loads(stored) if stored else None
    except ValueError:
        return None


@blp.get("/faq")
@admin_only
def faq():
    _city_admin()
    days = request.args.get("days", type=int)
    days = days if days in PERIODS else 30
    groups = service.unanswered(days=days)
    choices = _entry_choices(_entries())
    forms = []
    for group in groups[:GROUPS_SHOWN]:
        form = PhrasingForm(formdata=None, faq_id=(group["nearest"] or {}).get("faq_id", ""),
                            question=group["question"])
        form.faq_id.choices = choices
        forms.append((group, form))
    last = today_local()
    answered = stats.bot(stats.Scope(last - timedelta(days=days - 1), last, None))
    return render_template("admin/faq.html", groups=forms, total_groups=len(groups),
                           days=days, periods=PERIODS, status=service.status(),
                           answered=answered, last_eval=_last_eval())


@blp.post("/faq/phrasings")
@admin_only
def add_phrasing():
    _city_admin()
    entries = _entries()
    form = PhrasingForm()
    form.faq_id.choices = _entry_choices(entries)
    submit(form, lambda: service.add_phrasing(form.faq_id.data, form.question.data),
           lambda added: f"已为条目「{entries[added['faq_id']]}」"
                         f"添加问法「{added['question']}」，共 {added['questions']} 种问法")
    return redirect(url_for(".faq", days=request.args.get("days", type=int) or None))
