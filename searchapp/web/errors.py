"""Errors as JSON under /api and as friendly Vietnamese pages elsewhere; never a stack trace."""

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from ..search import SearchError
from ..search.engine import IndexMissing

_MESSAGES = {404: "Không tìm thấy trang này.", 405: "Phương thức không được hỗ trợ.",
             500: "Máy chủ gặp lỗi. Vui lòng thử lại sau."}


def _wants_json():
    return request.path.startswith("/api/")


def _respond(status, code, message):
    if _wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


def register(app):
    """Install the handlers on app."""

    @app.errorhandler(SearchError)
    def bad_search(err):
        return _respond(err.status, err.code, err.message)

    @app.errorhandler(IndexMissing)
    def no_index(err):
        return _respond(503, "index_unavailable", str(err))

    @app.errorhandler(HTTPException)
    def http_error(err):
        response = make_response(_respond(err.code, err.name.lower().replace(" ", "_"),
                                          _MESSAGES.get(err.code, err.description)))
        for name, value in err.get_headers():  # e.g. the Allow of a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(err):
        app.logger.exception("unhandled error")
        return _respond(500, "internal_error", _MESSAGES[500])
