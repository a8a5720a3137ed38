"""The health commission's statistics (统计监测) and the audit log's admin endpoints."""


def init_app(app):
    from app.extensions import api
    from app.stats import content, models  # noqa: F401
    from app.stats.routes import blp

    api.register_blueprint(blp)
