"""Administrative divisions (codes, aliases), the cities a deployment serves, district scopes."""


def init_app(app):
    from app.common.content import after_content_load
    from app.extensions import api
    from app.places import content, models, service  # noqa: F401
    from app.places.routes import blp

    api.register_blueprint(blp)
    after_content_load(service.forget)
