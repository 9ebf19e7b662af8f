"""The search engine: an index home in, plain result dicts out."""

import threading
import time
from collections import Counter
from whoosh import index as whoosh_index
from whoosh import query as Q

from ..indexing.home import IndexHome
from .errors import SearchError
from .facets import FACET_FIELDS, facet_lists
from .params import parse_params
from .parse import parse_query
from .plan import Weights, boost_queries, phrase_query, ranked, unit_query
from .snippets import body_snippet, configure, title_html
from .suggest import suggestion
from .units import to_units

HIT_FIELDS = ("id", "title", "url", "date", "date_inferred", "province", "district", "province_2025", "source")
ARTICLE_FIELDS = HIT_FIELDS + ("author", "body")
RELAX_BELOW = 10  # fewer strict matches than this: add the best partial matches after them
MAX_RELAX_UNITS = 8  # leave-one-out relaxation costs one AND per unit
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
        self._facet_columns = (None, {})

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
        by_date = params.sort == "date" or parsed.empty
        matched = _matching(searcher, plan.core, filter_query)
        relaxed = False
        if len(matched) < RELAX_BELOW and plan.relaxed is not None and not by_date:
            # Few documents have every word: a typo or an extra word; also show those missing one.
            relaxed = True
            matched = _matching(searcher, plan.relaxed_core, filter_query)
        hits = _top(searcher, plan, filter_query, params, by_date, relaxed)
        docs = [hit.fields() for hit in hits]
        return {
            "query": params.q,
            "total": len(matched),
            "page": params.page,
            "per_page": params.per_page,
            "sort": params.sort,
            "hits": [_hit_dict(hit, doc) for hit, doc in zip(hits, docs)],
            "facets": facet_lists(self._facet_counts(matched), filters),
            "suggestion": self._suggest(plan, searcher, filter_query, params, docs),
            "filters": filters,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def _facet_counts(self, docnums):
        """Facet value counts over the matched documents, from per-document columns kept in memory."""
        columns = self._columns()
        return {name: Counter(values[d] for d in docnums) for name, values in columns.items()}

    def _columns(self):
        """Per facet, the value of every document by docnum (read once per index build)."""
        build, _ = self._index()
        reader = self.searcher().reader()
        with self._lock:
            if self._facet_columns[0] != build:
                self._facet_columns = (build, {name: _column(reader, name) for name in FACET_FIELDS})
            return self._facet_columns[1]

    def _suggest(self, plan, searcher, filter_query, params, docs):
        if not plan.free_units:
            return None
        if params.page != 1 or params.sort != "relevance":
            docs = [hit.fields() for hit in searcher.search(plan.query, limit=3, filter=filter_query)]
        return suggestion(plan.free_units, plan.free_text, docs[:3])


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
        self.core = _and(required) if required else Q.Every()
        self.relaxed_core = None
        if 2 <= len(required) <= MAX_RELAX_UNITS:
            # Every way of leaving one unit out: finds a document despite one mistyped or extra word.
            self.relaxed_core = Q.Or([_and(required[:i] + required[i + 1:]) for i in range(len(required))])
        if excluded:
            exclude = Q.Or(excluded)
            self.core = Q.AndNot(self.core, exclude)
            if self.relaxed_core is not None:
                self.relaxed_core = Q.AndNot(self.relaxed_core, exclude)
        self.query = ranked(self.core, boosts) if required else self.core
        self.relaxed = ranked(self.relaxed_core, boosts) if self.relaxed_core is not None else None


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


def _column(reader, name):
    """Every document's value of a facet field, by docnum ("" where none: an index may lack the column)."""
    count = reader.doc_count_all()
    values = list(reader.column_reader(name)) if reader.has_column(name) else []
    return values + [""] * (count - len(values))


def _scored(results):
    """The collected hits (list(results) would first count every match: a second full search)."""
    return [results[i] for i in range(results.scored_length())]


def _matching(searcher, core, filter_query):
    """Document numbers matching core and the filter: unscored, for the total and the facets."""
    docs = searcher.docs_for_query(core)
    if filter_query is not None:
        docs = set(docs) & set(searcher.docs_for_query(filter_query))
    return docs if isinstance(docs, set) else set(docs)


def _top(searcher, plan, filter_query, params, by_date, relaxed):
    """The hits of the requested page: every-word matches first, then (relaxed) the others."""
    limit = params.offset + params.per_page
    if by_date:
        results = searcher.search(plan.core, limit=limit, filter=filter_query, sortedby="date", reverse=True)
        hits = _scored(results)
    else:
        results = searcher.search(plan.query, limit=limit, filter=filter_query)
        hits = _scored(results)
        if relaxed and len(hits) < limit:
            seen = {hit.docnum for hit in hits}
            extra = searcher.search(plan.relaxed, limit=limit + len(seen), filter=filter_query)
            configure(extra)
            hits += [hit for hit in _scored(extra) if hit.docnum not in seen]
    configure(results)
    return hits[params.offset : limit]


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
