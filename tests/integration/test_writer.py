"""The grouped writer and the compact codec (writer.py, compact.py): Whoosh reads back what its own writer writes, in a fraction of the bytes."""

import gc
import itertools
import pickle
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh import scoring
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Phrase, Term
from whoosh.writing import SegmentWriter

from searchapp.corpus.sources import read_corpus
from searchapp.indexing.build import build_index, open_writer
from searchapp.indexing.prepare import to_document
from searchapp.indexing.schema import build_schema
from searchapp.indexing.compact import CompactTermsReader
from searchapp.search.arrays import _leaf_postings

ROOT = Path(__file__).resolve().parents[2]
COPIES = 60  # 300 documents: frequent terms then span three 128-posting blocks


@pytest.fixture(scope="module")
def documents():
    """The bundled corpus's prepared documents, COPIES times over under new ids.

    Each copy goes through pickle, as documents come from the workers: shared value objects would
    let pickle memoize them inside a block, which real documents never do.
    """
    prepared = [to_document(article) for article, _ in read_corpus([str(ROOT / "corpus")]) if article]
    assert len(prepared) == 5
    return [pickle.loads(pickle.dumps(dict(doc, id=f"{doc['id']}-{n}"))) for n in range(COPIES) for doc in prepared]


def build(directory, documents, make_writer, segments=1):
    """An index of documents in directory, written in `segments` commits; its contents (see contents)."""
    ix = whoosh_index.create_in(str(directory), build_schema())
    size = -(-len(documents) // segments)
    for start in range(0, len(documents), size):
        writer = make_writer(ix)
        for doc in documents[start:start + size]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    ix.close()
    return contents(directory)


def contents(directory):
    """Each file's bytes by name, a segment's compound file as the bytes of each file in it.

    The compound file itself also records its members' modification times, in the order
    os.listdir gives them: those two legitimately differ between two builds.
    """
    storage = FileStorage(str(directory))
    files = {}
    for name in sorted(storage.list()):
        with storage.open_file(name) as handle:
            if not name.endswith(".seg"):
                files[name] = handle.read()
                continue
            compound = CompoundStorage(handle, use_mmap=False)
            for member in sorted(compound.list()):
                with compound.open_file(member) as inner:
                    files[f"{name}/{member}"] = inner.read()
    return files


def whoosh_writer(ix):
    """Whoosh's own writer, posting pool and W3 codec."""
    return SegmentWriter(ix)


def both_builds(tmp_path, documents, monkeypatch, segments):
    """(Whoosh's files, ours), the segments named alike in both."""
    built = []
    for name, make_writer in (("whoosh", whoosh_writer), ("grouped", open_writer)):
        names = itertools.count()
        monkeypatch.setattr("whoosh.codec.base.random_name", lambda size=16: f"{next(names):0{size}d}")
        (tmp_path / name).mkdir()
        built.append(build(tmp_path / name, documents, make_writer, segments))
    return built


def postings_as_read(directory):
    """Every term's statistics and postings as Whoosh's reader gives them, by segment number.

    Field lengths per term (W3's min and max length bytes) are not kept by the compact codec.
    """
    ix = whoosh_index.open_dir(str(directory))
    out = {}
    with ix.reader() as reader:
        for number, (leaf, _) in enumerate(reader.leaf_readers()):
            for fieldname in sorted(set(f for f, _ in leaf.all_terms())):
                for term in leaf.lexicon(fieldname):
                    info = leaf.term_info(fieldname, term)
                    stats = (info.weight(), info.doc_frequency(), info.max_weight(), info.min_id(), info.max_id(),
                             leaf.frequency(fieldname, term), leaf.doc_frequency(fieldname, term))
                    matcher, items = leaf.postings(fieldname, term), []
                    while matcher.is_active():
                        items.append((matcher.id(), matcher.weight(), matcher.value()))
                        matcher.next()
                    out[number, fieldname, term] = (stats, items)
    ix.close()
    return out


@pytest.mark.parametrize("segments", [1, 3])
def test_whoosh_reads_from_the_compact_codec_what_its_own_writer_wrote(tmp_path, documents, monkeypatch, segments):
    whoosh_files, grouped_files = both_builds(tmp_path, documents, monkeypatch, segments)
    ours, theirs = postings_as_read(tmp_path / "grouped"), postings_as_read(tmp_path / "whoosh")
    assert ours == theirs and len(ours) == {1: 5104, 3: 14_712}[segments]
    # Positions are varint gaps (VarintPositions), in both: the schema's format encodes them.
    assert theirs[0, "body_f", b"pho"][1][0] == (0, 2.0, bytes([106, 14]))  # at 106 and 120
    # The same stored fields, columns and lengths; the term table and postings in other files.
    differ = sorted({n.rsplit(".", 1)[1] for n in set(whoosh_files) ^ set(grouped_files)})
    assert differ == ["pst", "sap", "sat", "trm"]
    same_names = set(whoosh_files) & set(grouped_files)
    # The table of contents differs only by the codec it names (pickled in each segment's entry).
    assert [n for n in sorted(same_names) if grouped_files[n] != whoosh_files[n]] == [f"_MAIN_{segments}.toc"]
    assert b"CompactCodec" in grouped_files[f"_MAIN_{segments}.toc"]


def test_lone_postings_are_read_back_as_whoosh_wrote_them(tmp_path, documents, monkeypatch):
    few = documents[:7]  # the five articles, two of them twice: most terms have one posting (the pool's tuples)
    both_builds(tmp_path, few, monkeypatch, 1)
    ours, theirs = postings_as_read(tmp_path / "grouped"), postings_as_read(tmp_path / "whoosh")
    assert ours == theirs
    assert (sum(stats[1] == 1 for stats, _ in ours.values()), len(ours)) == (2170, 4811)


def test_a_stock_reader_finds_what_was_written(tmp_path, documents):
    build(tmp_path, documents, open_writer, segments=2)
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 300
        # "phố" is in the bodies of the 1st and 3rd articles: every copy, over both segments.
        assert list(searcher.postings("body_f", "pho").all_ids()) == [n for n in range(300) if n % 5 in (0, 2)]
        # Positions: "nghị quyết" as a phrase is in the 2nd, 3rd and 4th articles.
        hits = searcher.search(Phrase("body_f", ["nghi", "quyet"]), limit=None)
        assert sorted(hit.docnum for hit in hits) == [n for n in range(300) if n % 5 in (1, 2, 3)]
        # nghị, nghĩ; nghĩa; nghiêm, nghiệm; nghiên; nghiệp (terms_from: across term-table blocks)
        assert list(searcher.reader().expand_prefix("body_f", "nghi")) == [b"nghi", b"nghia", b"nghiem", b"nghien", b"nghiep"]
        assert searcher.document(id="000_d9b8657bc8fd347a-7")["id"] == "000_d9b8657bc8fd347a-7"
    ix.close()


def test_a_merge_goes_through_whoosh_into_a_compact_segment(tmp_path, documents):
    build(tmp_path, documents, open_writer, segments=2)
    before = postings_as_read(tmp_path)
    ix = whoosh_index.open_dir(str(tmp_path))
    writer = open_writer(ix)
    writer.add_document(**documents[0] | {"id": "extra"})
    writer.commit(optimize=True)  # Whoosh's own merge, through add_reader into our pool
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        assert isinstance(leaf._terms, CompactTermsReader)
        ids = _leaf_postings(leaf, "body_f", "pho")[0]
        # The new document comes first (number 0), the merged segments after it.
        assert ids.tolist() == [0] + [n + 1 for n in range(300) if n % 5 in (0, 2)]
    ix.close()
    after = postings_as_read(tmp_path)
    # Every posting of the two segments (150 documents each), one number further on, after the new
    # document's (document 0's).
    merged = {}
    for (segment, fieldname, term), (_, items) in sorted(before.items()):
        merged.setdefault((fieldname, term), []).extend((150 * segment + n + 1, w, v) for n, w, v in items)
    expected = {key: [(0,) + item[1:] for item in items if item[0] == 1] + items for key, items in merged.items()}
    assert {(f, t): items for (_, f, t), (_, items) in after.items() if f != "id"} == \
        {key: items for key, items in expected.items() if key[0] != "id"}
    assert len(after) == len(merged) + 1  # the new id


def test_a_build_collects_garbage_rarely_and_restores_the_thresholds_even_when_it_fails(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr("searchapp.indexing.build._write", lambda *args: seen.append(gc.get_threshold()) or 1 / 0)
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError):
        build_index([str(ROOT / "corpus")], tmp_path / "ix", jobs=1)
    assert seen == [(100_000, 50, 100)]
    assert gc.get_threshold() == before


def test_whoosh_scoring_and_counts_over_segments_without_a_term_and_with_a_field_boost(tmp_path):
    schema = Schema(id=ID(stored=True), t=TEXT(phrase=False, field_boost=1.1))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    for text in ("alpha alpha alpha beta", "gamma"):
        writer = open_writer(ix)
        writer.add_document(id=text.split()[0], t=text)
        writer.commit(merge=False)
    # PL2 sums a term's frequency over the segments: the second one lacks "alpha" (W3 gives 0 there).
    with ix.searcher(weighting=scoring.PL2()) as searcher:
        assert [hit["id"] for hit in searcher.search(Term("t", "alpha"))] == ["alpha"]
        reader = searcher.reader()
        assert reader.frequency("t", "zzz") == 0
        assert reader.frequency("t", "alpha") == pytest.approx(3.3)
        # 3 x 1.1 kept as float32 is 3.29999995 and gives 2 over 1.1: the count is kept as bytes then.
        assert reader.postings("t", "alpha").value_as("frequency") == 3
        assert reader.postings("t", "beta").value_as("frequency") == 1
    ix.close()
