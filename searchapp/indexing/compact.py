"""The compact codec: Whoosh's W3 codec with its own term table and postings (termtable.py, records.py).

W3 keeps per term 60-80 bytes of table entry and a pickled, zlib'd block of postings: here an index
8 times the size of its text, against 1.8 times with this codec (84k articles). Stored fields, columns and field lengths stay W3's. Whoosh's readers,
queries and merges work through the usual TermsReader and matchers; the search side also reads a
term's postings straight into numpy arrays (arrays(), positions()).

The codec object is pickled into each segment's entry of the table of contents: keep this module
path and class name.
"""

from collections import OrderedDict

import numpy as np
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound

from .records import Record, encode_postings, value_kind
from .storage import mapped_view
from .termtable import TermTable, TermTableWriter

TERMS_EXT = ".sat"
POSTS_EXT = ".sap"
# Records kept decoded for positions(): a query reads the same words' positions for its phrase and
# lead checks, and common words recur from query to query.
POSITION_RECORDS = 32
_NO_IDS, _NO_WEIGHTS = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)


class CompactCodec(W3Codec):
    """W3 with the compact term table and postings."""

    def field_writer(self, storage, segment):
        return CompactFieldWriter(storage, segment)

    def terms_reader(self, storage, segment):
        return CompactTermsReader(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        raise NotImplementedError("the compact codec writes whole records (CompactFieldWriter)")

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        raise NotImplementedError("the compact codec reads whole records (CompactTermsReader)")


class CompactFieldWriter(base.FieldWriter):
    """Writes terms and their records; add_entry() takes a term straight from the GroupedPool."""

    def __init__(self, storage, segment):
        self._terms_file = segment.create_file(storage, TERMS_EXT)
        self._posts_file = segment.create_file(storage, POSTS_EXT)
        self._table = TermTableWriter()
        self.is_closed = False  # SegmentWriter checks it

    def start_field(self, fieldname, fieldobj):
        self._kind, self._boost = value_kind(fieldobj.format), fieldobj.format.field_boost
        self._table.start_field(fieldname)

    def start_term(self, text):
        self._text, self._docs, self._weights, self._values, self._ends = text, [], [], bytearray(), []

    def add(self, docnum, weight, vbytes, length):
        self._docs.append(docnum)
        self._weights.append(weight)
        self._values += vbytes or b""
        self._ends.append(len(self._values))

    def finish_term(self):
        self._write(self._text, len(self._docs), self._docs, self._weights, self._values, self._ends)

    def add_entry(self, tbytes, entry):
        """A term from the pool: a lone posting's tuple (docnum, weight, value bytes) or its arrays."""
        if type(entry) is tuple:
            docnum, weight, vbytes = entry
            self._write(tbytes, 1, (docnum,), (weight,), vbytes or b"", (len(vbytes or b""),))
        else:
            self._write(tbytes, len(entry.docs), entry.docs, entry.weights, entry.values, entry.ends)

    def _write(self, tbytes, count, docs, weights, values, ends):
        record = encode_postings(docs, weights, values, ends, self._kind, self._boost)
        self._posts_file.write(record)
        self._table.add(tbytes, count, len(record))

    def finish_field(self):
        self._table.finish_field()

    def close(self):
        self._terms_file.write(self._table.getvalue())
        self._terms_file.close()
        self._posts_file.close()
        self.is_closed = True


def write_pool(fieldwriter, schema, pool):
    """Write every term of a GroupedPool, field by field, as FieldWriter.add_postings would."""
    for fieldname, terms in pool.sorted_fields():
        if not terms:
            continue  # a field indexed with no terms: Whoosh never starts it
        fieldwriter.start_field(fieldname, schema[fieldname])
        add = fieldwriter.add_entry
        for tbytes, entry in terms:
            add(tbytes, entry)
        fieldwriter.finish_field()


def _mapped(storage, name):
    """A file's bytes as a view of a memory map where the storage has one (never copied), else read whole."""
    handle = storage.open_file(name)
    view = mapped_view(handle)
    if view is not None:
        return view
    with handle:
        return handle.read()


class CompactTermsReader(base.TermsReader):
    """Whoosh's TermsReader over a compact segment, plus arrays() and positions() for the search side."""

    def __init__(self, storage, segment):
        self._table = TermTable(_mapped(storage, segment.make_filename(TERMS_EXT)))
        self._posts = _mapped(storage, segment.make_filename(POSTS_EXT))
        self._decoded = OrderedDict()  # (fieldname, tbytes) -> (Record, its value bounds), the latest used last

    def _record(self, fieldname, tbytes):
        """The term's decoded Record, or None."""
        found = self._table.find(fieldname, tbytes)
        if found is None:
            return None
        _, offset, length = found
        return Record(self._posts[offset : offset + length])

    def _known(self, fieldname, tbytes):
        """_record(), raising Whoosh's TermNotFound for an unknown term."""
        record = self._record(fieldname, tbytes)
        if record is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return record

    def __contains__(self, term):
        return self._table.find(*term) is not None

    def indexed_field_names(self):
        return self._table.fields.keys()

    def cursor(self, fieldname, fieldobj):
        return _Cursor(self, fieldname, fieldobj)

    def terms(self):
        return self.terms_from("", b"")  # every field name sorts after ""

    def terms_from(self, fieldname, prefix):
        for name in sorted(f for f in self._table.fields if f >= fieldname):
            for tbytes, _, _, _ in self._table.iter_from(name, prefix if name == fieldname else b""):
                yield name, tbytes

    def items(self):
        return self.items_from("", b"")

    def items_from(self, fieldname, prefix):
        for name, tbytes in self.terms_from(fieldname, prefix):
            yield (name, tbytes), self.term_info(name, tbytes)

    def term_info(self, fieldname, tbytes):
        return _term_info(self._known(fieldname, tbytes))

    def frequency(self, fieldname, tbytes):
        # 0 for an unknown term, as W3 gives it: Whoosh sums this over segments that may lack the term.
        record = self._record(fieldname, tbytes)
        return 0 if record is None else float(record.weights.sum())

    def doc_frequency(self, fieldname, tbytes):
        found = self._table.find(fieldname, tbytes)
        return 0 if found is None else found[0]

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        record = self._known(fieldname, tbytes)
        values = record.values(value_kind(format_), format_)
        return _Matcher(record.ids.tolist(), record.weights.tolist(), values, format_, scorer=scorer,
                        term=(fieldname, tbytes), terminfo=_term_info(record))

    def arrays(self, fieldname, tbytes):
        """(document numbers int64, weights float32) of a term in this segment; empty when absent."""
        record = self._record(fieldname, tbytes)
        return (_NO_IDS, _NO_WEIGHTS) if record is None else (record.ids, record.weights)

    def positions(self, fieldname, tbytes, wanted, format_, first=False):
        """(document number, positions) for those of the wanted document numbers (sorted) that have the term.

        With first, the first position alone, for each document.
        """
        record, bounds = self._decoded_record(fieldname, tbytes)
        if record is None:
            return
        where = np.searchsorted(record.ids, wanted)
        hits = [(int(i), d) for i, d in zip(where, wanted) if i < len(record.ids) and record.ids[i] == d]
        if not hits:
            return
        values = record.values_at([i for i, _ in hits], *bounds) if bounds else [b""] * len(hits)
        decode = format_.decode_first_position if first else format_.decode_positions
        for (_, docnum), value in zip(hits, values):
            yield docnum, decode(value)

    def _decoded_record(self, fieldname, tbytes):
        """(the term's Record, its value bounds or None), kept for the POSITION_RECORDS latest; (None, None) if absent."""
        key = (fieldname, tbytes)
        found = self._decoded.get(key)
        if found is not None:
            self._decoded.move_to_end(key)
            return found
        record = self._record(fieldname, tbytes)
        if record is None:
            return None, None
        found = self._decoded[key] = (record, record.value_bounds() if record.has_values() else None)
        if len(self._decoded) > POSITION_RECORDS:
            self._decoded.popitem(last=False)
        return found

    def close(self):
        self._table = self._posts = None
        self._decoded.clear()


class _Cursor(base.FieldCursor):
    """Whoosh's cursor over one field's terms (its fuzzy matching walks terms with it)."""

    def __init__(self, reader, fieldname, fieldobj):
        self._reader, self._fieldname, self._fieldobj = reader, fieldname, fieldobj
        self.first()

    def first(self):
        return self._start(b"")

    def find(self, term):
        return self._start(term if isinstance(term, bytes) else self._fieldobj.to_bytes(term))

    def _start(self, tbytes):
        self._entries = self._reader._table.iter_from(self._fieldname, tbytes)
        return self.next()

    def next(self):
        entry = next(self._entries, None)
        self._tbytes = None if entry is None else entry[0]
        self._text = None if entry is None else self._fieldobj.from_bytes(self._tbytes)
        return self._text

    def text(self):
        return self._text

    def term_info(self):
        return None if self._tbytes is None else self._reader.term_info(self._fieldname, self._tbytes)

    def is_valid(self):
        return self._text is not None


class _Matcher(ListMatcher):
    """Whoosh's ListMatcher, giving None for the value of a format without values, as W3's matcher does."""

    def value(self):
        return super().value() if self._values is not None else None


def _term_info(record):
    """Whoosh's statistics of a term from its record (field lengths are not kept per term: 1 and 2**31 bound them)."""
    ids, weights = record.ids, record.weights
    return TermInfo(weight=float(weights.sum()), df=len(ids), minlength=1, maxlength=2**31 - 1,
                    maxweight=float(weights.max()), minid=int(ids[0]), maxid=int(ids[-1]))
