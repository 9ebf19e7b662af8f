"""searchapp: full-text search over Vietnamese civic news, with or without diacritics."""


def create_app(config=None):
    """The Flask app (imported lazily so the lower layers never load Flask)."""
    from .web import create_app as _create_app

    return _create_app(config)
