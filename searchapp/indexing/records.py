"""One term's postings in a segment as one record of varints: the compact codec's postings file.

A record: its flags; the byte length of the document-number gaps, then the gaps; the weights unless
all are 1 (as varints when whole numbers, else float32, as Whoosh keeps them); the value lengths and
values where the field's format has values that cannot be rebuilt. Whoosh's Frequency values are the
weight as a 4-byte count: they are rebuilt from the weights on reading (when they match, which is
checked on writing) instead of taking 4 bytes a posting.

>>> record = encode_postings([3, 10, 200], [1.0, 2.0, 1.0], b"abcd", [1, 3, 4], NO_VALUES)
>>> record.hex(" ")
'01 04 03 07 be 01 03 01 02 01'
>>> r = Record(record)
>>> r.ids.tolist(), r.weights.tolist(), r.values(NO_VALUES, None)
([3, 10, 200], [1.0, 2.0, 1.0], None)
>>> Record(encode_postings([7], [1.0], b"xy", [2], BYTES)).values(BYTES, None)
[b'xy']
"""

import numpy as np
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from .varints import NUMPY_FROM, decode, decode_all, encode_all
from .varints import encode as varint

FLAG_WEIGHTS = 1  # weights follow as varints (else every weight is 1)
FLAG_FLOAT_WEIGHTS = 2  # weights follow as little-endian float32
FLAG_VALUES = 4  # value lengths and values follow

NO_VALUES, FREQUENCY, BYTES = "none", "frequency", "bytes"


def value_kind(fmt):
    """How a format's values are kept: none, rebuilt from the weights (Frequency), or as bytes."""
    if fmt.fixed_value_size() == 0:
        return NO_VALUES
    return FREQUENCY if type(fmt) is Frequency else BYTES


def encode_postings(docs, weights, values, ends, kind, field_boost=1.0):
    """The record of one term: document numbers (ascending), weights, values (concatenated) and their ends."""
    parts = [None, _sized(_gaps(docs))]
    flags = 0
    if weights.count(1.0) != len(docs):
        whole = _whole_numbers(weights)
        if whole is not None:
            flags |= FLAG_WEIGHTS
            parts.append(_sized(whole))
        else:
            flags |= FLAG_FLOAT_WEIGHTS
            parts.append(np.asarray(weights, dtype="<f4").tobytes())
    if kind == BYTES or (kind == FREQUENCY and not _frequencies_match(weights, values, field_boost)):
        flags |= FLAG_VALUES
        parts += [_sized(_gaps(ends)), bytes(values)]  # the gaps between value ends: their lengths
    parts[0] = varint(flags)
    return b"".join(parts)


def _gaps(ascending):
    """Each number less the one before it (the first as it is)."""
    if len(ascending) < NUMPY_FROM:
        return [ascending[0]] + [b - a for a, b in zip(ascending, ascending[1:])]
    return np.diff(np.asarray(ascending, dtype=np.int64), prepend=0)


def _sized(numbers):
    """The numbers' varints, after their byte length (so a reader can decode them in one numpy call)."""
    data = encode_all(numbers)
    return varint(len(data)) + data


def _read_sized(buf, pos):
    """(the numbers _sized wrote at pos, the position after them)."""
    size, pos = decode(buf, pos)
    return decode_all(buf[pos : pos + size]), pos + size


def _whole_numbers(weights):
    """The weights as ints if all are whole, non-negative and exact as float32 (as read back), else None."""
    if len(weights) < NUMPY_FROM:
        if not all(0 <= w < 2**24 for w in weights):
            return None
        ints = [int(w) for w in weights]
        return ints if all(w == i for w, i in zip(weights, ints)) else None
    array = np.asarray(weights, dtype=np.float64)
    if array.min() < 0 or not np.array_equal(array, np.floor(array)) or array.max() >= 2**24:
        return None
    return array.astype(np.int64)


def _frequencies_match(weights, values, field_boost):
    """Whether each Frequency value is rebuilt exactly from its weight as the reader gets it back (float32)."""
    if len(weights) < NUMPY_FROM:
        stored = np.asarray(weights, dtype=np.float32).tolist() if weights.count(1.0) != len(weights) else weights
        return bytes(values) == b"".join(_frequency_values(stored, field_boost))
    counts = np.frombuffer(bytes(values), dtype=">u4")
    stored = np.asarray(weights, dtype=np.float32).astype(np.float64)
    return len(counts) == len(weights) and np.array_equal(counts, (stored / field_boost).astype(np.int64))


def _frequency_values(weights, field_boost):
    """Whoosh's Frequency values (the count as 4 bytes) of postings with these weights."""
    return [pack_uint(int(w / field_boost)) for w in weights]


class Record:
    """A decoded record: ids (int64) and weights (float32) as arrays; values decoded on demand."""

    __slots__ = ("ids", "weights", "_buf", "_values_at")

    def __init__(self, buf):
        flags, pos = decode(buf, 0)
        gaps, pos = _read_sized(buf, pos)
        self.ids = np.cumsum(gaps)
        n = len(self.ids)
        if flags & FLAG_WEIGHTS:
            weights, pos = _read_sized(buf, pos)
            self.weights = weights.astype(np.float32)
        elif flags & FLAG_FLOAT_WEIGHTS:
            self.weights = np.frombuffer(buf, dtype="<f4", count=n, offset=pos).astype(np.float32)
            pos += 4 * n
        else:
            self.weights = np.ones(n, dtype=np.float32)
        self._buf = buf
        self._values_at = pos if flags & FLAG_VALUES else None

    def value_bounds(self):
        """(first byte of the values, each value's end offset from there)."""
        lengths, start = _read_sized(self._buf, self._values_at)
        return start, np.cumsum(lengths)

    def values(self, kind, fmt):
        """Each posting's value bytes as Whoosh's matchers give them, or None for a format without values."""
        if self._values_at is not None:
            start, ends = self.value_bounds()
            return self.values_at(range(len(ends)), start, ends)
        if kind == FREQUENCY:
            return _frequency_values(self.weights.tolist(), fmt.field_boost)
        return None

    def values_at(self, indexes, start, ends):
        """The value bytes of the postings at indexes, given value_bounds() (a record with stored values)."""
        buf = self._buf
        return [bytes(buf[start + (int(ends[i - 1]) if i else 0) : start + int(ends[i])]) for i in indexes]

    def has_values(self):
        return self._values_at is not None
