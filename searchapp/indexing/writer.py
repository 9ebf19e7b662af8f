"""Whoosh's segment writer with the grouped pool and the compact codec: postings added a field at a time.

This class is not pickled into the index (the codec is: see compact.py).
"""

from whoosh.writing import SegmentWriter

from .compact import CompactCodec, write_pool
from .pool import GroupedPool


class GroupedWriter(SegmentWriter):
    """A SegmentWriter whose pool is a GroupedPool (see pool.py), written by the compact codec."""

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", CompactCodec())
        super().__init__(ix, **kwargs)
        self.pool = GroupedPool()
        # Term vectors and separate spelling words are not in our schema: the plain path keeps them right.
        self._fields_only = not any(f.vector or f.separate_spelling() for _, f in self.schema.items())

    def add_document(self, **fields):
        """SegmentWriter.add_document, with each field's postings passed to the pool in one call."""
        if not self._fields_only:
            return super().add_document(**fields)
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        docboost = self._doc_boost(fields)
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        try:
            for name in names:
                if fields[name] is not None:
                    self._add_field(name, fields, docboost)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, name, fields, docboost):
        """One field of the current document, in the order and form SegmentWriter.add_document uses."""
        field = self.schema[name]
        value = fields[name]
        length = 0
        if field.indexed:
            postings = field.index(value)
            if not isinstance(postings, list):
                postings = list(postings)
            freqs = self.pool.add_field(name, self.docnum, postings, self._field_boost(fields, name, docboost))
            if field.scorable:
                length = freqs
        stored = fields.get(f"_stored_{name}", value)
        self.perdocwriter.add_field(name, field, stored if field.stored else None, length)
        if field.column_type and stored is not None:
            self.perdocwriter.add_column_value(name, field.column_type, field.to_column_value(stored))

    def _flush_segment(self):
        """SegmentWriter._flush_segment, with the postings written a term at a time from the pool's arrays."""
        self.perdocwriter.close()
        write_pool(self.fieldwriter, self.schema, self.pool)
        self.fieldwriter.close()
