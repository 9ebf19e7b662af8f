"""A TEXT field that accepts postings analysed elsewhere (in a worker process); pickled in the schema."""

from collections import Counter, defaultdict
from itertools import accumulate

from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from .varints import decode, decode_all, encode_all


class VarintPositions(Positions):
    """Whoosh's Positions with each posting's positions as varint gaps instead of a pickled list.

    A body word's positions took 13-20 bytes pickled (a count, the pickle's framing, two bytes a
    number); as gaps they take about one byte each.

    >>> f = VarintPositions()
    >>> f.encode([3, 5, 300])
    b'\\x03\\x02\\xa7\\x02'
    >>> f.decode_positions(f.encode([3, 5, 300])), f.decode_frequency(f.encode([3, 5, 300]))
    ([3, 5, 300], 3)
    >>> f.decode_first_position(f.encode([300, 301]))
    300
    """

    def encode(self, poslist):
        gaps = [b - a for a, b in zip([0] + poslist[:-1], poslist)]
        return bytes(gaps) if max(gaps, default=0) < 128 else encode_all(gaps)

    def decode_positions(self, valuestring):
        if max(valuestring, default=0) < 128:  # every gap one byte: most postings
            return list(accumulate(valuestring))
        return decode_all(valuestring).cumsum().tolist()

    def decode_first_position(self, valuestring):
        """Where the word first occurs, without decoding the rest (a body word may occur hundreds of times)."""
        return decode(valuestring)[0]

    def decode_frequency(self, valuestring):
        return sum(byte < 128 for byte in valuestring)  # one last byte per number


class Preindexed(list):
    """A field's postings for one document: (term bytes, freq, weight, value bytes)."""


class PreindexedText(TEXT):
    """TEXT whose analysis can run in a worker: the writer then only adds the postings."""

    def __init__(self, phrase=True, **kwargs):
        super().__init__(phrase=phrase, **kwargs)
        if phrase:
            self.format = VarintPositions(field_boost=self.format.field_boost)

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
