"""Write a segment's pooled postings in Whoosh's W3 format, a term at a time.

Whoosh's `FieldWriter.add_postings` makes several Python calls per posting (the pool's iterator,
`add`, `add_posting` with its checks, and a column lookup of the document's field length, used only
for each block's min/max length byte), then several per block and per term statistic. Most terms
of this corpus have a handful of postings, so those per-term calls were most of a segment write.
Here each term's posting-file bytes and term-table entry are made from the pool's arrays in one
pass, with the lengths read once per segment, and go to Whoosh's own files and term table. No
class of ours is pickled into the segment, and with every block compressed (COMPRESS_FROM = 0) the
files are byte for byte those of the standard path; by default short blocks stay uncompressed.
"""

import operator
import struct
import zlib
from array import array
from itertools import chain
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.system import pack_int, pack_long, pack_ushort

_FLOAT32 = struct.Struct("f")
_TERMINFO = W3TermInfo._struct  # flags, total weight, doc freq, min/max length byte, max weight, first/last id

# W3PostingsWriter compresses every block (its "under 20 bytes" test is overwritten on the next
# line). Most terms here have one to three postings: their pickles (60-75 bytes) come out of zlib
# no smaller, at 13 microseconds a call. A block's info records its compression, and Whoosh's
# reader decompresses only blocks marked compressed.
COMPRESS_FROM = 128


def segment_lengths(perdocreader, fieldnames):
    """Field name -> the length byte of each document (0: none), from the segment's length columns."""
    lengths = {}
    for name in fieldnames:
        column = _lenfield(name)
        if perdocreader is not None and perdocreader.has_column(column):
            lengths[name] = perdocreader.column_reader(column, LENGTHS_COLUMN).load()
    return lengths


def write_postings(fieldwriter, schema, pool, lengths):
    """Write every term of the pool, field by field in order, as FieldWriter.add_postings would."""
    codec = fieldwriter._codec
    # Never inlined: W3's default inline limit of 1 inlines only empty lists.
    assert codec._inlinelimit <= 1, "postings inlined into the term table are not written here"
    for fieldname, terms in pool.sorted_fields():
        if not terms:
            continue  # a field indexed with no terms: Whoosh never starts it
        fieldwriter.start_field(fieldname, schema[fieldname])
        blocks = _Blocks(schema[fieldname].format.fixed_value_size(), lengths.get(fieldname),
                         codec._blocklimit, codec._compression)
        prefix = pack_ushort(fieldwriter._fieldid)
        postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
        offset = postfile.tell()
        for tbytes, postings in terms:
            data, info = blocks.term(postings)
            postfile.write(data)
            tindex.add(prefix + tbytes, info + pack_long(offset) + pack_int(len(data)))
            offset += len(data)
        fieldwriter.finish_field()


class _Blocks:
    """One field's terms as the bytes W3PostingsWriter and W3TermInfo would write for them.

    The same pickles and statistics as W3PostingsWriter._write_block and W3TermInfo.to_bytes, made
    in one pass per term instead of several Python calls per block and per statistic. One
    difference: a block's pickle is compressed only from COMPRESS_FROM bytes (see there).
    """

    def __init__(self, fixed_size, lengths, limit, compression):
        self.fixed_size, self.lengths, self.limit, self.compression = fixed_size, lengths, limit, compression

    def term(self, postings):
        """(posting-file bytes, term info bytes without the extent) of one term's pool entry."""
        if type(postings) is tuple:
            return self._lone(*postings)
        docs, doubles = postings.docs, postings.weights
        floats = array("f", doubles)  # the block buffer keeps weights as float32
        count = len(docs)
        out = [WHOOSH3_HEADER_MAGIC]
        weight, minlength, maxlength, maxweight = 0, 0, 0, 0
        for start in range(0, count, self.limit):
            end = min(start + self.limit, count)
            ids, weights = docs[start:end], floats[start:end]
            low, high = self._length_bytes(ids)
            top = max(0, max(doubles[start:end]))
            out.append(self._block(ids, weights, postings, start, end, top, low, high, end == count))
            weight += sum(weights)
            minlength = low if not minlength else min(minlength, low) if low else minlength
            maxlength, maxweight = max(maxlength, high), max(maxweight, top)
        return b"".join(out), _TERMINFO.pack(False, weight, count, minlength, maxlength, maxweight, docs[0], docs[-1])

    def _lone(self, docnum, weight, vbytes):
        """term() for a term with one posting, kept by the pool as a tuple (most terms)."""
        single = _FLOAT32.unpack(_FLOAT32.pack(weight))[0]  # as the block buffer's float32 keeps it
        length = self.lengths[docnum] if self.lengths is not None else 0
        top = max(0, weight)
        size = self.fixed_size
        if size is None or size < 0:
            values = (vbytes,) if vbytes else ()
        else:
            values = bytes(vbytes) if size else None
        data = dumps(((docnum,), None if single == 1.0 else single, values), 2)
        block = self._framed(data, 1, docnum, top, length, length, True)
        return WHOOSH3_HEADER_MAGIC + block, _TERMINFO.pack(False, single, 1, length, length, top, docnum, docnum)

    def _block(self, ids, weights, postings, start, end, top, low, high, last):
        """One block: its length, its info pickle and its data pickle (compressed if long enough)."""
        n = len(ids)
        data = dumps((tuple(map(operator.sub, ids, chain((0,), ids))), _mini_weights(weights, n),
                      self._values(postings, start, end)), 2)
        return self._framed(data, n, ids[-1], top, low, high, last)

    def _framed(self, data, n, last_id, top, low, high, last):
        """A block from its data pickle: length (negative for the last), info pickle, data (compressed if long)."""
        comp = self.compression if len(data) >= COMPRESS_FROM else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((n, last_id, top, comp, low, high), 2)
        size = len(info) + len(data)
        return pack_int(-size if last else size) + info + data

    def _values(self, postings, start, end):
        """The block's values as W3PostingsWriter._mini_values gives them."""
        size = self.fixed_size
        if size is None or size < 0:
            return tuple(postings.values_between(start, end))
        if size == 0:
            return None
        ends = postings.ends
        return bytes(postings.values[ends[start - 1] if start else 0 : ends[end - 1]])

    def _length_bytes(self, docs):
        """(min, max) length byte of the documents' field, 0 for none: the block and term statistics.

        Whoosh keeps lengths and turns them back into bytes with length_to_byte, which inverts
        byte_to_length exactly; so the bytes are used as they are.
        """
        if self.lengths is None:
            return 0, 0
        present = [b for b in map(self.lengths.__getitem__, docs) if b]
        return (min(present), max(present)) if present else (0, 0)


def _mini_weights(weights, n):
    """W3PostingsWriter._mini_weights: None when all are 1.0, the one value when all equal, else all."""
    if weights.count(1.0) == n:
        return None
    if weights.count(weights[0]) == n:
        return weights[0]
    return tuple(weights)
