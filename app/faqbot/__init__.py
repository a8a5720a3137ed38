"""Knowledge base, text normalisation, retrieval, dialogue state.

The retrieval core (text, slots, lexicon, bm25, kb, leave, safety, engine, evaluate) is plain
Python with no Flask; models/schemas/service/routes/commands/runtime wire it into the app.
"""
import os


def init_app(app):
    from app.extensions import api
    from app.faqbot import commands, models, service  # noqa: F401  (models, content loader)
    from app.faqbot.routes import blp
    from app.faqbot.runtime import BotRuntime

    app.config.setdefault("FAQ_RELOAD_CHECK_SECONDS",
                          float(os.environ.get("FAQ_RELOAD_CHECK_SECONDS", "2")))
    # Per client (per account when logged in); FAQ_ASK_RATE_LIMIT="120/minute" for a load test.
    app.config.setdefault("FAQ_ASK_RATE_LIMIT", os.environ.get("FAQ_ASK_RATE_LIMIT", "30/minute"))
    api.register_blueprint(blp)
    app.cli.add_command(commands.bot_cli)
    runtime = BotRuntime(app)
    app.extensions["faqbot"] = runtime
    # Serving processes load jieba and build the index now; CLI commands and tests build it on
    # first use (a migration must not wait for jieba).
    from app.common.process import serving_process

    warm = app.config.get("FAQ_WARM_START")
    if warm is None:
        warm = serving_process(app)
    if warm:
        runtime.warm()
        runtime.start_polling()
