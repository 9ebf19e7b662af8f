"""The app's SearchEngine."""

from flask import current_app


def engine():
    """The SearchEngine of the running app."""
    return current_app.extensions["search_engine"]
