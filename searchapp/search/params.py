"""Request parameters: checked, bounded and typed, or a SearchError that says what is wrong."""

import datetime
from dataclasses import dataclass

from .errors import SearchError
from .parse import MAX_QUERY_CHARS, check_filter

MAX_PER_PAGE = 50
MAX_RESULTS_DEPTH = 1000  # page * per_page: deeper pages cost work and nobody reads them
FILTER_KEYS = ("year", "month", "province", "district", "source")


@dataclass
class SearchParams:
    """A valid search request."""

    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    year: str = ""
    month: str = ""
    province: str = ""
    district: str = ""
    source: str = ""
    date_from: str = ""
    date_to: str = ""

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def filters(self):
        """The metadata filters that are set, by facet name."""
        return {k: getattr(self, k) for k in FILTER_KEYS if getattr(self, k)}


def _int(params, key, default, low, high):
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise SearchError("bad_parameter", f"{key} phải là một số nguyên, không phải {str(raw)[:20]!r}.") from None
    if not low <= value <= high:
        raise SearchError("bad_parameter", f"{key} phải nằm trong khoảng {low}–{high}.")
    return value


def _date(params, key):
    raw = str(params.get(key) or "").strip()
    if not raw:
        return ""
    try:
        return datetime.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise SearchError("bad_parameter", f"{key} phải là ngày dạng YYYY-MM-DD, không phải {raw[:20]!r}.") from None


def _text(params, key, limit=200):
    value = params.get(key)
    if value is None:
        return ""
    value = str(value).strip()
    if len(value) > limit:
        raise SearchError("bad_parameter", f"{key} quá dài (tối đa {limit} ký tự).")
    return value


def _query(params):
    """The query text, refused here when over the cap (before any work on it)."""
    q = str(params.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError("query_too_long", f"Câu tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự).")
    return q


def parse_params(params):
    """SearchParams from a mapping of strings (a query string or a JSON object)."""
    per_page = _int(params, "per_page", 10, 1, MAX_PER_PAGE)
    page = _int(params, "page", 1, 1, MAX_RESULTS_DEPTH)
    if page * per_page > MAX_RESULTS_DEPTH:
        raise SearchError("page_out_of_range", f"Chỉ xem được {MAX_RESULTS_DEPTH} kết quả đầu tiên; hãy thu hẹp tìm kiếm.")
    sort = _text(params, "sort") or "relevance"
    if sort not in ("relevance", "date"):
        raise SearchError("bad_parameter", "sort phải là relevance hoặc date.")
    out = SearchParams(q=_query(params), page=page, per_page=per_page, sort=sort)
    for key in FILTER_KEYS:
        setattr(out, key, _text(params, key))
    check_filter("year", out.year)
    check_filter("month", out.month)
    out.date_from, out.date_to = _date(params, "from"), _date(params, "to")
    if out.date_from and out.date_to and out.date_from > out.date_to:
        raise SearchError("bad_parameter", "from phải trước hoặc bằng to.")
    return out
