"""The grouped writer (writer.py, codec.py) writes what Whoosh's own writer writes: byte for byte, but for short blocks left uncompressed."""

import gc
import itertools
import pickle
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Phrase
from whoosh.writing import SegmentWriter

from searchapp.corpus.sources import read_corpus
from searchapp.indexing.build import build_index, open_writer
from searchapp.indexing.hot import HOT_FIELDS, HotPostings, hot_name
from searchapp.indexing.prepare import to_document
from searchapp.indexing.schema import build_schema
from searchapp.search.arrays import IndexArrays, _leaf_postings

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
    """Whoosh's own writer and posting pool."""
    return SegmentWriter(ix)


def both_builds(tmp_path, documents, monkeypatch, segments, hot=True):
    """(Whoosh's files, ours), the segments named alike in both."""
    built = []
    for name, make_writer in (("whoosh", whoosh_writer), ("grouped", open_writer)):
        names = itertools.count()
        monkeypatch.setattr("whoosh.codec.base.random_name", lambda size=16: f"{next(names):0{size}d}")
        (tmp_path / name).mkdir()
        built.append(build(tmp_path / name, documents, make_writer, segments))
    whoosh_files, grouped_files = built
    # Ours adds the hot postings (hot.py) of a segment with 256 or more postings of a term: 300 documents.
    hot = sorted(n for n in grouped_files if n.endswith(".hot"))
    segment_files = sorted({n.split("/")[0] for n in whoosh_files if "/" in n})
    assert hot == ([n.replace(".seg", ".hot") for n in segment_files] if segments == 1 and hot else [])
    assert sorted(whoosh_files) == sorted(n for n in grouped_files if n not in hot)
    assert len([n for n in whoosh_files if n.endswith(".pst")]) == segments
    return whoosh_files, grouped_files


@pytest.mark.parametrize("segments", [1, 3])
def test_same_bytes_as_whoosh_when_every_block_is_compressed(tmp_path, documents, monkeypatch, segments):
    monkeypatch.setattr("searchapp.indexing.codec.COMPRESS_FROM", 0)
    whoosh_files, grouped_files = both_builds(tmp_path, documents, monkeypatch, segments)
    assert [n for n in whoosh_files if whoosh_files[n] != grouped_files[n]] == []


def test_lone_postings_same_bytes_as_whoosh(tmp_path, documents, monkeypatch):
    monkeypatch.setattr("searchapp.indexing.codec.COMPRESS_FROM", 0)
    few = documents[:7]  # the five articles, two of them twice: most terms have one posting (the pool's tuples)
    whoosh_files, grouped_files = both_builds(tmp_path, few, monkeypatch, 1, hot=False)
    assert [n for n in whoosh_files if whoosh_files[n] != grouped_files[n]] == []
    read = postings_as_read(tmp_path / "grouped")
    assert (sum(stats[1] == 1 for stats, _ in read.values()), len(read)) == (2170, 4811)


def postings_as_read(directory):
    """Every term's statistics and postings (with their block's statistics), as Whoosh's reader gives them."""
    ix = whoosh_index.open_dir(str(directory))
    out = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for fieldname in sorted(set(f for f, _ in leaf.all_terms())):
                for term in leaf.lexicon(fieldname):
                    info = leaf.term_info(fieldname, term)
                    stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                             info.max_weight(), info.min_id(), info.max_id())
                    matcher, items = leaf.postings(fieldname, term), []
                    while matcher.is_active():
                        items.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_weight(),
                                      matcher.block_min_length(), matcher.block_max_length()))
                        matcher.next()
                    out[leaf.segment().segment_id(), fieldname, term] = (stats, items)
    ix.close()
    return out


@pytest.mark.parametrize("segments", [1, 3])
def test_same_files_as_whoosh_but_short_blocks_left_uncompressed(tmp_path, documents, monkeypatch, segments):
    whoosh_files, grouped_files = both_builds(tmp_path, documents, monkeypatch, segments)
    # Only the postings and the term table (which points into the postings) differ...
    differ = sorted({n.rsplit(".", 1)[1] for n in whoosh_files if whoosh_files[n] != grouped_files[n]})
    assert differ == ["pst", "trm"]
    pst = sorted(n for n in whoosh_files if n.endswith(".pst"))
    assert all(len(grouped_files[n]) < len(whoosh_files[n]) for n in pst)
    # ... and Whoosh's own reader reads the same terms, statistics and postings from both.
    ours, theirs = postings_as_read(tmp_path / "grouped"), postings_as_read(tmp_path / "whoosh")
    assert ours == theirs and len(ours) == {1: 5104, 3: 14_712}[segments]


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


def test_a_build_collects_garbage_rarely_and_restores_the_thresholds_even_when_it_fails(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr("searchapp.indexing.build._write", lambda *args: seen.append(gc.get_threshold()) or 1 / 0)
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError):
        build_index([str(ROOT / "corpus")], tmp_path / "ix", jobs=1)
    assert seen == [(100_000, 50, 100)]
    assert gc.get_threshold() == before


def hot_files(directory):
    return sorted(p.name for p in Path(directory).iterdir() if p.suffix == ".hot")


def test_hot_postings_are_the_segment_postings(tmp_path, documents, monkeypatch):
    monkeypatch.setattr("searchapp.indexing.hot.HOT_MIN", 64)
    build(tmp_path, documents, open_writer, segments=2)
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert hot_files(tmp_path) == sorted(hot_name(leaf.segment()) for leaf in leaves)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("hot-")] == []  # renamed, none left
        hot_terms = 0
        for leaf in leaves:
            hot = HotPostings(tmp_path / hot_name(leaf.segment()))
            for fieldname in ("title_f", "title_a", "body_f", "body_a", "body_p", "words"):
                for term in leaf.lexicon(fieldname):
                    term = term.decode("utf-8")
                    found = hot.get(fieldname, term)
                    if fieldname not in HOT_FIELDS or leaf.doc_frequency(fieldname, term) < 64:
                        assert found is None, (fieldname, term)
                        continue
                    ids, weights = _leaf_postings(leaf, fieldname, term)
                    assert found[0].dtype == ids.dtype and found[1].dtype == weights.dtype
                    assert found[0].tolist() == ids.tolist() and found[1].tolist() == weights.tolist()
                    hot_terms += 1
            assert len(hot) == sum(1 for f in HOT_FIELDS for t in leaf.lexicon(f) if leaf.doc_frequency(f, t) >= 64)
        # 150 documents a segment, 30 copies of each article: the words of 3 or more of the 5 articles.
        assert hot_terms == 1126
    ix.close()


def test_search_arrays_read_hot_postings_as_whoosh_blocks(tmp_path, documents, monkeypatch):
    monkeypatch.setattr("searchapp.indexing.hot.HOT_MIN", 64)
    build(tmp_path, documents, open_writer, segments=2)
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.searcher() as searcher:
        with_hot, without = IndexArrays(searcher, str(tmp_path)), IndexArrays(searcher)
        assert [h is not None for h in with_hot.hot] == [True, True] and without.hot == [None, None]
        for fieldname in HOT_FIELDS:
            for term in searcher.reader().lexicon(fieldname):
                a, b = with_hot.postings(fieldname, term.decode()), without.postings(fieldname, term.decode())
                assert a[0].tolist() == b[0].tolist() and a[1].tolist() == b[1].tolist()
    ix.close()


def test_a_merge_writes_the_merged_segment_hot_postings_and_drops_the_old(tmp_path, documents, monkeypatch):
    monkeypatch.setattr("searchapp.indexing.hot.HOT_MIN", 64)
    build(tmp_path, documents, open_writer, segments=2)
    before = hot_files(tmp_path)
    ix = whoosh_index.open_dir(str(tmp_path))
    writer = open_writer(ix)
    writer.add_document(**documents[0] | {"id": "extra"})
    writer.commit(optimize=True)  # Whoosh's own merge, through add_reader into our pool
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        assert hot_files(tmp_path) == [hot_name(leaf.segment())] and hot_files(tmp_path)[0] not in before
        ids = HotPostings(tmp_path / hot_name(leaf.segment())).get("body_f", "pho")[0]
        assert len(ids) == 121 and ids.tolist() == _leaf_postings(leaf, "body_f", "pho")[0].tolist()
    ix.close()
