"""An in-memory posting pool for Whoosh's writer: postings grouped by term, stored compactly.

Whoosh's own pool sorts every posting and spills runs to disk, then merges them in Python; for this
corpus that merge took longer than the analysis. Here postings arrive grouped by term (documents are
added in order), so only the distinct terms are sorted, and a segment never spills. GroupedWriter
(writer.py) adds a document's field in one call and writes each term from its arrays (compact.py).

Many terms (syllable pairs above all) occur in one document of a segment. Such a term is kept as
the plain tuple (docnum, weight, value bytes) until a second posting comes: four arrays for each
of them took a quarter of a pool's memory (4,000 articles: 238 MB, 177 MB with the tuples).
"""

from array import array


class _Postings:
    """One term's postings: document numbers, weights and encoded values, in arrays."""

    __slots__ = ("docs", "weights", "values", "ends")

    def __init__(self):
        self.docs = array("I")
        self.weights = array("d")
        self.values = bytearray()
        self.ends = array("I")

    def add(self, docnum, weight, vbytes):
        self.docs.append(docnum)
        self.weights.append(weight)
        self.values += vbytes or b""
        self.ends.append(len(self.values))

    @classmethod
    def starting_with(cls, lone):
        """The arrays of a term that had one posting, (docnum, weight, value bytes)."""
        postings = cls()
        postings.add(*lone)
        return postings

    def items(self):
        start = 0
        for docnum, weight, end in zip(self.docs, self.weights, self.ends):
            yield docnum, weight, bytes(self.values[start:end])
            start = end


def as_postings(entry):
    """A pool entry as a _Postings (a lone posting's tuple turned into arrays)."""
    return _Postings.starting_with(entry) if type(entry) is tuple else entry


class GroupedPool:
    """Drop-in for whoosh.writing.PostingPool (add, iter_postings, cleanup) for one fresh segment.

    Whoosh's own writer code (add_reader when merging, the plain add_document) still uses add.
    """

    def __init__(self):
        self.fields = {}
        self.count = 0

    @property
    def fieldnames(self):
        """The fields with postings (PostingPool keeps them as a set)."""
        return set(self.fields)

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 0, weight, vbytes or b"")])

    def add_field(self, fieldname, docnum, postings, boost=1.0):
        """Add one document's postings of one field, (term bytes, freq, weight, value bytes); their freqs' sum.

        One call per field instead of Whoosh's one per posting: the writer's hot loop.
        """
        terms = self.fields.setdefault(fieldname, {})
        get = terms.get
        length = 0
        for tbytes, freq, weight, vbytes in postings:
            term = get(tbytes)
            if term is None:
                terms[tbytes] = (docnum, weight * boost, vbytes)
                length += freq
                continue
            if type(term) is tuple:
                term = terms[tbytes] = _Postings.starting_with(term)
            term.docs.append(docnum)
            term.weights.append(weight * boost)
            term.values += vbytes
            term.ends.append(len(term.values))
            length += freq
        self.count += len(postings)
        return length

    def sorted_fields(self):
        """(fieldname, [(term bytes, entry)] sorted by term) for each field, sorted by name.

        An entry is a _Postings, or a lone posting's tuple (docnum, weight, value bytes).
        """
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            yield fieldname, [(tbytes, terms[tbytes]) for tbytes in sorted(terms)]

    def iter_postings(self):
        """(fieldname, term bytes, docnum, weight, value bytes) sorted by field, term, docnum."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                for docnum, weight, vbytes in as_postings(terms[tbytes]).items():
                    yield fieldname, tbytes, docnum, weight, vbytes

    def cleanup(self):
        self.fields.clear()
