"""A segment's term table for the compact codec: sorted terms in blocks, front-coded, with a small directory.

Whoosh's W3 table is a hash file: per term, the key, a 35-byte statistics record and hash slots,
60-80 bytes; this corpus has about a million terms a segment, most with one posting. Here a term
takes its new suffix after the prefix it shares with the one before, its document frequency and its
record's length, about 8 bytes; every BLOCK terms the directory keeps the first term, where the
block starts and where its first record starts. A lookup bisects the directory, then reads one block.

>>> w = TermTableWriter()
>>> w.start_field("f")
>>> for term in (b"hoa", b"hoc", b"hoc tap", b"tap"):
...     w.add(term, 1, 5)
>>> w.finish_field()
>>> table = TermTable(w.getvalue())
>>> table.find("f", b"hoc tap"), table.find("f", b"ho")
((1, 10, 5), None)
>>> [t for t, _, _, _ in table.iter_from("f", b"hoc")]
[b'hoc', b'hoc tap', b'tap']
"""

import pickle
import struct
from array import array

from .varints import decode
from .varints import encode as varint

BLOCK = 16  # terms a block: a lookup decodes half of one on average
_TAIL = struct.Struct("<Q")  # where the directory starts


def _shared(a, b):
    """The length of the prefix a and b share."""
    n, most = 0, min(len(a), len(b))
    while n < most and a[n] == b[n]:
        n += 1
    return n


class TermTableWriter:
    """Collects a segment's terms, field by field in sorted order, and their record lengths."""

    def __init__(self):
        self._out = bytearray()
        self._fields = {}
        self._post = 0  # where the next record starts in the postings file

    def start_field(self, fieldname):
        self._name, self._count, self._previous = fieldname, 0, b""
        self._keys, self._key_ends, self._blocks, self._posts = bytearray(), array("I"), array("Q"), array("Q")

    def add(self, tbytes, doc_freq, record_length):
        if self._count % BLOCK == 0:
            self._keys += tbytes
            self._key_ends.append(len(self._keys))
            self._blocks.append(len(self._out))
            self._posts.append(self._post)
            self._previous = b""
        shared = _shared(self._previous, tbytes)
        self._out += varint(shared) + varint(len(tbytes) - shared) + tbytes[shared:] + varint(doc_freq) + varint(record_length)
        self._post += record_length
        self._previous = tbytes
        self._count += 1

    def finish_field(self):
        self._fields[self._name] = (bytes(self._keys), self._key_ends.tobytes(), self._blocks.tobytes(),
                                    self._posts.tobytes(), self._count)

    def getvalue(self):
        """The table's bytes: the blocks, the directory (a pickle), the directory's offset."""
        return bytes(self._out) + pickle.dumps(self._fields, 4) + _TAIL.pack(len(self._out))


class TermTable:
    """A term table read from bytes or a memory map: find(), iter_from(), fields, directory_start."""

    def __init__(self, buf):
        (start,) = _TAIL.unpack_from(buf, len(buf) - _TAIL.size)
        self.directory_start = start  # where the blocks end
        directory = pickle.loads(buf[start : len(buf) - _TAIL.size])
        self.fields = {name: _FieldTerms(buf, *entry) for name, entry in directory.items()}

    def find(self, fieldname, tbytes):
        """(doc frequency, record offset, record length) of a term, or None."""
        terms = self.fields.get(fieldname)
        return terms.find(tbytes) if terms is not None else None

    def iter_from(self, fieldname, tbytes=b""):
        """(term, doc frequency, record offset, record length) from tbytes on, in one field."""
        terms = self.fields.get(fieldname)
        return terms.iter_from(tbytes) if terms is not None else iter(())


class _FieldTerms:
    def __init__(self, buf, keys, key_ends, blocks, posts, count):
        self._buf, self._keys, self.count = buf, keys, count
        self._key_ends, self._blocks, self._posts = array("I"), array("Q"), array("Q")
        self._key_ends.frombytes(key_ends)
        self._blocks.frombytes(blocks)
        self._posts.frombytes(posts)

    def _first(self, i):
        return self._keys[self._key_ends[i - 1] if i else 0 : self._key_ends[i]]

    def _block_for(self, tbytes):
        """The last block whose first term is <= tbytes (-1: none)."""
        lo, hi = 0, len(self._blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._first(mid) <= tbytes:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def _entries(self, block):
        """(term, doc frequency, record offset, record length) of each term of a block."""
        buf, pos, post = self._buf, self._blocks[block], self._posts[block]
        term = b""
        for _ in range(min(BLOCK, self.count - block * BLOCK)):
            shared, pos = decode(buf, pos)
            size, pos = decode(buf, pos)
            term = term[:shared] + bytes(buf[pos : pos + size])
            pos += size
            doc_freq, pos = decode(buf, pos)
            length, pos = decode(buf, pos)
            yield term, doc_freq, post, length
            post += length

    def find(self, tbytes):
        block = self._block_for(tbytes)
        if block < 0:
            return None
        for term, doc_freq, offset, length in self._entries(block):
            if term >= tbytes:
                return (doc_freq, offset, length) if term == tbytes else None
        return None

    def iter_from(self, tbytes):
        for block in range(max(0, self._block_for(tbytes)), len(self._blocks)):
            for entry in self._entries(block):
                if entry[0] >= tbytes:
                    yield entry
