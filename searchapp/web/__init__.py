"""The Flask layer: the only place that knows about HTTP."""

from pathlib import Path

from flask import Flask

from ..search import SearchEngine

ROOT = Path(__file__).resolve().parents[2]


def create_app(config=None):
    """App factory: config may set INDEX_DIR (the index home) and any Flask setting."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(INDEX_DIR=str(ROOT / "index"), JSON_AS_ASCII=False)
    app.config.update(config or {})
    app.config["DEBUG"] = False  # never, whatever FLASK_DEBUG says: the debugger runs code from the browser
    app.json.ensure_ascii = False
    app.url_map.merge_slashes = False  # /articles//etc/passwd is an unknown id (404), not a redirect
    app.extensions["search_engine"] = SearchEngine(app.config["INDEX_DIR"])

    from . import api, errors, headers, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    errors.register(app)
    headers.register(app)
    return app
