"""JSON endpoints: /api/search, /api/articles/<id> and their description, /api/openapi.json."""

from flask import Blueprint, jsonify, request

from .engine import engine
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    """Search; same parameters and data as the HTML page."""
    return jsonify(engine().search(request.args))


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """One article's metadata and clean text."""
    found = engine().article(article_id)
    if found is None:
        return jsonify({"error": {"code": "not_found", "message": f"Không có bài viết {article_id!r}."}}), 404
    return jsonify(found)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(openapi_document())
