"""Where the bytes of an index go: per file type, per field (terms and postings), stored fields.

    python benchmarks/index_size.py /path/to/index-home [--sample 2000]

Sizes are read from the segments' compound directories and, per field, from the term table (its
blocks; the directory of first terms is counted in the file types only) and each term's record in
the postings file (compact codec), or from every term's entry and extent (W3 segments of older
builds). Stored fields are split by field from a sample of documents.
"""

import argparse
import pickle
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from whoosh.codec.whoosh3 import W3TermInfo  # noqa: E402
from whoosh.system import unpack_ushort  # noqa: E402

from searchapp.indexing.compact import CompactTermsReader  # noqa: E402
from searchapp.indexing.home import IndexHome  # noqa: E402
from searchapp.indexing.storage import open_for_reading  # noqa: E402

MB = 1e6


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", help="index home (with a `current` build)")
    parser.add_argument("--sample", type=int, default=2000, help="documents sampled to split stored fields")
    return parser.parse_args()


def file_types(leaves):
    """Bytes per kind of file inside the segments (term table, postings, stored, length and facet columns)."""
    sizes = defaultdict(int)
    for leaf, _ in leaves:
        files = leaf._storage.a  # the segment's compound storage (an overlay over the directory)
        for name in files.list():
            kind = name.split(".", 1)[1]
            if kind.endswith("_len.col"):
                kind = "field lengths (*_len.col)"
            elif kind.endswith(".col") and kind != "_stored.col":
                kind = "facet and date columns (*.col)"
            sizes[kind] += files.file_length(name)
    return sizes


def per_field(leaves):
    """field -> [terms, terms-file bytes, postings-file bytes, postings]."""
    out = defaultdict(lambda: [0, 0, 0, 0])
    for leaf, _ in leaves:
        terms = leaf._terms
        if isinstance(terms, CompactTermsReader):
            compact_per_field(terms._table, out)
            continue
        names = {number: name for name, number in terms._fieldmap.items()}
        for key, value in terms._tindex.items():
            row = out[names[unpack_ushort(key[:2])[0]]]
            info = W3TermInfo.from_bytes(value)
            row[0] += 1
            row[1] += len(key) + len(value)
            if not info.is_inlined():
                length = info.extent()[1]
                row[2] += length[0] if isinstance(length, tuple) else length  # Whoosh leaves it a 1-tuple
            row[3] += info.doc_frequency()
    return out


def compact_per_field(table, out):
    """per_field() for a compact segment: a field's blocks run to the next field's (or the directory)."""
    starts = sorted((terms._blocks[0], name) for name, terms in table.fields.items() if terms.count)
    ends = [start for start, _ in starts[1:]] + [table.directory_start]
    for (start, name), end in zip(starts, ends):
        row = out[name]
        for _, doc_freq, _, length in table.iter_from(name):
            row[0] += 1
            row[2] += length
            row[3] += doc_freq
        row[1] += end - start


def stored_split(reader, sample):
    """field -> share of the pickled stored dicts, from `sample` documents spread over the index."""
    sizes = defaultdict(int)
    ids = list(reader.all_doc_ids())
    step = max(1, len(ids) // sample)
    for docnum in ids[::step]:
        for name, value in reader.stored_fields(docnum).items():
            sizes[name] += len(pickle.dumps({name: value}, -1))
    total = sum(sizes.values())
    return {name: size / total for name, size in sizes.items()}


def main():
    args = parse_args()
    build = IndexHome(args.index).current()
    ix = open_for_reading(build)
    reader = ix.reader()
    leaves = list(reader.leaf_readers())
    on_disk = sum(f.stat().st_size for f in build.iterdir() if f.is_file())
    text = 0
    for _, fields in reader.iter_docs():
        text += len(fields.get("title", "").encode("utf-8")) + len(fields.get("body", "").encode("utf-8"))
    print(f"{build}: {reader.doc_count()} documents ({reader.doc_count_all()} with deleted ones), "
          f"{len(leaves)} segments, {on_disk / MB:.0f} MB on disk; text (title and body, UTF-8) "
          f"{text / MB:.0f} MB; ratio {on_disk / text:.1f}x\n")

    kinds = file_types(leaves)
    print(f"{'file type':<34} {'MB':>8} {'share':>6}")
    for kind, size in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"{kind:<34} {size / MB:8.1f} {100 * size / on_disk:5.1f}%")

    print(f"\n{'field':<12} {'terms':>10} {'postings':>11} {'terms MB':>8} {'posts MB':>8} {'total MB':>9} "
          f"{'B/posting':>9}")
    for name, (count, trm, pst, postings) in sorted(per_field(leaves).items(), key=lambda kv: -(kv[1][1] + kv[1][2])):
        print(f"{name:<12} {count:10d} {postings:11d} {trm / MB:8.1f} {pst / MB:8.1f} {(trm + pst) / MB:9.1f} "
              f"{(trm + pst) / max(1, postings):9.1f}")

    stored = kinds.get("_stored.col", 0)
    print(f"\nstored fields ({stored / MB:.1f} MB), split by field from a sample:")
    for name, share in sorted(stored_split(reader, args.sample).items(), key=lambda kv: -kv[1]):
        print(f"  {name:<16} {share * stored / MB:8.1f} MB")


if __name__ == "__main__":
    main()
