"""The nursery registry, CSV import, search index."""


def init_app(app):
    pass
