"""Links of the search pages: every state of a search is a plain, shareable query string."""

from urllib.parse import quote, urlencode

# One order for every link, so the same search always has the same URL.
SEARCH_KEYS = ("q", "year", "month", "province", "district", "source", "from", "to", "sort", "per_page", "page")
FILTER_KEYS = ("year", "month", "province", "district", "source", "from", "to")
# Removing or changing a parent filter drops the child, which would otherwise match nothing.
CHILDREN = {"year": "month", "province": "district"}
DEFAULTS = {"sort": "relevance", "per_page": "10", "page": "1"}


def search_args(args):
    """The search parameters of a mapping, in canonical order, without empty or default values."""
    out = {}
    for key in SEARCH_KEYS:
        value = str(args.get(key) or "").strip()
        if value and DEFAULTS.get(key) != value:
            out[key] = value
    return out


def search_url(args, **changes):
    """/search with args changed (a None value removes the key); page resets unless given."""
    merged = {**search_args(args), "page": None, **changes}
    return _url("/search", merged)


def api_url(args):
    """The JSON twin of a search page: /api/search with the same parameters."""
    return _url("/api/search", search_args(args))


def article_url(article_id, args):
    """An article page that remembers the search it was opened from (for highlights and the way back)."""
    return _url("/articles/" + quote(article_id, safe=""), search_args(args))


def toggle_url(args, name, value):
    """The search with filter name=value added, or removed when already set; back on page 1.

    >>> toggle_url({"q": "nong thon", "page": "3"}, "province", "Long An")
    '/search?q=nong+thon&province=Long+An'
    >>> toggle_url({"q": "nong thon", "province": "Long An", "district": "Mộc Hóa"}, "province", "Long An")
    '/search?q=nong+thon'
    """
    current = search_args(args)
    changes = {name: None if current.get(name) == value else value}
    if name in CHILDREN and current.get(name):
        changes[CHILDREN[name]] = None  # the parent is removed or replaced: its child no longer fits
    if name == "month" and changes[name]:
        changes["year"] = value[:4]  # a month belongs under its year in the sidebar
    return search_url(current, **changes)


def _url(path, params):
    query = urlencode([(k, v) for k, v in search_args(params).items()])
    return f"{path}?{query}" if query else path
