"""Faults during a reindex: a full disk and a read-only index directory.

Each gives exit status 2 and a one-line reason, and the previous index is still served (by a
SearchEngine opened before the fault and by a new one). Real faults on a small tmpfs when this
process may mount one (root with CAP_SYS_ADMIN), and injected ones everywhere.
"""

import errno
import shutil
import subprocess
from pathlib import Path

import pytest
from whoosh.filedb.structfile import StructFile

from searchapp.indexing.build import build_index
from searchapp.indexing.home import IndexHome
from searchapp.reindex import EXIT_FAILED, main
from searchapp.search import SearchEngine

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
QUERY = {"q": "hoc tap lam theo bac"}


def served(home):
    """What a fresh engine over home answers: the ids of the query's hits."""
    return [hit["id"] for hit in SearchEngine(home).search(QUERY)["hits"]]


def reindex(home, capsys):
    """Run a full reindex with the CLI in this process; its exit status and its last line of stderr."""
    status = main(["--index", str(home), "--jobs", "1", "--quiet", "--full"])
    return status, capsys.readouterr().err.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory):
    home = tmp_path_factory.mktemp("faults") / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    return home


@pytest.fixture()
def indexed(tmp_path, prebuilt):
    """An index home with the seed corpus indexed (a copy), and an engine already serving it."""
    home = tmp_path / "ix"
    shutil.copytree(prebuilt, home, symlinks=True)
    engine = SearchEngine(home)
    before = [hit["id"] for hit in engine.search(QUERY)["hits"]]
    assert len(before) == 5
    return home, engine, before


def assert_still_served(home, engine, before, build):
    assert IndexHome(home).current() == build
    assert [p.name for p in home.glob("build-*")] == [build.name]  # the failed build was removed
    assert [hit["id"] for hit in engine.search(QUERY)["hits"]] == before
    assert served(home) == before


# --- injected faults (run everywhere) ---------------------------------------------------------


class DiskFull:
    """Makes Whoosh's file writes fail with ENOSPC once `budget` bytes were written."""

    def __init__(self, budget):
        self.budget, self.written, self.fired = budget, 0, False
        self.real_write = StructFile.write

    def write(self, structfile, data, *args):
        if self.written + len(data) > self.budget:
            self.fired = True
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(data)
        return self.real_write(structfile, data, *args)


# The seed build writes 217 KB: the segment's files, then the compound file that packs them.
@pytest.mark.parametrize("budget", [0, 20_000, 100_000, 200_000])
def test_disk_full_while_writing_the_index(indexed, monkeypatch, capsys, budget):
    home, engine, before = indexed
    build = IndexHome(home).current()
    disk = DiskFull(budget)
    monkeypatch.setattr(StructFile, "write", lambda self, data, *a: disk.write(self, data, *a))
    status, message = reindex(home, capsys)
    assert disk.fired
    assert (status, message) == (EXIT_FAILED, f"reindex failed: the disk is full; {home} is unchanged "
                                              "(its previous index, if any, is still served)")
    monkeypatch.undo()
    assert_still_served(home, engine, before, build)
    if budget == 0:
        assert main(["--index", str(home), "--jobs", "1", "--quiet", "--full"]) == 0  # once there is room again
        assert served(home) == before


@pytest.mark.parametrize("where", ["tempfile.mkdtemp", "os.symlink", "os.replace"])
def test_disk_full_while_making_the_build_directory_or_swapping(indexed, monkeypatch, capsys, where):
    home, engine, before = indexed
    build = IndexHome(home).current()
    module, name = where.split(".")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(home))

    monkeypatch.setattr(__import__(module), name, full)
    status, message = reindex(home, capsys)
    monkeypatch.undo()
    assert (status, message) == (EXIT_FAILED, f"reindex failed: the disk is full ({home}); {home} is unchanged "
                                              "(its previous index, if any, is still served)")
    assert_still_served(home, engine, before, build)


def test_read_only_index_directory_injected(indexed, monkeypatch, capsys):
    home, engine, before = indexed
    build = IndexHome(home).current()

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr("searchapp.indexing.home.open", read_only, raising=False)
    status, message = reindex(home, capsys)
    monkeypatch.undo()
    assert (status, message) == (
        EXIT_FAILED, f"reindex failed: the index directory is on a read-only file system ({home / '.lock'}); "
                     f"{home} is unchanged (its previous index, if any, is still served)")
    assert_still_served(home, engine, before, build)


# --- real faults on a tmpfs (root only) -------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path):
    """A 280 KB tmpfs: room to build one index of the seed corpus (its files and then the compound file
    packing them, 217 KB; 106 KB once built) but not a second one beside it."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=280k", "tmpfs", str(mountpoint)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=True)


def test_a_really_full_disk(small_disk, capsys):
    home = small_disk / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    build, engine = IndexHome(home).current(), SearchEngine(home)
    before = [hit["id"] for hit in engine.search(QUERY)["hits"]]
    status, message = reindex(home, capsys)
    assert (status, message) == (EXIT_FAILED, f"reindex failed: the disk is full; {home} is unchanged "
                                              "(its previous index, if any, is still served)")
    assert_still_served(home, engine, before, build)


def test_a_really_read_only_index_directory(small_disk, capsys):
    home = small_disk / "ix"
    build_index([str(CORPUS)], home, jobs=1)
    build, engine = IndexHome(home).current(), SearchEngine(home)
    before = [hit["id"] for hit in engine.search(QUERY)["hits"]]
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    status, message = reindex(home, capsys)
    assert (status, message) == (
        EXIT_FAILED, f"reindex failed: the index directory is on a read-only file system ({home / '.lock'}); "
                     f"{home} is unchanged (its previous index, if any, is still served)")
    assert IndexHome(home).current() == build
    assert served(home) == before and [hit["id"] for hit in engine.search(QUERY)["hits"]] == before

