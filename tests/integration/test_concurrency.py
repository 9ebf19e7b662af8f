"""Searches from several threads against a live server while `python -m searchapp.reindex` swaps the index.

Every response must be a 200 with exactly the old or the new answer, never going back to an older
one, while builds are swapped in and pruned under the server. Two reindexes at once: the second
stops with a clear message and the index stays complete.
"""

import gc
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexHome
from searchapp.indexing.manifest import check_manifest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SEED_QUERY = "/api/search?q=hoc+tap+lam+theo+bac&per_page=5"
NEW_QUERY = "/api/search?q=xyzzy&sort=date&per_page=50"
ARTICLE = "/api/articles/001_6a3104368aca8f7d"
SWAPS = 2  # reindexes while the threads search: the first build is pruned under the server at the second
THREADS = 3


def extra_corpus(path, count):
    """count articles that only the query NEW_QUERY finds (ids e0.., newest last)."""
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"e{i}", "title": f"Kiểm thử đồng thời xyzzy số {i}",
                                     "body": "Bài kiểm thử xyzzy của chỉ mục.", "date": f"2025-01-{i + 1:02d}"},
                                    ensure_ascii=False) + "\n")


@pytest.fixture()
def live_home(tmp_path):
    """A live threaded server over an index home of the seed corpus: (base url, home)."""
    from werkzeug.serving import make_server

    from searchapp import create_app

    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(home)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", home
    server.shutdown()
    thread.join(timeout=10)


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read()[:300]


def searcher_loop(base, stop, log, errors):
    """Search until stopped; log how many new articles each answer had, collect anything wrong."""
    seed_answer = None
    while not stop.is_set():
        try:
            for path in (SEED_QUERY, NEW_QUERY, ARTICLE):
                status, body = get(base, path)
                if status != 200:
                    errors.append((path, status, body))
                    continue
                if path == SEED_QUERY:
                    ids = [hit["id"] for hit in body["hits"]]
                    seed_answer = seed_answer or ids
                    if ids != seed_answer:
                        errors.append((path, "changed", ids))
                elif path == NEW_QUERY:
                    ids = [hit["id"] for hit in body["hits"]]
                    if ids != [f"e{i}" for i in reversed(range(len(ids)))] or body["total"] != len(ids):
                        errors.append((path, "wrong", body["total"], ids))
                    log.append(len(ids))
                elif body["title"] != "Vai trò nòng cốt trong triển khai học tập và làm theo Bác":
                    errors.append((path, "wrong", body["title"]))
        except Exception as err:  # a refused connection, a timeout: all errors for this test
            errors.append(("exception", repr(err)))
        time.sleep(0.01)  # leave the reindex some CPU on a 2-core machine


def test_searches_during_reindexes_and_swaps_see_no_error(live_home, tmp_path):
    base, home = live_home
    stop, errors = threading.Event(), []
    logs = [[] for _ in range(THREADS)]
    threads = [threading.Thread(target=searcher_loop, args=(base, stop, log, errors)) for log in logs]
    for thread in threads:
        thread.start()
    try:
        for swap in range(1, SWAPS + 1):
            extra = tmp_path / f"extra{swap}.jsonl"
            extra_corpus(extra, 2 * swap)
            done = subprocess.run([sys.executable, "-m", "searchapp.reindex", "--corpus", str(CORPUS),
                                   "--corpus", str(extra), "--index", str(home), "--quiet", "--jobs", "1"],
                                  cwd=ROOT, capture_output=True, text=True)
            assert (done.returncode, done.stderr) == (0, "")
            seen = sum(len(log) for log in logs)
            deadline = time.monotonic() + 30
            while sum(len(log) for log in logs) < seen + 2 * THREADS and time.monotonic() < deadline:
                time.sleep(0.05)  # a few answers from the new index before the next swap
        deadline = time.monotonic() + 60
        while sum(len(log) for log in logs) <= 20 * THREADS and time.monotonic() < deadline:
            time.sleep(0.05)  # a loaded machine answers fewer during the reindexes: enough answers in all
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    answers = sum(len(log) for log in logs)
    print(f"{answers * 3} requests from {THREADS} threads during {SWAPS} reindexes: {len(errors)} errors")
    assert errors == []
    assert answers > 20 * THREADS
    for log in logs:
        assert log == sorted(log), "an answer from an older index after a newer one"
        assert set(log) <= {2 * swap for swap in range(SWAPS + 1)} and log[-1] == 2 * SWAPS
    assert len(list(home.glob("build-*"))) == 2  # the first two builds were pruned under the server
    gc.collect()
    deleted = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
               if os.path.exists(f"/proc/self/fd/{fd}") and "(deleted)" in os.readlink(f"/proc/self/fd/{fd}")]
    assert [d for d in deleted if str(home) in d] == []  # pruned builds do not stay open


# The reindex CLI, pausing once it holds the lock and has started its build, until a file appears.
PAUSED_REINDEX = """
import os, sys, time
from pathlib import Path
import searchapp.indexing.home as home
from searchapp.reindex import main

go = Path(sys.argv.pop(1))
real_new_build = home.IndexHome.new_build

def new_build(self):
    build = real_new_build(self)
    while not go.exists():
        time.sleep(0.02)
    return build

home.IndexHome.new_build = new_build
sys.exit(main(sys.argv[1:]))
"""


def test_two_reindexes_at_once(tmp_path):
    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    before = IndexHome(home).current()
    go = tmp_path / "go"
    args = ["--corpus", str(CORPUS), "--index", str(home), "--quiet", "--jobs", "1", "--full"]
    first = subprocess.Popen([sys.executable, "-c", PAUSED_REINDEX, str(go)] + args, cwd=ROOT,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list(home.glob("build-*"))) < 2 and time.monotonic() < deadline:  # it holds the lock
        time.sleep(0.02)
    second = subprocess.run([sys.executable, "-m", "searchapp.reindex"] + args, cwd=ROOT, capture_output=True,
                            text=True)
    assert (second.returncode, second.stderr) == (
        2, f"reindex failed: another reindex is running on {home}; wait for it to finish\n")
    assert IndexHome(home).current() == before and check_manifest(before) is None  # nothing changed
    go.touch()
    assert first.wait(timeout=120) == 0 and first.stderr.read() == ""
    current = IndexHome(home).current()
    assert current != before and check_manifest(current) is None
    assert len(list(home.glob("build-*"))) == 2


def without_time(result):
    return {k: v for k, v in result.items() if k != "took_ms"}


@pytest.mark.parametrize("q", ["xyzzy", "hoc tap", ""])
def test_a_swap_in_the_middle_of_a_search_does_not_mix_two_builds(tmp_path, monkeypatch, q):
    """The index is looked up once per search: its searcher and its arrays come from the same build."""
    from searchapp.search import SearchEngine

    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    old = IndexHome(home).current()
    extra = tmp_path / "extra.jsonl"
    extra_corpus(extra, 4)
    build_index([extra, str(CORPUS)], home, jobs=1)  # the extra articles first: other document numbers
    new = IndexHome(home).current()
    answers = {}
    for build in (old, new):
        IndexHome(home).swap(build)
        answers[build] = without_time(SearchEngine(home).search({"q": q, "per_page": "50"}))
    engine = SearchEngine(home)
    lookups = iter([old] + [new] * 10)  # the swap comes right after the search's first look at `current`
    monkeypatch.setattr(engine.home, "current", lambda: next(lookups))
    assert without_time(engine.search({"q": q, "per_page": "50"})) in list(answers.values())


def test_while_one_thread_opens_a_new_build_the_others_answer_from_the_previous_one(tmp_path, monkeypatch):
    from searchapp.search import SearchEngine, engine as engine_module

    home = tmp_path / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    engine = SearchEngine(home)
    assert engine.search({"q": "xyzzy"})["total"] == 0
    extra = tmp_path / "extra.jsonl"
    extra_corpus(extra, 2)
    build_index([str(CORPUS), str(extra)], home, jobs=1)
    opening, release = threading.Event(), threading.Event()
    real_check = engine_module.check_manifest

    def slow_check(build):
        opening.set()
        assert release.wait(30)
        return real_check(build)

    monkeypatch.setattr(engine_module, "check_manifest", slow_check)
    results = []
    opener = threading.Thread(target=lambda: results.append(engine.search({"q": "xyzzy"})["total"]))
    opener.start()
    assert opening.wait(30)
    assert engine.search({"q": "xyzzy"})["total"] == 0  # not blocked: the previous build answers
    release.set()
    opener.join(30)
    assert results == [2] and engine.search({"q": "xyzzy"})["total"] == 2
