"""HTML pages: the search box, the results with facets, and the article page."""

import math
from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request
from markupsafe import Markup, escape

from ..search import SearchError
from ..search.params import MAX_RESULTS_DEPTH
from ..search.parse import MAX_QUERY_CHARS, TEXT_FIELDS, parse_query
from ..text.analyzers import fold_token
from ..text.tokenize import syllables
from .engine import engine
from .urls import FILTER_KEYS, api_url, article_url, search_args, search_url, toggle_url

bp = Blueprint("pages", __name__)

PAGE_WINDOW = 3  # numbered page links on each side of the current page
INFERRED_TITLE = "Bài không ghi năm; năm được suy ra từ nội dung bài."
CHIP_LABELS = {"year": "Năm {}", "month": "Tháng {}", "province": "Tỉnh/thành: {}", "district": "Quận/huyện: {}",
               "source": "Nguồn: {}", "from": "Từ ngày {}", "to": "Đến ngày {}"}


@bp.get("/")
def home():
    """The search box, with ways to browse by year and province."""
    return render_template("index.html", browse=_browse())


@bp.get("/search")
def search():
    """Results of a search, with facets; the same data as /api/search."""
    args = search_args(request.args)
    if not args.get("q") and not any(k in args for k in FILTER_KEYS):
        return redirect("/")
    try:
        return render_template("search.html", page=search_page(engine().search(args), args))
    except SearchError as err:
        return render_template("search.html", page={"args": args, "error": err.message}), err.status


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """One article as clean paragraphs, the search's words highlighted."""
    found = engine().article(article_id)
    if found is None:
        message = f"Không tìm thấy bài viết “{article_id[:100]}”."
        return render_template("error.html", status=404, message=message), 404
    return render_template("article.html", article=article_page(found, search_args(request.args)))


@bp.app_context_processor
def search_box():
    """What the search box of any page (errors included) shows: the query and the filters it keeps."""
    args = search_args(request.args)
    kept = [(k, v) for k, v in args.items() if k not in ("q", "page")]
    return {"box": {"q": args.get("q", ""), "hidden": kept}}


@bp.app_template_filter("vn_date")
def vn_date(iso):
    """2024-06-18 → 18/06/2024 (anything else unchanged)."""
    parts = str(iso or "").split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else str(iso or "")


def search_page(result, args):
    """The view model of a results page: the engine's dict plus the links the page needs."""
    facets = {name: _facet(name, values, args) for name, values in result["facets"].items()}
    return {
        **result,
        "args": args,
        "hits": [_hit(hit, args) for hit in result["hits"]],
        "facets": facets,
        "months_by_year": _months_by_year(facets["month"]),
        "chips": _chips(args),
        "stats": _stats(result),
        "suggestion_url": search_url(args, q=result["suggestion"]) if result["suggestion"] else None,
        "sort_links": _sort_links(args, result["sort"]) if args.get("q") else [],
        "pages": _pages(result, args),
        "first_page_url": search_url(args),
        "api_url": api_url(args),
        "unfiltered_url": _unfiltered_url(args),
    }


def article_page(found, args):
    """The view model of an article page."""
    words = query_words(args.get("q", ""))
    return {
        **found,
        "title_html": highlight(found["title"], words),
        "paragraphs": [highlight(p.strip(), words) for p in found["body"].split("\n") if p.strip()],
        "place": _place(found),
        "date_title": INFERRED_TITLE,
        "original_url": found["url"] if found["url"].startswith(("http://", "https://")) else "",
        "back_url": search_url(args, page=args.get("page")) if args else "/",
        "back_label": "Quay lại kết quả tìm kiếm" if args else "Về trang tìm kiếm",
        "api_url": "/api/articles/" + quote(found["id"], safe=""),
        "canonical_url": "/articles/" + quote(found["id"], safe=""),
    }


def query_words(q):
    """The folded syllables a query looks for in the text (not its exclusions or metadata filters)."""
    if len(q) > MAX_QUERY_CHARS:
        return set()  # not a query we would run: no work on it either
    try:
        parsed = parse_query(q)
        clauses = parsed.free + [c for group in parsed.alternatives for c in group]
        texts = [c.text for c in clauses if not c.field or c.field in TEXT_FIELDS]
    except SearchError:
        texts = [q]  # a broken query still names the words the reader wants to see
    return {fold_token(s.text) for t in texts for s in syllables(t) if s.kind != "punct"}


def highlight(text, words):
    """text escaped, with <mark> around each syllable whose folded form is one of words."""
    out, pos = [], 0
    for syl in syllables(text):
        if syl.kind != "punct" and fold_token(syl.text) in words:
            out += [escape(text[pos:syl.start]), Markup("<mark>"), escape(syl.text), Markup("</mark>")]
            pos = syl.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _browse():
    """Years and provinces to browse from the home page (IndexMissing: the 503 page says how to build one)."""
    facets = engine().search({"per_page": "1"})["facets"]
    return {name: _facet(name, facets[name][:20], {}) for name in ("year", "province")}


def _hit(hit, args):
    """A hit with its article link (remembering the search), its place line and the inferred-year note."""
    return {**hit, "article_url": article_url(hit["id"], args), "place": _place(hit),
            "date_title": INFERRED_TITLE}


def _place(doc):
    """District, province and the 2025 province when the merger changed it."""
    place = ", ".join(p for p in (doc.get("district"), doc.get("province")) if p)
    now = doc.get("province_2025") or ""
    return {"text": place, "now": now if now and now != doc.get("province") else ""}


def _facet(name, values, args):
    """Facet values with the link that adds or removes each (Datasette style)."""
    return [{**v, "toggle_url": toggle_url(args, name, v["value"])} for v in values]


def _months_by_year(months):
    """The month facet values grouped under their year, for the sidebar's year → month tree."""
    grouped = {}
    for month in months:
        grouped.setdefault(month["value"][:4], []).append(month)
    return grouped


def _unfiltered_url(args):
    """The same words without any filter: offered when a filtered search found nothing."""
    if not args.get("q") or not any(k in args for k in FILTER_KEYS):
        return None
    return search_url({"q": args["q"], "sort": args.get("sort")})


def _chips(args):
    """The active filters, each a link that removes it."""
    return [{"label": CHIP_LABELS[k].format(_chip_value(k, args[k])), "remove_url": toggle_url(args, k, args[k])}
            for k in FILTER_KEYS if k in args]


def _chip_value(key, value):
    """A filter value as a reader writes it: 6/2024, 01/06/2024."""
    if key == "month" and len(value) == 7:
        return f"{int(value[5:])}/{value[:4]}"
    return vn_date(value) if key in ("from", "to") else value


def _stats(result):
    """Khoảng 1.234 kết quả (0,12 giây): Vietnamese digit grouping and decimal comma."""
    count = f"{result['total']:,}".replace(",", ".")
    seconds = f"{result['took_ms'] / 1000:.2f}".replace(".", ",")
    return f"Khoảng {count} kết quả ({seconds} giây)"


def _sort_links(args, current):
    """The two orders as links, the current one marked."""
    return [{"label": label, "url": search_url(args, sort=value), "current": value == current}
            for value, label in (("relevance", "Liên quan nhất"), ("date", "Mới nhất"))]


def _pages(result, args):
    """Previous, numbered and next page links; empty when everything fits on one page."""
    per_page, page = result["per_page"], result["page"]
    last = min(math.ceil(result["total"] / per_page), MAX_RESULTS_DEPTH // per_page)
    if last <= 1:
        return {}
    numbers = range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)
    return {
        "prev": search_url(args, page=page - 1) if page > 1 else None,
        "next": search_url(args, page=page + 1) if page < last else None,
        "numbers": [{"number": n, "url": search_url(args, page=n), "current": n == page} for n in numbers],
    }
