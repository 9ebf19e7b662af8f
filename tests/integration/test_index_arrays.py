"""The search side's view of an index: mapped storage and the bulk-read arrays agree with Whoosh."""

import json

import numpy as np
import pytest
from whoosh import index as whoosh_index

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexHome
from searchapp.search import SearchEngine
from searchapp.search.arrays import IndexArrays
from searchapp.search.facets import FACET_FIELDS
from searchapp.indexing.storage import open_for_reading


def test_mapped_storage_reads_what_whoosh_reads(seed_index):
    build = IndexHome(seed_index).current()
    plain, mapped = whoosh_index.open_dir(str(build)), open_for_reading(build)
    with plain.searcher() as a, mapped.searcher() as b:
        assert list(b.all_stored_fields()) == list(a.all_stored_fields())
        for fieldname in ("body_f", "title_a", "words"):
            assert list(b.reader().all_terms()) == list(a.reader().all_terms())
            for term in list(a.reader().lexicon(fieldname))[:50]:
                assert list(b.reader().postings(fieldname, term).items_as("frequency")) == \
                    list(a.reader().postings(fieldname, term).items_as("frequency"))
        assert b.document(id="003_150bf815c1841948")["title"] == a.document(id="003_150bf815c1841948")["title"]
    plain.close()
    mapped.close()


@pytest.mark.parametrize("opener", [whoosh_index.open_dir, open_for_reading], ids=["whoosh", "mapped"])
def test_arrays_match_whoosh_per_document(seed_index, opener):
    ix = opener(str(IndexHome(seed_index).current()))
    with ix.searcher() as searcher:
        arrays = IndexArrays(searcher)
        reader = searcher.reader()
        assert arrays.count == arrays.live_count == 5 and arrays.live.all()
        for fieldname, lengths in arrays.lengths.items():
            assert lengths.tolist() == [reader.doc_field_length(d, fieldname) or 0 for d in range(5)]
        # Title token counts 23, 13, 29, 16, 15, as Whoosh keeps them: one byte on a log scale.
        assert arrays.lengths["title_f"].tolist() == [23.0, 13.0, 30.0, 16.0, 16.0]
        for name in FACET_FIELDS:
            codes, values = arrays.facets[name]
            assert [values[c] for c in codes] == list(reader.column_reader(name))
        assert arrays.dates.tolist() == list(reader.column_reader("date"))
        assert arrays.day_numbers.tolist() == [int(d.replace("-", "")) if d else 0 for d in arrays.dates]
        assert np.array_equal(arrays.postings("body_f", "bac")[0],
                              np.array(sorted(searcher.document_numbers(body_f="bac"))))
        for fieldname, term in (("body_f", "khongco"), ("no_such_field", "bac")):
            assert [a.tolist() for a in arrays.postings(fieldname, term)] == [[], []]
            assert list(arrays._positions(fieldname, term, [0, 1, 2])) == []


def many_articles(tmp_path):
    """An index home of 300 articles: a common word's postings span three blocks of Whoosh's 128."""
    corpus = tmp_path / "corpus.jsonl"
    lines = []
    for n in range(300):
        body = f"Bài số {n}. Học tập và làm theo Bác." if n % 3 else f"Bác dạy học, tập {n} bài và làm theo."
        lines.append(json.dumps({"id": f"a{n:03d}", "title": f"Tin {n}", "body": body}, ensure_ascii=False))
    corpus.write_text("\n".join(lines), encoding="utf-8")
    home = tmp_path / "index"
    build_index([str(corpus)], home, jobs=1)
    return home


def test_phrase_positions_agree_with_whoosh_over_many_blocks(tmp_path):
    home = many_articles(tmp_path)
    ix = whoosh_index.open_dir(str(IndexHome(home).current()))
    with ix.searcher() as searcher:
        arrays = IndexArrays(searcher)
        candidates = list(range(0, 300, 7))
        for term in ("hoc", "bac", "bai"):
            m = searcher.reader().postings("body_f", term)
            expected = {}
            while m.is_active():
                if m.id() in candidates:
                    expected[m.id()] = m.value_as("positions")
                m.next()
            assert dict(arrays._positions("body_f", term, candidates)) == expected
        counts = arrays.phrase_counts("body_f", ["hoc", "tap", None, "lam"], candidates)
        assert sorted(counts) == [d for d in candidates if d % 3]
        assert set(counts.values()) == {1}
        starts = arrays.phrase_starts("body_f", ["hoc", "tap", None, "lam"], candidates)
        assert starts == {d: {3} for d in candidates if d % 3}  # "Bài số {n}. Học tập và làm"
        first = arrays.first_positions("body_f", "hoc", candidates)
        assert first == {d: 3 if d % 3 else 2 for d in candidates}  # "Bác dạy học, tập"


def test_phrases_from_pairs_and_positions_are_whoosh_phrases(seed_index):
    from whoosh import query as Q

    from searchapp.search.rank import Ranker, Weights

    ix = whoosh_index.open_dir(str(IndexHome(seed_index).current()))
    with ix.searcher() as searcher:
        ranker = Ranker(IndexArrays(searcher), searcher, Weights())
        for fieldname in ("title_f", "body_f"):
            for seq in (["hoc", "tap"], ["uy", "ban", "nhan", "dan"], ["hoc", "tap", "va", "lam", "theo", "bac"],
                        ["ban", "chap", "hanh"], ["dang", "uy", "khoi"], ["01", "kl", "tw"], ["tap", "hoc"]):
                expected = sorted(searcher.docs_for_query(Q.Phrase(fieldname, seq)))
                assert ranker._find_phrase(fieldname, seq).tolist() == expected, (fieldname, seq)
        assert ranker._find_phrase("body_f", ["dang", "uy", "khoi"]).tolist() == [2, 4]
        assert ranker._find_phrase("body_f", ["hoc", "tap", "va", "lam", "theo", "bac"]).tolist() == [0, 1, 2, 4]
        assert ranker._find_phrase("title_f", ["01", "kl", "tw"]).tolist() == [0, 3]


def test_the_engine_reads_compact_records_as_whoosh_matchers_give_them(tmp_path, monkeypatch):
    engine = SearchEngine(many_articles(tmp_path))
    searcher, arrays = engine._view()
    queries = ("hoc tap", "Bác", '"lam theo bac"', "hoc tap lam theo bac tin")
    direct = [engine.search({"q": q, "per_page": "50"}) for q in queries]
    assert [r["total"] for r in direct] == [300, 300, 200, 300]  # the phrase: not where "Bác" comes first
    # Now every posting and position through Whoosh's matchers (ListMatcher over the same records).
    monkeypatch.setattr("searchapp.search.arrays.CompactTermsReader", type("NotThisCodec", (), {}))
    plain = IndexArrays(searcher)
    for fieldname, term in (("body_f", "hoc"), ("body_a", "bác"), ("title_f", "tin"), ("body_f", "so")):
        ids, freqs = arrays.postings(fieldname, term)
        assert len(ids) == (200 if term == "so" else 300)
        assert ids.tolist() == plain.postings(fieldname, term)[0].tolist()
        assert freqs.tolist() == plain.postings(fieldname, term)[1].tolist()
    assert list(arrays._positions("body_f", "bac", [0, 1, 2, 299])) == list(plain._positions("body_f", "bac", [0, 1, 2, 299]))
    assert len(list(plain._positions("body_f", "bac", [0, 1, 2, 299]))) == 4
    everyone = list(range(300))
    assert arrays.first_positions("body_f", "hoc", everyone) == plain.first_positions("body_f", "hoc", everyone)
    arrays._cache.clear(), arrays._phrases.clear()
    through_matchers = [engine.search({"q": q, "per_page": "50"}) for q in queries]
    for a, b in zip(direct, through_matchers):
        assert [(h["id"], h["score"]) for h in a["hits"]] == [(h["id"], h["score"]) for h in b["hits"]]
