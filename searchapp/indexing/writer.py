"""Whoosh's segment writer with the grouped pool, its postings written a block at a time.

Only how postings reach Whoosh's codec changes; the segment, its codec and the files are Whoosh's
own (this class is not pickled into the index).
"""

from whoosh.writing import SegmentWriter

from .codec import segment_lengths, write_postings
from .pool import GroupedPool


class GroupedWriter(SegmentWriter):
    """A SegmentWriter whose pool is a GroupedPool (see pool.py) and whose commit feeds codec.py."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = GroupedPool()

    def _flush_segment(self):
        """SegmentWriter._flush_segment, with the postings written per block from the pool's arrays."""
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            write_postings(self.fieldwriter, self.schema, self.pool, segment_lengths(pdr, self.pool.fields))
        finally:
            if pdr:
                pdr.close()
        self.fieldwriter.close()
