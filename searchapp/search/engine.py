"""The search engine: an index home in, plain result dicts out."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..indexing.home import IndexHome
from ..indexing.manifest import check_manifest
from ..indexing.storage import open_for_reading
from ..text.fold import fold
from .arrays import IndexArrays
from .facets import facet_lists
from .params import parse_params
from .parse import parse_query
from .rank import Ranker, Weights
from .snippets import body_snippet, title_html
from .suggest import suggestion
from .units import to_units

HIT_FIELDS = ("id", "title", "url", "date", "date_inferred", "province", "district", "province_2025", "source")
ARTICLE_FIELDS = HIT_FIELDS + ("author", "body")
RELAX_BELOW = 10  # fewer documents with every unit than this: add those missing one unit
MAX_FUZZY = 6
MAX_FUZZY_UNITS = 8  # unknown words of one query that get near spellings
STRICT = 1e6  # added to the score of documents with every unit, so they come first


class IndexMissing(RuntimeError):
    """No complete index in the index home; the message says how to build one."""


class SearchEngine:
    """Searches the current index of an index home; follows its swaps without a restart."""

    def __init__(self, index_home, weights=None):
        self.home = IndexHome(index_home)
        self.weights = weights or Weights()
        self._lock = threading.RLock()
        self._opened = (None, None, None)  # (build directory, Whoosh index, IndexArrays)
        self._broken = (None, "")  # (build directory, message) of a build found damaged
        self._local = threading.local()

    def _current(self):
        """The build to serve, or IndexMissing saying how to build one."""
        current = self.home.current()
        if current is not None:
            return current
        rebuild = f"python -m searchapp.reindex --index {self.home.path}"
        target = self.home.dangling()
        if target:
            raise IndexMissing(f"Chỉ mục ở {self.home.path} trỏ tới {target}, nhưng thư mục này không còn. "
                               f"Hãy chạy lại: {rebuild}")
        raise IndexMissing(f"Chưa có chỉ mục ở {self.home.path}. Hãy chạy: {rebuild}")

    def _index(self):
        """(build, Whoosh index, IndexArrays) of the current build, reopened when a reindex swapped it.

        One thread opens a new build (checksums, arrays: seconds on a big index); meanwhile the other
        threads keep answering from the build opened before, which a reindex never deletes at once.
        """
        current = self._current()
        opened = self._opened
        if opened[0] == current:
            return opened
        if not self._lock.acquire(blocking=opened[0] is None):
            return opened
        try:
            current = self._current()  # again: another thread may have swapped it in while this one waited
            if self._opened[0] != current:
                self._opened = self._open(current)
            return self._opened
        finally:
            self._lock.release()

    def _open(self, build):
        """(build, Whoosh index, IndexArrays), or IndexMissing when the build is damaged."""
        if self._broken[0] == build:  # checked already: do not read a damaged index again
            raise IndexMissing(self._broken[1])
        # The checksums (reads and zlib, which release the GIL) run beside the opening (Python and numpy).
        with ThreadPoolExecutor(1) as pool:
            checked = pool.submit(check_manifest, build)
            opened, problem = _open_arrays(build)
            problem = checked.result() or problem
        if problem is None:
            return opened
        if opened is not None:
            opened[1].close()
        self._broken = (build, f"Chỉ mục ở {build} bị hỏng ({problem}). "
                               f"Hãy chạy lại: python -m searchapp.reindex --index {self.home.path}")
        raise IndexMissing(self._broken[1])

    def _view(self):
        """(searcher, arrays) of one and the same build: a swap between two look-ups must not mix them."""
        build, ix, arrays = self._index()
        cached = getattr(self._local, "searcher", None)
        if cached is None or cached[0] != build:
            if cached is not None:
                cached[1].close()
            self._local.searcher = (build, ix.searcher())
        return self._local.searcher[1], arrays

    def searcher(self):
        """A searcher for this thread, renewed when the index changed."""
        return self._view()[0]

    def warm_up(self):
        """Open the index before the first request.

        The segmenter (pyvi, 0.2 s to load without scikit-learn: see text/segment.py) stays lazy:
        only accented queries need it. On 84k a first query is answered 2.2 s after start
        unaccented, 2.0 s accented.
        """
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
        searcher, arrays = self._view()
        filters = {**params.filters(), **{k: v for k, v in parsed.filters.items() if k != "author"}}
        allowed = _filter_mask(arrays, filters, params)
        ranker, free_units, free_text = _rank(parsed, arrays, searcher, self.weights, allowed)
        mask, score = _matches(ranker, allowed)
        by_date = params.sort == "date" or ranker.units == 0
        order = _order(mask, score, arrays, by_date)
        page = order[params.offset : params.offset + params.per_page]
        docs = [searcher.stored_fields(int(d)) for d in page]
        terms = _highlight_terms(parsed, free_units)
        top_docs = docs[:3] if params.page == 1 else [searcher.stored_fields(int(d)) for d in order[:3]]
        return {
            "query": params.q,
            "total": int(mask.sum()),
            "page": params.page,
            "per_page": params.per_page,
            "sort": params.sort,
            "hits": [_hit_dict(doc, None if by_date else float(score[d] % STRICT), terms, searcher)
                     for doc, d in zip(docs, page)],
            "facets": facet_lists(_facet_counts(arrays, mask), filters),
            "suggestion": suggestion(free_units, free_text, top_docs) if free_units else None,
            "filters": filters,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }


def _rank(parsed, arrays, searcher, weights, allowed):
    """A Ranker fed with every part of the parsed query; its checks also read the best of the allowed documents."""
    ranker = Ranker(arrays, searcher, weights, allowed)
    free_text = " ".join(c.text for c in parsed.free if not c.phrase and not c.field)
    free_units = to_units(free_text)
    _add_fuzzy(free_units, arrays)
    for unit in free_units:
        ranker.add_unit(unit)
    for clause in parsed.free:
        if clause.phrase or clause.field:
            _add_clause(ranker, clause, arrays)
    for group in parsed.alternatives:
        ranker.add_any([_clause_presence(ranker, c, arrays) for c in group])
    for clause in parsed.excluded:
        probe = Ranker(arrays, searcher, weights)
        ranker.exclude(_add_clause(probe, clause, arrays))
    ranker.boost(free_units, free_text)
    return ranker, free_units, free_text


def _fields(clause):
    return {"title": ("title_f",), "body": ("body_f",)}.get(clause.field, ("title_f", "body_f"))


def _add_clause(ranker, clause, arrays):
    """A quoted phrase or a title:/body: clause as required units; returns where it matched."""
    units = to_units(clause.text)
    if not units:
        return np.zeros(arrays.count, dtype=bool)
    if clause.phrase:
        return ranker.add_phrase(units, _fields(clause))
    _add_fuzzy(units, arrays)
    presents = [ranker.add_unit(u, _fields(clause)) for u in units]
    return np.logical_and.reduce(presents)


def _clause_presence(ranker, clause, arrays):
    """Where one option of an OR group matched (scored, not counted as a unit of its own)."""
    probe = Ranker(arrays, ranker.searcher, ranker.w)
    present = _add_clause(probe, clause, arrays)
    probe.add_title_words()
    ranker.score += np.where(present, probe.score, 0)
    return present


def _matches(ranker, allowed):
    """The matching documents and their scores: every unit first; with too few, also all but one."""
    if ranker.units == 0:
        return allowed & (ranker.matched >= 0), ranker.score  # only exclusions (or nothing) typed
    strict = (ranker.matched >= ranker.units) & allowed
    score = ranker.score + np.where(strict, STRICT, 0).astype(np.float32)
    if strict.sum() < RELAX_BELOW and ranker.units >= 2:
        return (ranker.matched >= ranker.units - 1) & allowed, score
    return strict, score


def _order(mask, score, arrays, by_date):
    """Document numbers of the matches, best first (or newest first); ties by docnum, stably."""
    docs = np.flatnonzero(mask)
    key = -arrays.day_numbers[docs] if by_date else -score[docs]
    return docs[np.lexsort((docs, key))]


def _filter_mask(arrays, filters, params):
    """Live documents allowed by the metadata filters and the date range."""
    mask = arrays.live.copy()
    for name, value in filters.items():
        codes, values = arrays.facets[name]
        code = _value_code(values, value)
        mask &= codes == code if code is not None else False
    if params.date_from:
        mask &= (arrays.dates >= params.date_from) & (arrays.dates != "")
    if params.date_to:
        mask &= (arrays.dates <= params.date_to) & (arrays.dates != "")
    return mask


def _value_code(values, value):
    """Index of a facet value typed loosely (province:"long an" → Long An), or None."""
    if value in values:
        return values.index(value)
    wanted = fold(value).replace("-", " ").replace("_", " ").split()
    for code, known in enumerate(values):
        if known and fold(known).replace("-", " ").split() == wanted:
            return code
    return None


def _open_arrays(build):
    """((build, Whoosh index, IndexArrays), None), or (None, what went wrong)."""
    try:
        ix = open_for_reading(build)
        return (build, ix, IndexArrays(ix.searcher())), None  # the arrays keep their own searcher open
    except Exception as err:  # Whoosh raises several types for a damaged index
        return None, type(err).__name__


def _facet_counts(arrays, mask):
    """Per facet, value -> count over the matches."""
    out = {}
    for name, (codes, values) in arrays.facets.items():
        counts = np.bincount(codes[mask], minlength=len(values))
        out[name] = {values[i]: int(c) for i in np.flatnonzero(counts) for c in (counts[i],)}
    return out


def _add_fuzzy(units, arrays):
    """Near spellings for words the index does not have (typos): the most frequent ones first."""
    unknown = 0
    for unit in units:
        if not unit.simple or not unit.folded.isalnum():
            continue
        term = unit.folded
        if len(arrays.postings("body_f", term)[0]) or len(arrays.postings("title_f", term)[0]):
            continue
        unknown += 1
        if unknown > MAX_FUZZY_UNITS:  # 500 characters hold ~100; each costs a lookup, and a read the first time
            break
        maxdist = 2 if len(term) >= 6 else 1
        unit.fuzzy = arrays.near_terms(term, maxdist)[:MAX_FUZZY]


def _highlight_terms(parsed, free_units):
    """Folded terms to mark in snippets: the query's words, their alternatives and near spellings."""
    terms = set()
    units = list(free_units)
    for clause in parsed.free + [c for g in parsed.alternatives for c in g]:
        if clause.phrase or clause.field:
            units += to_units(clause.text)
    for unit in units:
        terms.update(unit.fuzzy or [t for alt in unit.alternatives for t in alt])
    return frozenset(terms)


def _hit_dict(doc, score, terms, searcher):
    out = {name: doc.get(name, "" if name != "date_inferred" else False) for name in HIT_FIELDS}
    out["score"] = round(score, 4) if score is not None else None
    analyzer = searcher.schema["body_f"].analyzer
    out["title_html"] = title_html(doc.get("title", ""), terms, analyzer)
    out["snippet"] = body_snippet(doc.get("body", ""), terms, analyzer)
    return out


def _article_dict(doc):
    return {name: doc.get(name, "" if name != "date_inferred" else False) for name in ARTICLE_FIELDS}
