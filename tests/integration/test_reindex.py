"""python -m searchapp.reindex end to end: summary, exit status, atomic swap, kills, determinism."""

import multiprocessing
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexBusy, IndexHome
from searchapp.indexing.manifest import MANIFEST, check_manifest
from searchapp.reindex import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
KILLS = 5


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


def complete_index(home):
    """The stored documents of the current build, after checking it is complete (manifest and lock)."""
    current = IndexHome(home).current()
    assert check_manifest(current) is None and (current / MANIFEST).exists()
    IndexHome(home).lock().close()  # a killed run holds no lock
    return stored(home)


def run_reindex_in_child(argv, patch=None):
    """A forked child (no interpreter start-up to wait for) in its own process group, running the reindex CLI."""
    def child():
        os.setsid()
        if patch:
            patch()
        sys.exit(main(argv))

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    return proc


def test_reindex_killed_at_random_moments_leaves_a_complete_index(tmp_path):
    """kill -9 at random moments of reindexes: the served index is always a complete one, old or new."""
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    seed_docs = stored(home)
    many = tmp_path / "many.jsonl"
    with open(many, "w", encoding="utf-8") as handle:
        for i in range(300):
            handle.write('{"id": "b%d", "body": "Hội nghị học tập và làm theo Bác lần %d. %s"}\n' % (i, i, "Nội dung. " * 40))
    seed = random.randrange(1_000_000)
    delays = [random.Random(seed + i).uniform(0.05, 3.0) for i in range(KILLS)]
    for delay in delays:
        proc = run_reindex_in_child(["--corpus", str(many), "--index", str(home), "--quiet", "--jobs", "2"])
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.join()
        docs = complete_index(home)
        assert docs == seed_docs or [d["id"] for d in docs] == sorted(f"b{i}" for i in range(300)), (seed, delay)
    summary = build_index([str(CORPUS)], home, jobs=1)  # the next run succeeds and cleans up
    assert summary.indexed == 5
    assert len(list(home.glob("build-*"))) == 2 and not list(home.glob(".current.*"))


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def kill_before_the_swap():  # manifest written, temporary link made
    import searchapp.indexing.home as home

    real_replace = os.replace
    home.os.replace = lambda src, dst: die() if str(dst).endswith("current") else real_replace(src, dst)


def kill_while_pruning():  # half of an old build deleted
    import searchapp.indexing.home as home

    def half_then_die(path, **kwargs):
        for name in sorted(os.listdir(path))[::2]:
            os.unlink(os.path.join(path, name))
        die()

    home.shutil.rmtree = half_then_die


KILL_AT = {
    "before the manifest": lambda: setattr(__import__("searchapp.indexing.build").indexing.build, "write_manifest", die),
    "before the swap": kill_before_the_swap,
    "after the swap": lambda: setattr(IndexHome, "prune", die),
    "while pruning": kill_while_pruning,
}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    home = tmp_path_factory.mktemp("two") / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    build_index([str(CORPUS)], home, jobs=1)  # two builds: the next one prunes the oldest
    return home


@pytest.mark.parametrize("moment", KILL_AT)
def test_reindex_killed_at_the_end_of_a_build(tmp_path, two_builds, moment):
    home = tmp_path / "ix"
    shutil.copytree(two_builds, home, symlinks=True)
    before, docs = IndexHome(home).current(), stored(home)
    proc = run_reindex_in_child(["--corpus", str(CORPUS), "--index", str(home), "--quiet", "--jobs", "1", "--full"],
                                KILL_AT[moment])
    proc.join()
    assert proc.exitcode == -signal.SIGKILL
    assert complete_index(home) == docs
    assert (IndexHome(home).current() == before) == (moment in ("before the manifest", "before the swap"))
    build_index([str(CORPUS)], home, jobs=1)  # the next run cleans up: two complete builds are left
    builds = sorted(home.glob("build-*"))
    assert len(builds) == 2 and all(check_manifest(b) is None and (b / MANIFEST).exists() for b in builds)
    assert not list(home.glob(".current.*"))


@pytest.mark.parametrize("moment", ["before the manifest", "before the swap"])
def test_update_killed_before_its_swap_leaves_the_served_index_alone(tmp_path, two_builds, moment):
    home = tmp_path / "ix"
    shutil.copytree(two_builds, home, symlinks=True)
    before, docs = IndexHome(home).current(), stored(home)
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "extra-1", "title": "Tin thêm", "body": "Hội nghị cán bộ xã."}\n', encoding="utf-8")
    argv = ["--corpus", str(CORPUS), "--corpus", str(extra), "--index", str(home), "--quiet", "--jobs", "1"]
    patch = {"before the manifest": lambda: setattr(__import__("searchapp.indexing.build").indexing.build,
                                                    "write_manifest", die),
             "before the swap": kill_before_the_swap}[moment]
    proc = run_reindex_in_child(argv, patch)
    proc.join()
    assert proc.exitcode == -signal.SIGKILL
    assert IndexHome(home).current() == before and complete_index(home) == docs
    assert main(argv) == 0  # the next update succeeds
    assert [d["id"] for d in stored(home)] == sorted([d["id"] for d in docs] + ["extra-1"])
