"""HTML pages (filled in by the web issue)."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
