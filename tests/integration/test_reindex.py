"""python -m searchapp.reindex end to end: summary, exit status, atomic swap, kills, determinism."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexBusy, IndexHome
from searchapp.reindex import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def stored(home):
    """Every stored document of the current index, sorted by id."""
    ix = whoosh_index.open_dir(str(IndexHome(home).current()))
    with ix.searcher() as searcher:
        return sorted((dict(doc) for doc in searcher.all_stored_fields()), key=lambda d: d["id"])


def test_cli_indexes_the_bundled_corpus(tmp_path, capsys):
    assert main(["--index", str(tmp_path / "ix"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "indexed 5 articles, skipped 0, warnings 0" in err
    docs = stored(tmp_path / "ix")
    assert [d["id"] for d in docs] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert docs[1]["title"] == "Vai trò nòng cốt trong triển khai học tập và làm theo Bác"
    assert docs[1]["author"] == "Thảo Nguyên"


def test_skipped_files_are_named_and_set_the_exit_status(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Tiêu đề bài viết về hội nghị của tỉnh\n\nNội dung.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    assert main(["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--jobs", "1", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"skipped: {corpus / 'empty.txt'}: empty file" in err
    assert [d["id"] for d in stored(tmp_path / "ix")] == ["ok"]


def test_nothing_indexable_keeps_the_previous_index(tmp_path, capsys):
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    before = IndexHome(home).current()
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["--corpus", str(empty), "--index", str(home), "--quiet"]) == 2
    assert "no article could be indexed; the previous index was kept" in capsys.readouterr().err
    assert IndexHome(home).current() == before and len(stored(home)) == 5


def test_reindex_of_unchanged_input_gives_the_same_content(tmp_path):
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=2)
    first_dir, first = IndexHome(home).current(), stored(home)
    build_index([str(CORPUS)], home, jobs=1)
    assert IndexHome(home).current() != first_dir
    assert stored(home) == first
    assert len(list(home.glob("build-*"))) == 2  # the new one and the previous one


def test_second_reindex_at_once_is_refused(tmp_path):
    home = IndexHome(tmp_path / "ix")
    with home.lock():
        try:
            build_index([str(CORPUS)], home.path, jobs=1)
        except IndexBusy as err:
            assert "another reindex is running" in str(err)
        else:
            raise AssertionError("the second reindex was not refused")


def test_killed_reindex_leaves_the_old_index_readable(tmp_path):
    """kill -9 at several moments of a long reindex: the served index stays the previous complete one."""
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    before, docs = IndexHome(home).current(), stored(home)
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as handle:
        for i in range(3000):
            handle.write('{"id": "b%d", "body": "Hội nghị học tập và làm theo Bác lần %d. %s"}\n' % (i, i, "Nội dung. " * 40))
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen([sys.executable, "-m", "searchapp.reindex", "--corpus", str(big),
                                 "--index", str(home), "--quiet", "--jobs", "2"], cwd=ROOT, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert IndexHome(home).current() == before
        assert stored(home) == docs
    summary = build_index([str(CORPUS)], home, jobs=1)  # the next run succeeds and cleans up
    assert summary.indexed == 5
    assert len(list(home.glob("build-*"))) == 2
