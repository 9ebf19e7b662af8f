"""Hot postings: a segment's long posting lists as plain arrays, beside Whoosh's own blocks.

Reading a frequent word's postings from Whoosh means unpickling and unzipping every 128-posting
block (about 1 us a posting: 60-80 ms for a common syllable of the 84k index), and each server
process pays it again for every word it meets the first time. The writer has these postings as
arrays anyway, so it also writes, per segment, those of the syllable fields' terms with at least
HOT_MIN postings into `<segment>.hot`: document numbers and frequencies, read later with no decoding
from a memory map. Whoosh's files stay as they are (and Whoosh deletes this file with its segment:
the name matches its segment file pattern). Without the file, search reads the blocks as before.

Layout: MAGIC, the header's length (4 bytes, little-endian), the header (JSON: the dtypes and,
per field, [term, first, count] rows), padding to 8 bytes, the document numbers, padding, the
frequencies.
"""

import json
import mmap
import struct

import numpy as np

from .pool import posting_count

MAGIC = b"SAHOT\x01"
HOT_FIELDS = ("title_f", "title_a", "body_f", "body_a")  # where queries spend their first reads
HOT_MIN = 256  # postings in the segment: two blocks or more
EXTENSION = ".hot"


def _pad(n):
    return -n % 8


def _id_type(top):
    return np.dtype("<u2") if top < 2**16 else np.dtype("<u4")


def _weight_type(top, integral):
    """The narrowest dtype holding the frequencies exactly (whole numbers, boosts aside)."""
    if integral and top < 2**8:
        return np.dtype("u1")
    if integral and top < 2**16:
        return np.dtype("<u2")
    return np.dtype("<u4") if integral else np.dtype("<f4")


def write_hot(handle, pool_fields):
    """Write the .hot file of a segment from its pool's {field: {term bytes: postings}}; False if none is hot.

    Term by term, straight from the pool's arrays: the pool is at its largest when this runs.
    """
    chosen = [(fieldname, tbytes, pool_fields[fieldname][tbytes])
              for fieldname in sorted(set(HOT_FIELDS) & set(pool_fields))
              for tbytes in sorted(t for t, p in pool_fields[fieldname].items() if posting_count(p) >= HOT_MIN)]
    if not chosen:
        return False
    rows, total, top_id, top_weight, integral = {}, 0, 0, 0.0, True
    for fieldname, tbytes, postings in chosen:
        docs, weights = np.asarray(postings.docs), np.asarray(postings.weights)
        rows.setdefault(fieldname, []).append([tbytes.decode("utf-8"), total, len(docs)])
        total += len(docs)
        top_id, top_weight = max(top_id, int(docs.max())), max(top_weight, float(weights.max()))
        integral = integral and bool(np.all(weights == np.floor(weights))) and weights.min() >= 0
    id_type, weight_type = _id_type(top_id), _weight_type(top_weight, integral)
    header = json.dumps({"ids": id_type.str, "weights": weight_type.str, "count": total, "terms": rows},
                        ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    start = len(MAGIC) + 4 + len(header)
    handle.write(MAGIC + struct.pack("<I", len(header)) + header + b"\0" * _pad(start))
    for _, _, postings in chosen:
        handle.write(np.asarray(postings.docs).astype(id_type).tobytes())
    handle.write(b"\0" * _pad(total * id_type.itemsize))
    for _, _, postings in chosen:
        handle.write(np.asarray(postings.weights).astype(weight_type).tobytes())
    return True


class HotPostings:
    """A .hot file, mapped: get(field, term) -> (doc numbers int64, frequencies float32) or None."""

    def __init__(self, path):
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path} is not a hot postings file")
        (size,) = struct.unpack_from("<I", self._map, len(MAGIC))
        start = len(MAGIC) + 4
        header = json.loads(self._map[start : start + size].decode("utf-8"))
        count = header["count"]
        id_type, weight_type = np.dtype(header["ids"]), np.dtype(header["weights"])
        start += size + _pad(start + size)
        self._ids = np.frombuffer(self._map, dtype=id_type, count=count, offset=start)
        start += count * id_type.itemsize
        start += _pad(start)
        self._weights = np.frombuffer(self._map, dtype=weight_type, count=count, offset=start)
        self._terms = {(field, term): (first, n) for field, rows in header["terms"].items()
                       for term, first, n in rows}

    def get(self, fieldname, term):
        found = self._terms.get((fieldname, term))
        if found is None:
            return None
        first, n = found
        return (self._ids[first : first + n].astype(np.int64),
                self._weights[first : first + n].astype(np.float32))

    def __len__(self):
        return len(self._terms)


def hot_name(segment):
    """The .hot file name of a Whoosh segment."""
    return segment.make_filename(EXTENSION)
