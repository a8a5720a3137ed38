"""The child's health record: growth on the WHO standards, vaccinations against the national
schedule, check-ups, developmental warning signs; under its own consent (PIPL)."""


def init_app(app):
    from app.common import personal_data
    from app.extensions import api
    from app.faqbot.personal import register_answerer
    from app.health import bot_answers
    from app.health import consent, content, models, reminders  # noqa: F401  (content: the loader)
    from app.health.routes import blp

    api.register_blueprint(blp)
    register_answerer("vaccines_due", bot_answers.vaccines_due)
    register_answerer("next_checkup", bot_answers.next_checkup)
    personal_data.register("health", consent.export_for, consent.erase_for,
                           consent.erase_for_child)
    reminders.register()
