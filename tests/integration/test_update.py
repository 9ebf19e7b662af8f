"""Incremental reindex: only new and changed articles are analysed, and the result searches like a rebuild."""

import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import searchapp.indexing.build as build_module
import searchapp.indexing.update as update_module
from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexHome
from searchapp.indexing.update import update_index
from searchapp.reindex import main
from searchapp.search import SearchEngine

ROOT = Path(__file__).resolve().parents[2]
CHANGED, DELETED, ADDED = "001_6a3104368aca8f7d", "003_150bf815c1841948", "005_chuyen_doi_so"
QUERIES = ["", "hoc tap lam theo bac", "Mộc Hóa", "moc hoa", "chuyen doi so", "quokka", "01-KL/TW",
           "dang uy khoi", '"làm theo Bác"', "thi uy -que vo", "hoi nghi"]


def stored(home):
    ix = whoosh_index.open_dir(str(IndexHome(home).current()))
    with ix.searcher() as searcher:
        return sorted((dict(doc) for doc in searcher.all_stored_fields()), key=lambda d: d["id"])


def edit(corpus):
    """Change one article, delete one, add one."""
    page = corpus / f"{CHANGED}.txt"
    text = page.read_text(encoding="utf-8").replace("Thời gian qua, việc học", "Thời gian qua, cùng đàn quokka, việc học")
    page.write_text(text, encoding="utf-8")
    (corpus / f"{DELETED}.txt").unlink()
    (corpus / f"{ADDED}.txt").write_text("Chuyển đổi số ở Quảng Trị\n\nTỉnh Quảng Trị tổng kết chuyển đổi số và kinh tế số.\n",
                                         encoding="utf-8")


def results(engine, query):
    """Everything a search answers except timing, with hits as {id: score} (ties may order differently)."""
    out = engine.search({"q": query, "per_page": 50})
    out.pop("took_ms")
    out["hits"] = {hit["id"]: (hit["score"], hit["snippet"]) for hit in out["hits"]}
    return out


@pytest.fixture()
def analysed(monkeypatch):
    """The ids of the articles analysed (to_document called) during the test, in order."""
    seen = []

    def recording(article):
        seen.append(article.id)
        return to_document(article)

    to_document = build_module.to_document
    monkeypatch.setattr(build_module, "to_document", recording)
    return seen


@pytest.mark.parametrize("merge", [False, True])
def test_update_analyses_only_the_changes_and_searches_like_a_rebuild(tmp_path, analysed, monkeypatch, merge):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    home = tmp_path / "ix"
    build_index([str(corpus)], home, jobs=1)
    edit(corpus)
    del analysed[:]
    if merge:  # the old segment and the new one are both small: merged, deletions expunged
        monkeypatch.setattr(update_module, "MAX_SMALL_SEGMENTS", 1)
    summary = update_index([str(corpus)], home, jobs=1)
    assert analysed == [CHANGED, ADDED]
    assert (summary.incremental, summary.added, summary.changed, summary.deleted, summary.unchanged,
            summary.indexed) == (True, 1, 1, 1, 3, 5)
    rebuilt = tmp_path / "rebuilt"
    build_index([str(corpus)], rebuilt, jobs=1)
    assert stored(home) == stored(rebuilt)

    engine, reference = SearchEngine(home), SearchEngine(rebuilt)
    arrays = engine._index()[2]
    assert (arrays.count, arrays.live_count, len(arrays.leaves)) == ((5, 5, 1) if merge else (7, 5, 2))
    for query in QUERIES:
        assert results(engine, query) == results(reference, query), query
    assert list(results(engine, "quokka")["hits"]) == [CHANGED]
    assert [h["id"] for h in engine.search({"q": ""})["hits"]] == [CHANGED, "004_852d480e45eae4e5",
                                                                  "000_d9b8657bc8fd347a", "002_0836816378347a55", ADDED]
    assert engine.article(DELETED) is None
    assert engine.article(ADDED)["title"] == "Chuyển đổi số ở Quảng Trị"


def test_the_served_build_is_left_untouched(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    home = tmp_path / "ix"
    build_index([str(corpus)], home, jobs=1)
    before_dir, before = IndexHome(home).current(), stored(home)
    served = SearchEngine(home)
    open_searcher = served.searcher()  # a request in flight on the previous build
    assert served.search({"q": "quokka"})["total"] == 0
    edit(corpus)
    update_index([str(corpus)], home, jobs=1)
    assert IndexHome(home).current() != before_dir
    assert sorted((dict(d) for d in open_searcher.all_stored_fields()), key=lambda d: d["id"]) == before
    ix = whoosh_index.open_dir(str(before_dir))
    with ix.searcher() as searcher:
        assert sorted((dict(d) for d in searcher.all_stored_fields()), key=lambda d: d["id"]) == before
    assert served.search({"q": "quokka"})["total"] == 1  # the next request follows the swap


def test_cli_updates_by_default_and_rebuilds_with_full(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    home = tmp_path / "ix"
    args = ["--corpus", str(corpus), "--index", str(home), "--jobs", "1"]
    assert main(args) == 0
    first = IndexHome(home).current()
    assert main(args) == 0
    assert "updated the index: 0 added, 0 changed, 0 deleted, 5 unchanged (5 articles), skipped 0" in capsys.readouterr().err
    assert IndexHome(home).current() == first  # nothing changed: the same build stays
    edit(corpus)
    assert main(args) == 0
    assert "updated the index: 1 added, 1 changed, 1 deleted, 3 unchanged (5 articles), skipped 0" in capsys.readouterr().err
    assert main(args + ["--full"]) == 0
    assert "indexed 5 articles, skipped 0, warnings 0" in capsys.readouterr().err
    assert [d["id"] for d in stored(home)] == sorted([CHANGED, ADDED, "000_d9b8657bc8fd347a", "002_0836816378347a55",
                                                      "004_852d480e45eae4e5"])
