"""Per-index-build arrays for fast ranking: postings as numpy arrays, field lengths, facet codes.

Whoosh's matchers walk postings one Python call at a time; ranking with them took 300+ ms a query
here. The same postings, read from the compact codec's records straight into numpy arrays (and
cached), rank in a few ms.
"""

import math
import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from ..indexing.compact import CompactTermsReader
from ..indexing.storage import mapped_view
from .facets import FACET_FIELDS
from .spelling import near_terms, term_group

LENGTH_FIELDS = ("title_f", "body_f")
NEAR_FIELDS = ("title_f", "body_f")  # where near spellings of unknown words are looked for
CACHE_TERMS = 20_000
CACHE_PHRASES = 2_000
# Whoosh stores a field's length per document as one byte on a log scale; this table decodes it.
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_NO_IDS, _NO_WEIGHTS = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)


def _leaf_postings(leaf, fieldname, term):
    """(doc ids, weights) of a term in one segment as numpy arrays: straight from a compact segment's record."""
    terms = leaf._terms  # the segment's TermsReader: SegmentReader keeps no public handle on it
    try:
        if isinstance(terms, CompactTermsReader):
            return terms.arrays(fieldname, leaf._text_to_bytes(fieldname, term))
        m = leaf.postings(fieldname, term)
    except TermNotFound:  # an unknown term, or a field not in the schema
        return _NO_IDS, _NO_WEIGHTS
    if isinstance(m, FilterMatcher):
        m = m.child  # the segment's deleted documents: IndexArrays drops them, in bulk
    ids, weights = [], []
    while m.is_active():  # a segment of another codec (an index built before the compact one)
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


def _leaf_positions(leaf, fieldname, term, wanted, first=False):
    """[(doc number, positions)] of the wanted doc numbers (sorted) that have the term in one segment.

    With first, the first position alone."""
    terms = leaf._terms
    try:
        if isinstance(terms, CompactTermsReader):
            tbytes = leaf._text_to_bytes(fieldname, term)
            return list(terms.positions(fieldname, tbytes, wanted, leaf.schema[fieldname].format, first))
        m = leaf.postings(fieldname, term)
    except TermNotFound:  # an unknown term, or a field not in the schema
        return []
    if isinstance(m, FilterMatcher):
        m = m.child  # wanted holds live documents only
    found = []
    for docnum in wanted:  # a segment of another codec (an index built before the compact one)
        if m.is_active() and m.id() < docnum:
            m.skip_to(docnum)
        if not m.is_active():
            break
        if m.id() == docnum:
            positions = m.value_as("positions")
            found.append((docnum, min(positions) if first else positions))
    return found


def _raw_values(reader):
    """Each document's bytes in a variable-length column, sliced from the mapped file in one pass.

    Whoosh's reader makes two Python calls and a copy per document: most of a server's start.
    """
    plain = type(reader) is VarBytesColumn.Reader  # not a subclass that stores values otherwise (compressed)
    view = mapped_view(reader._dbfile) if plain else None
    if view is None:
        return list(reader)
    lengths, offsets = reader._lengths, reader._offsets
    start = reader._basepos
    data = bytes(view[start : start + (offsets[-1] + lengths[-1] if len(lengths) else 0)])
    return [data[o : o + n] for o, n in zip(offsets, lengths)]


def _byte_column(reader, size):
    """A one-byte numeric column (field lengths) as a uint8 array, straight from the mapped file."""
    plain = type(reader) is NumericColumn.Reader and reader._typecode == "B"
    view = mapped_view(reader._dbfile) if plain else None
    if view is None:
        return np.fromiter(reader, dtype=np.uint8, count=size)
    out = np.full(size, reader._default, dtype=np.uint8)  # documents after the last stored value
    stored = min(reader._count, size)
    out[:stored] = np.frombuffer(view, dtype=np.uint8, count=stored, offset=reader._basepos)
    return out


class IndexArrays:
    """Everything ranking needs from one open index, computed once (or on first use, for postings)."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self.reader = reader
        self.count = reader.doc_count_all()
        self.leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers()]
        # Documents deleted by an incremental reindex stay in their segment until a merge.
        self.live = np.zeros(self.count, dtype=bool)
        for leaf, offset in self.leaves:
            self.live[offset + np.fromiter(leaf.all_doc_ids(), dtype=np.int64)] = True
        self.live_count = int(self.live.sum())
        self.lengths = {f: self._lengths(f) for f in LENGTH_FIELDS}
        self.avg_length = {f: max(1.0, float(a[self.live].mean())) if self.live_count else 1.0
                           for f, a in self.lengths.items()}
        self.facets = {name: self._codes(name) for name in FACET_FIELDS}
        codes, values = self._codes("date")
        self.dates = np.array(values, dtype="U10")[codes]
        # YYYYMMDD as a number for sorting by date; 0 (oldest) when unknown.
        self.day_numbers = np.array([int(d.replace("-", "")) if d else 0 for d in values], dtype=np.int64)[codes]
        self._cache = OrderedDict()
        self._lock = threading.Lock()  # one reader, shared by the server's threads
        # A phrase's documents come from its pairs checked on positions: a query repeating one (UBND
        # expands to "uy ban nhan dan") must not pay for it each time.
        self._phrases = OrderedDict()
        # The terms of NEAR_FIELDS by first letter, each group read on the first unknown word starting
        # with it: most queries never need them, and all of them take ~1 s to read on 84k articles.
        self._term_groups = {}

    def _codes(self, name):
        """(codes array, values list): each document's value of a column as an index into values.

        Read raw per segment and decoded once per distinct value (decoding each of 84k documents
        through Whoosh's translating reader took most of the start-up time).
        """
        index = {}
        parts = []
        for leaf, _ in self.leaves:
            raw = _raw_values(leaf.column_reader(name, translate=False)) if leaf.has_column(name) else []
            raw += [b""] * (leaf.doc_count_all() - len(raw))
            for value in dict.fromkeys(raw):
                index.setdefault(value, len(index))
            parts.append(np.fromiter(map(index.__getitem__, raw), dtype=np.int32, count=len(raw)))
        codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        return codes, [v.decode("utf-8") for v in index]

    def _lengths(self, fieldname):
        """Each document's length in a field, read as one byte column per segment."""
        out = []
        for leaf, _ in self.leaves:
            size = leaf.doc_count_all()
            perdoc = leaf._perdoc  # the lengths are a per-document column Whoosh keeps no public reader for
            column = f"_{fieldname}_len"
            if perdoc.has_column(column):
                codes = _byte_column(perdoc.column_reader(column, LENGTHS_COLUMN), size)
            else:
                codes = np.zeros(size, dtype=np.uint8)
            out.append(_BYTE_LENGTHS[codes])
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    def postings(self, fieldname, term):
        """(doc ids, term frequencies) of a term over the live documents, as numpy arrays (cached)."""
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

    def near_terms(self, word, maxdist):
        """Terms of NEAR_FIELDS within maxdist edits of word, sharing its first letter; most documents first."""
        first = word[:1]  # Whoosh's prefix=1
        with self._lock:  # the reader's files are not safe to read from two threads at once
            group = self._term_groups.get(first)
            if group is None:
                group = self._term_groups[first] = term_group([leaf for leaf, _ in self.leaves], NEAR_FIELDS, first)
            near = near_terms(group, word, maxdist)
            return sorted(near, key=lambda t: -self.reader.doc_frequency("body_f", t))  # stable: ties alphabetical

    def _read(self, key):
        fieldname, term = key
        ids, weights = [_NO_IDS], [_NO_WEIGHTS]
        for leaf, offset in self.leaves:
            leaf_ids, leaf_weights = _leaf_postings(leaf, fieldname, term)
            ids.append(leaf_ids + offset)
            weights.append(leaf_weights)
        ids, weights = np.concatenate(ids), np.concatenate(weights)
        if self.live_count < self.count and len(ids):
            keep = self.live[ids]
            ids, weights = ids[keep], weights[keep]
        found = (ids, weights)
        self._cache[key] = found
        if len(self._cache) > CACHE_TERMS:
            self._cache.popitem(last=False)
        return found

    def phrase_counts(self, fieldname, terms, candidates):
        """{doc number: occurrences} of terms as an exact phrase in a field, among candidates (sorted).

        A term None stands for any one word.
        """
        return {d: len(s) for d, s in self.phrase_starts(fieldname, terms, candidates).items()}

    def phrase_starts(self, fieldname, terms, candidates):
        """{doc number: the positions where it starts} of terms as an exact phrase, as phrase_counts."""
        starts = None
        # Rarest first: fewer position blocks to read, and the candidates where those words are not
        # aligned drop out before the common words' long postings are read.
        order = sorted((i for i, t in enumerate(terms) if t is not None), key=lambda i: self._doc_freq(fieldname, terms[i]))
        for i in order:
            term = terms[i]
            found = {d: {p - i for p in poses} for d, poses in self._positions(fieldname, term, candidates)}
            starts = found if starts is None else {d: starts[d] & s for d, s in found.items() if d in starts}
            starts = {d: s for d, s in starts.items() if s}
            candidates = sorted(starts)
        return starts or {}

    def first_positions(self, fieldname, term, candidates):
        """{doc number: where the term first occurs} among candidates (sorted) that have it."""
        return dict(self._positions(fieldname, term, candidates, first=True))

    def _doc_freq(self, fieldname, term):
        with self._lock:
            return sum(leaf.doc_frequency(fieldname, term) for leaf, _ in self.leaves)

    def _positions(self, fieldname, term, candidates, first=False):
        """(doc number, positions, or with first the first one) of a term for the candidates that have it.

        Skips, never scans."""
        with self._lock:
            for leaf, offset in self.leaves:
                end = offset + leaf.doc_count_all()
                local = [d - offset for d in candidates if offset <= d < end]
                if not local:
                    continue
                for docnum, positions in _leaf_positions(leaf, fieldname, term, local, first):
                    yield docnum + offset, positions

    def idf(self, doc_freq):
        """Inverse document frequency as Whoosh's BM25F has it (common words keep some weight)."""
        return math.log(max(1, self.live_count) / (doc_freq + 1)) + 1
