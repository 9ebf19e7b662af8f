"""The parallel build (indexing/shards.py): workers writing their own segments give the index a single process gives."""

import errno
import json
import os
import random
import signal
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import searchapp.indexing.build as build_module
import searchapp.indexing.shards as shards
from searchapp.indexing.build import BuildError, build_index
from searchapp.indexing.home import IndexHome
from searchapp.reindex import main
from searchapp.search import SearchEngine

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
QUERIES = ("hoc tap lam theo bac", "Thị uỷ", "dang uy khoi", "01-KL/TW", "hội nghị", "chiem hoa")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed pages and 160 articles made of their lines, with a duplicate id and a broken record."""
    lines = [line for path in sorted(CORPUS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    rng = random.Random(5)
    records = [{"id": f"m{i:03d}", "title": rng.choice(lines)[:120], "body": "\n".join(rng.sample(lines, 12))}
               for i in range(160)]
    base = tmp_path_factory.mktemp("shards")
    path = base / "many.jsonl"
    rows = [json.dumps(r, ensure_ascii=False) for r in records]
    rows[40] = '{"id": "broken", "body": '  # a bad line in the middle
    rows.insert(90, json.dumps({"id": "m007", "body": "Bài trùng mã."}, ensure_ascii=False))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [str(CORPUS), str(path)]


def built(home, corpus, jobs, monkeypatch, postings=20_000):
    """Build with `jobs` processes and small segments; (summary, stored documents by id, segment count)."""
    monkeypatch.setattr(build_module, "POSTINGS_PER_SEGMENT", postings)
    summary = build_index(corpus, home, jobs=jobs)
    ix = whoosh_index.open_dir(str(IndexHome(home).current()))
    with ix.searcher() as searcher:
        docs = sorted((dict(d) for d in searcher.all_stored_fields()), key=lambda d: d["id"])
    return summary, docs, len(ix._segments())


def ranked(home):
    """Each query's hits as (id, score), by score, then id (equal scores come in document order)."""
    engine = SearchEngine(home)
    out = {}
    for q in QUERIES:
        hits = [h for page in range(1, 5) for h in engine.search({"q": q, "per_page": "50", "page": str(page)})["hits"]]
        out[q] = sorted(((h["id"], h["score"]) for h in hits), key=lambda pair: (-pair[1], pair[0]))
    return out


def test_workers_build_the_index_one_process_builds(tmp_path, corpus, monkeypatch):
    one, docs_one, segments_one = built(tmp_path / "one", corpus, 1, monkeypatch)
    two, docs_two, segments_two = built(tmp_path / "two", corpus, 2, monkeypatch)
    assert one.indexed == two.indexed == 164  # 5 pages + 160 records - the broken line - the duplicate
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert [p.reason.split(":")[0] for p in two.problems] == ["not valid JSON (Expecting value", "duplicate id 'm007' (first in "
                                                              f"{corpus[1]}"]
    assert docs_two == docs_one
    assert segments_one >= 3 and segments_two >= 4  # each worker closed segments of its own
    assert ranked(tmp_path / "two") == ranked(tmp_path / "one")
    assert sum(map(len, ranked(tmp_path / "two").values())) == 892


def test_the_document_order_does_not_depend_on_timing(tmp_path, corpus, monkeypatch):
    orders = []
    for name in ("a", "b"):
        built(tmp_path / name, corpus, 2, monkeypatch)
        engine = SearchEngine(tmp_path / name)
        orders.append([h["id"] for page in ("1", "2") for h in engine.search({"q": "hoi nghi", "page": page})["hits"]])
    assert orders[0] == orders[1] and len(orders[0]) == 20


def test_a_worker_that_raises_fails_the_build_and_keeps_the_previous_index(tmp_path, corpus, monkeypatch):
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    before = IndexHome(home).current()
    real = shards.to_document

    def failing(article):
        if article.id == "m120":
            raise ValueError("no good")
        return real(article)

    monkeypatch.setattr(shards, "to_document", failing)
    with pytest.raises(ValueError, match="no good"):
        build_index(corpus, home, jobs=2)
    assert IndexHome(home).current() == before and [p.name for p in home.glob("build-*")] == [before.name]


def test_a_worker_that_dies_fails_the_build_with_a_reason(tmp_path, corpus, monkeypatch):
    real = shards.to_document

    def dying(article):
        if article.id == "m050":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(article)

    monkeypatch.setattr(shards, "to_document", dying)
    with pytest.raises(BuildError, match=r"an indexing worker process died \(exit status -9\)"):
        build_index(corpus, tmp_path / "ix", jobs=2)
    assert list((tmp_path / "ix").glob("build-*")) == []


def test_a_full_disk_in_a_worker_gives_the_clis_one_line_reason(tmp_path, corpus, monkeypatch, capsys):
    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shards._Shard, "_close", full)
    assert main(["--corpus", corpus[1], "--index", str(tmp_path / "ix"), "--jobs", "2", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"reindex failed: the disk is full; {tmp_path / 'ix'} is unchanged (its previous index, if any, is still served)")
