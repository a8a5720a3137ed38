"""The nursery registry (Facility), nursing rooms, CSV import, search index."""
from pathlib import Path

# Words jieba should keep whole in names (it splits 托育 otherwise).
_WORDS = ("托育", "托育中心", "托育园", "托育所", "托育点", "早教", "婴幼儿", "照护", "母婴室",
          "普惠", "示范")


def init_app(app):
    from app.extensions import api
    from app.facilities import commands, models  # noqa: F401
    from app.facilities import textkeys
    from app.facilities.records import DISTRICTS
    from app.facilities.routes import blp

    textkeys.add_words(_WORDS + tuple(DISTRICTS))
    phrases = Path(app.config["CONTENT_DIR"]) / "facilities" / "pinyin_phrases.yaml"
    textkeys.load_place_phrases(phrases)
    api.register_blueprint(blp)
    app.cli.add_command(commands.facilities_cli)
    app.cli.add_command(commands.rooms_cli)
    from app.common.process import serving_process

    if serving_process(app):
        from app.facilities.service import warm_index

        warm_index(app)
