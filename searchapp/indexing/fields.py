"""A TEXT field that accepts postings analysed elsewhere (in a worker process); pickled in the schema."""

from collections import Counter, defaultdict

from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint


class Preindexed(list):
    """A field's postings for one document: (term bytes, freq, weight, value bytes)."""


class PreindexedText(TEXT):
    """TEXT whose analysis can run in a worker: the writer then only adds the postings."""

    def index(self, value, **kwargs):
        if isinstance(value, Preindexed):
            return value  # a list: the writer hands it to the pool whole
        return super().index(value, **kwargs)

    def preindex(self, value):
        """Analyse value with the field's analyzer now, for a writer in another process."""
        return Preindexed(super().index(value))

    def postings(self, terms):
        """Postings from terms already analysed: (term, position) pairs, or plain terms without positions.

        Encoded exactly as the field's format would encode its analyzer's tokens.
        """
        boost = self.format.field_boost
        if isinstance(self.format, Positions):
            poses = defaultdict(list)
            for term, pos in terms:
                poses[term].append(pos)
            return Preindexed((t.encode("utf-8"), len(p), len(p) * boost, self.format.encode(p)) for t, p in poses.items())
        counts = Counter(terms)
        return Preindexed((t.encode("utf-8"), n, n * boost, pack_uint(n)) for t, n in counts.items())
