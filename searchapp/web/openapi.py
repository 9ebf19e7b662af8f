"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json (kept true by a schemathesis test)."""

from ..search.params import MAX_PER_PAGE, MAX_RESULTS_DEPTH
from ..search.parse import MAX_QUERY_CHARS
from .headers import SECURITY_HEADERS

ERROR_CODES = ["bad_parameter", "page_out_of_range", "unbalanced_quotes", "lone_operator", "empty_field",
               "empty_phrase", "bad_or", "negated_filter", "query_too_long", "too_many_phrases"]
FACETS = ["year", "month", "province", "district", "source"]
TEXT = {"type": "string"}


def _strings(*names):
    return {name: TEXT for name in names}


def _object(properties, required=None):
    return {"type": "object", "properties": properties, "required": required or list(properties),
            "additionalProperties": False}


def _error(codes, description):
    schema = _object({"error": _object({"code": {"type": "string", "enum": codes}, "message": TEXT})})
    return {"description": description, "headers": _HEADERS, "content": {"application/json": {"schema": schema}}}


def _query(name, description, schema):
    # An empty value is the parameter not given (an HTML form sends its empty fields).
    return {"name": name, "in": "query", "required": False, "allowEmptyValue": True, "description": description,
            "schema": schema}


_HEADERS = {name: {"description": f"always {value!r}", "required": True, "schema": {"type": "string", "enum": [value]}}
            for name, value in SECURITY_HEADERS.items()}

HIT = _object({
    **_strings("id", "title", "url", "date", "province", "district", "province_2025", "source"),
    "date_inferred": {"type": "boolean"},
    "score": {"type": "number", "nullable": True, "description": "null when sorted by date"},
    "title_html": {"type": "string", "description": "the title, HTML-escaped, matched words in <mark>"},
    "snippet": {"type": "string", "description": "passages of the body, HTML-escaped, matched words in <mark>"},
})
FACET_VALUE = _object({**_strings("value", "label"), "count": {"type": "integer", "minimum": 0},
                       "selected": {"type": "boolean"}})
RESULT = _object({
    "query": {"type": "string", "maxLength": MAX_QUERY_CHARS},
    "total": {"type": "integer", "minimum": 0},
    "page": {"type": "integer", "minimum": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    "sort": {"type": "string", "enum": ["relevance", "date"]},
    "took_ms": {"type": "number", "minimum": 0},
    "hits": {"type": "array", "maxItems": MAX_PER_PAGE, "items": HIT},
    "facets": _object({name: {"type": "array", "items": FACET_VALUE} for name in FACETS}),
    "suggestion": {"type": "string", "nullable": True, "description": "the query as the best articles write it"},
    "filters": {"type": "object", "additionalProperties": TEXT, "description": "the filters applied, by facet"},
})
ARTICLE = _object({**_strings("id", "title", "url", "date", "province", "district", "province_2025", "source",
                              "author"),
                   "date_inferred": {"type": "boolean"},
                   "body": {"type": "string", "description": "clean text, paragraphs separated by \\n"}})
UNAVAILABLE = _error(["index_unavailable"], "No usable index; the message says how to (re)build it.")

SEARCH_PARAMETERS = [
    _query("q", f"The query (README, 'Searching'); at most {MAX_QUERY_CHARS} characters. Empty: list the "
                "(filtered) articles, newest first.", {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    _query("page", f"1-based; page * per_page at most {MAX_RESULTS_DEPTH}.",
           {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS_DEPTH, "default": 1}),
    _query("per_page", "Hits per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}),
    _query("sort", "Order of the hits.", {"type": "string", "enum": ["relevance", "date"], "default": "relevance"}),
    _query("year", "Only this year.", {"type": "string", "pattern": "^[0-9]{4}$"}),
    _query("month", "Only this month.", {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}),
    _query("from", "Published on or after this date.", {"type": "string", "format": "date"}),
    _query("to", "Published on or before this date (not before from).", {"type": "string", "format": "date"}),
    *[_query(name, f"Only this {name} (spelled loosely: long-an = Long An).", {"type": "string", "maxLength": 200})
      for name in ("province", "district", "source")],
]


def openapi_document():
    """The OpenAPI 3.0 document of /api/search and /api/articles/{id}."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "searchapp JSON API", "version": "1",
                 "description": "Full-text search over Vietnamese civic news. Errors are "
                                "{\"error\": {\"code\", \"message\"}} with a Vietnamese message."},
        "paths": {
            "/api/search": {"get": {
                "operationId": "search",
                "summary": "Search articles, with facets.",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": {"description": "One page of hits, the facets of all matches.", "headers": _HEADERS,
                            "content": {"application/json": {"schema": RESULT}}},
                    "400": _error(ERROR_CODES, "A parameter or the query cannot be used; the message says why."),
                    "503": UNAVAILABLE,
                },
            }},
            "/api/articles/{id}": {"get": {
                "operationId": "article",
                "summary": "One article's metadata and clean text.",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The article.", "headers": _HEADERS,
                            "content": {"application/json": {"schema": ARTICLE}}},
                    "404": _error(["not_found"], "No article has this id."),
                    "503": UNAVAILABLE,
                },
            }},
        },
    }
