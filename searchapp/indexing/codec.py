"""Feed a segment's pooled postings to Whoosh's own W3 writers a block at a time.

Whoosh's `FieldWriter.add_postings` makes several Python calls per posting (the pool's iterator,
`add`, `add_posting` with its checks, and a column lookup of the document's field length, used only
for each block's min/max length byte). Here each term's postings go from the pool's arrays into
the standard `W3PostingsWriter` block by block, and the lengths come from each length column read
once. Whoosh still encodes and writes every block and term, so the files are byte for byte those
of the standard path, and no class of ours is pickled into the segment.
"""

from array import array

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length


def segment_lengths(perdocreader, fieldnames):
    """Field name -> the length byte of each document (0: none), from the segment's length columns."""
    lengths = {}
    for name in fieldnames:
        column = _lenfield(name)
        if perdocreader is not None and perdocreader.has_column(column):
            lengths[name] = perdocreader.column_reader(column, LENGTHS_COLUMN).load()
    return lengths


def write_postings(fieldwriter, schema, pool, lengths):
    """Write every term of the pool, field by field in order, like FieldWriter.add_postings."""
    for fieldname, terms in pool.sorted_fields():
        if not terms:
            continue  # a field indexed with no terms: Whoosh never starts it
        fieldwriter.start_field(fieldname, schema[fieldname])
        for tbytes, postings in terms:
            fieldwriter.start_term(tbytes)
            _write_term(fieldwriter, postings, lengths.get(fieldname))
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _write_term(fieldwriter, postings, lengths):
    """Put one term's postings into the field writer's block buffer, a block at a time.

    As W3PostingsWriter.add_posting would: a full block is written when the next posting comes,
    and the last block by finish_term.
    """
    writer = fieldwriter._postwriter  # the standard W3PostingsWriter, started by start_term
    limit = writer._blocklimit
    count = len(postings.docs)
    for start in range(0, count, limit):
        if start:
            writer._write_block()
        _fill_block(writer, postings, start, min(start + limit, count), lengths)


def _fill_block(writer, postings, start, end, lengths):
    """Set the writer's buffered block to postings[start:end] with its statistics."""
    docs = postings.docs[start:end]
    weights = postings.weights[start:end]
    writer._ids = docs
    writer._weights = array("f", weights)
    writer._values = postings.values_between(start, end)
    writer._maxweight = max(0, max(weights))
    writer._minlength, writer._maxlength = _length_range(docs, lengths)


def _length_range(docs, lengths):
    """(min, max) field length of the documents, as the writer's stats keep them: (None, 0) if none."""
    if lengths is None:
        return None, 0
    present = [b for b in map(lengths.__getitem__, docs) if b]
    if not present:
        return None, 0
    return byte_to_length(min(present)), byte_to_length(max(present))
