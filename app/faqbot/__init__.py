"""Knowledge base, text normalisation, retrieval, dialogue state."""


def init_app(app):
    pass
