"""The search engine: an index home in, plain result dicts out."""

import threading
import time
from whoosh import index as whoosh_index
from whoosh import query as Q

from ..indexing.home import IndexHome
from .errors import SearchError
from .facets import facet_lists, groupedby
from .params import parse_params
from .parse import parse_query
from .plan import Weights, boost_queries, phrase_query, ranked, unit_query
from .snippets import body_snippet, configure, title_html
from .suggest import suggestion
from .units import to_units

HIT_FIELDS = ("id", "title", "url", "date", "date_inferred", "province", "district", "province_2025", "source")
ARTICLE_FIELDS = HIT_FIELDS + ("author", "body")
RELAX_BELOW = 10  # fewer strict matches than this: add the best partial matches after them
MAX_FUZZY = 6


class IndexMissing(RuntimeError):
    """No complete index in the index home; the message says how to build one."""


class SearchEngine:
    """Searches the current index of an index home; follows its swaps without a restart."""

    def __init__(self, index_home, weights=None):
        self.home = IndexHome(index_home)
        self.weights = weights or Weights()
        self._lock = threading.Lock()
        self._opened = (None, None)  # (build directory, Whoosh index)
        self._local = threading.local()

    def _index(self):
        """The Whoosh index of the current build, reopened when a reindex swapped it."""
        current = self.home.current()
        if current is None:
            raise IndexMissing(
                f"Chưa có chỉ mục ở {self.home.path}. Hãy chạy: python -m searchapp.reindex --index {self.home.path}"
            )
        with self._lock:
            if self._opened[0] != current:
                try:
                    self._opened = (current, whoosh_index.open_dir(str(current)))
                except Exception as err:  # Whoosh raises several types for a damaged index
                    raise IndexMissing(
                        f"Chỉ mục ở {current} bị hỏng ({type(err).__name__}). "
                        f"Hãy chạy lại: python -m searchapp.reindex --index {self.home.path}"
                    ) from None
            return self._opened

    def searcher(self):
        """A searcher for this thread, renewed when the index changed."""
        build, ix = self._index()
        cached = getattr(self._local, "searcher", None)
        if cached is None or cached[0] != build:
            if cached is not None:
                cached[1].close()
            self._local.searcher = (build, ix.searcher())
        return self._local.searcher[1]

    def warm_up(self):
        """Open the index and load the segmenter before the first request."""
        from ..text.segment import warm_up

        warm_up()
        self.searcher()

    def article(self, article_id):
        """One article's metadata and clean text, or None."""
        if not isinstance(article_id, str) or not article_id or len(article_id) > 300:
            return None
        fields = self.searcher().document(id=article_id)
        return _article_dict(fields) if fields else None

    def search(self, raw_params):
        """Run a search request (a mapping of strings); raise SearchError on a bad request."""
        started = time.perf_counter()
        params = parse_params(raw_params)
        parsed = parse_query(params.q)
        searcher = self.searcher()
        filters = {**params.filters(), **_filter_values(parsed.filters)}
        filter_query = _filter_query(filters, params, searcher)
        plan = _Plan(parsed, self.weights, searcher)
        sortedby = "date" if params.sort == "date" or parsed.empty else None
        limit = params.offset + params.per_page
        results = searcher.search(plan.query, limit=limit, filter=filter_query, groupedby=groupedby(),
                                  sortedby=sortedby, reverse=bool(sortedby), terms=True)
        configure(results)
        hits = [hit for hit in results][params.offset : limit]
        total = len(results)
        if total < RELAX_BELOW and plan.relaxed is not None and not sortedby:
            hits, total, results = _add_partial(searcher, plan, filter_query, results, params, hits, total)
        docs = [hit.fields() for hit in hits]
        top_docs = docs[:3] if params.page == 1 else [h.fields() for h in results[:3]]
        return {
            "query": params.q,
            "total": total,
            "page": params.page,
            "per_page": params.per_page,
            "sort": params.sort,
            "hits": [_hit_dict(hit, doc) for hit, doc in zip(hits, docs)],
            "facets": facet_lists(results, filters),
            "suggestion": suggestion(plan.free_units, plan.free_text, top_docs) if plan.free_units else None,
            "filters": filters,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }


class _Plan:
    """The Whoosh queries for a parsed query: strict (all units) and relaxed (any unit)."""

    def __init__(self, parsed, weights, searcher):
        w = weights
        words = [c.text for c in parsed.free if not c.phrase and not c.field]
        self.free_text = " ".join(words)
        self.free_units = to_units(self.free_text)
        _add_fuzzy(self.free_units, searcher)
        required = [unit_query(u, w) for u in self.free_units]
        for clause in parsed.free:
            if clause.phrase or clause.field:
                units = to_units(clause.text)
                if units:
                    required.append(phrase_query(units, w, clause.field) if clause.phrase
                                    else Q.And([unit_query(u, w, clause.field) for u in units]))
        for group in parsed.alternatives:
            options = [phrase_query(to_units(c.text), w, c.field) for c in group if to_units(c.text)]
            if options:
                required.append(Q.Or(options))
        excluded = [phrase_query(to_units(c.text), w, c.field) for c in parsed.excluded if to_units(c.text)]
        boosts = boost_queries(self.free_units, self.free_text, w)
        if not required:
            self.query = Q.Every()
            self.relaxed = None
        else:
            self.query = ranked(_and(required), boosts)
            self.relaxed = ranked(Q.Or(required), boosts) if len(required) > 1 else None
        if excluded:
            exclude = Q.Or(excluded)
            self.query = Q.AndNot(self.query, exclude)
            self.relaxed = Q.AndNot(self.relaxed, exclude) if self.relaxed is not None else None


def _and(queries):
    return queries[0] if len(queries) == 1 else Q.And(queries)


def _known(searcher, unit):
    """The unit's folded forms that are in the index (multi-syllable alternatives count as known)."""
    if not unit.simple:
        return {unit.alternatives[0][0]}
    term = unit.folded
    reader = searcher.reader()
    found = reader.doc_frequency("body_f", term) or reader.doc_frequency("title_f", term)
    return {term} if found else set()


def _add_fuzzy(units, searcher):
    """Near spellings for words the index does not have (typos): the most frequent ones first."""
    reader = searcher.reader()
    for unit in units:
        if not unit.simple or _known(searcher, unit) or not unit.folded.isalnum():
            continue
        term = unit.folded
        maxdist = 2 if len(term) >= 6 else 1
        near = set()
        for fieldname in ("title_f", "body_f"):
            near.update(reader.terms_within(fieldname, term, maxdist, prefix=1))
        ranked_near = sorted(near, key=lambda t: -reader.doc_frequency("body_f", t))
        unit.fuzzy = ranked_near[:MAX_FUZZY]


def _add_partial(searcher, plan, filter_query, strict, params, hits, total):
    """Strict matches first, then documents matching only some of the words."""
    seen = {hit.docnum for hit in strict}
    limit = params.offset + params.per_page + len(seen)
    relaxed = searcher.search(plan.relaxed, limit=limit, filter=filter_query, groupedby=groupedby(), terms=True)
    configure(relaxed)
    merged = [hit for hit in strict] + [hit for hit in relaxed if hit.docnum not in seen]
    return merged[params.offset : params.offset + params.per_page], len(relaxed), (relaxed if total == 0 else strict)


def _filter_values(query_filters):
    """Filters typed in the query (province:"Long An") have the same names as the parameters."""
    return {k: v for k, v in query_filters.items() if k != "author"}


def _filter_query(filters, params, searcher):
    """A Whoosh filter for the metadata filters and the date range, or None."""
    terms = [Q.Term(name, _canonical_value(searcher, name, value)) for name, value in filters.items()]
    if params.date_from or params.date_to:
        terms.append(Q.TermRange("date", params.date_from or None, params.date_to or None))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else Q.And(terms)


def _canonical_value(searcher, name, value):
    """The indexed spelling of a facet value typed loosely (province:"long an" → Long An)."""
    from ..text.fold import fold

    wanted = fold(value).replace("-", " ").replace("_", " ").split()
    for term in searcher.reader().lexicon(name):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if text == value:
            return value
        if fold(text).replace("-", " ").split() == wanted:
            return text
    return value


def _hit_dict(hit, doc):
    out = {name: doc.get(name, "" if name != "date_inferred" else False) for name in HIT_FIELDS}
    # Sorted by date, Whoosh puts the sort key in score: relevance scores only.
    out["score"] = round(hit.score, 4) if isinstance(hit.score, (int, float)) else None
    out["title_html"] = title_html(hit, doc.get("title", ""))
    out["snippet"] = body_snippet(hit, doc.get("body", ""))
    return out


def _article_dict(doc):
    return {name: doc.get(name, "" if name != "date_inferred" else False) for name in ARTICLE_FIELDS}
