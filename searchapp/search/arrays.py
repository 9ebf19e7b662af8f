"""Per-index-build arrays for fast ranking: postings as numpy arrays, field lengths, facet codes.

Whoosh's matchers walk postings one Python call at a time; ranking with them took 300+ ms a query
here. The same postings, read block by block into numpy arrays (and cached), rank in a few ms.
"""

import math
import threading
from collections import OrderedDict

import numpy as np
from whoosh.reading import TermNotFound

from .facets import FACET_FIELDS

LENGTH_FIELDS = ("title_f", "body_f")
CACHE_TERMS = 20_000
CACHE_PHRASES = 2_000


def _leaf_postings(leaf, fieldname, term):
    """(doc ids, weights) of a term in one segment, read a block at a time where the codec allows."""
    try:
        m = leaf.postings(fieldname, term)
    except TermNotFound:
        return [], []
    ids, weights = [], []
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
    else:
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


class IndexArrays:
    """Everything ranking needs from one open index, computed once (or on first use, for postings)."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self.reader = reader
        self.count = reader.doc_count_all()
        self.leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers()]
        self.lengths = {f: self._lengths(f) for f in LENGTH_FIELDS}
        self.avg_length = {f: max(1.0, float(a.mean())) if self.count else 1.0 for f, a in self.lengths.items()}
        self.facets = {name: self._codes(name) for name in FACET_FIELDS}
        dates = self._column("date")
        self.dates = np.array(dates, dtype="U10")
        # YYYYMMDD as a number for sorting by date; 0 (oldest) when unknown.
        self.day_numbers = np.array([int(d.replace("-", "")) if d else 0 for d in dates], dtype=np.int64)
        self._cache = OrderedDict()
        self._lock = threading.Lock()  # one reader, shared by the server's threads
        # Whoosh answers a phrase by walking positions in Python: a query repeating one (UBND
        # expands to "uy ban nhan dan") must not pay for it each time.
        self._phrases = OrderedDict()

    def _column(self, name):
        values = list(self.reader.column_reader(name)) if self.reader.has_column(name) else []
        return values + [""] * (self.count - len(values))

    def _codes(self, name):
        """(codes array, values list): each document's facet value as an index into values."""
        values, codes, index = [], [], {}
        for value in self._column(name):
            code = index.get(value)
            if code is None:
                code = index[value] = len(values)
                values.append(value)
            codes.append(code)
        return np.array(codes, dtype=np.int32), values

    def _lengths(self, fieldname):
        out = np.zeros(self.count, dtype=np.float32)
        for leaf, offset in self.leaves:
            for docnum in range(leaf.doc_count_all()):
                out[offset + docnum] = leaf.doc_field_length(docnum, fieldname, 0)
        return out

    def postings(self, fieldname, term):
        """(doc ids, term frequencies) of a term over the whole index, as numpy arrays (cached)."""
        key = (fieldname, term)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
            return self._read(key)

    def phrase_docs(self, fieldname, words, compute):
        """compute() (the doc ids of a phrase), cached; computed outside the lock, which postings() needs."""
        key = (fieldname, tuple(words))
        with self._lock:
            found = self._phrases.get(key)
        if found is None:
            found = compute()
            with self._lock:
                self._phrases[key] = found
                if len(self._phrases) > CACHE_PHRASES:
                    self._phrases.popitem(last=False)
        return found

    def _read(self, key):
        fieldname, term = key
        ids, weights = [], []
        for leaf, offset in self.leaves:
            leaf_ids, leaf_weights = _leaf_postings(leaf, fieldname, term)
            ids.extend(i + offset for i in leaf_ids) if offset else ids.extend(leaf_ids)
            weights.extend(leaf_weights)
        found = (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32))
        self._cache[key] = found
        if len(self._cache) > CACHE_TERMS:
            self._cache.popitem(last=False)
        return found

    def phrase_counts(self, fieldname, terms, candidates):
        """{doc number: occurrences} of terms as an exact phrase in a field, among candidates (sorted).

        A term None stands for any one word.
        """
        starts = None
        for i, term in enumerate(terms):
            if term is None:  # any word may stand here
                continue
            found = {d: {p - i for p in poses} for d, poses in self._positions(fieldname, term, candidates)}
            starts = found if starts is None else {d: starts[d] & s for d, s in found.items() if d in starts}
            starts = {d: s for d, s in starts.items() if s}
            candidates = sorted(starts)
        return {d: len(s) for d, s in (starts or {}).items()}

    def _positions(self, fieldname, term, candidates):
        """(doc number, positions) of a term for the candidates that have it; skips, never scans."""
        with self._lock:
            for leaf, offset in self.leaves:
                end = offset + leaf.doc_count_all()
                local = [d - offset for d in candidates if offset <= d < end]
                if not local:
                    continue
                try:
                    m = leaf.postings(fieldname, term)
                except TermNotFound:
                    continue
                for docnum in local:
                    if m.is_active() and m.id() < docnum:
                        m.skip_to(docnum)
                    if not m.is_active():
                        break
                    if m.id() == docnum:
                        yield docnum + offset, m.value_as("positions")

    def idf(self, doc_freq):
        """Inverse document frequency as Whoosh's BM25F has it (common words keep some weight)."""
        return math.log(self.count / (doc_freq + 1)) + 1
