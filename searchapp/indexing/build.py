"""Build a complete index in a fresh directory, then swap it in."""

import gc
import gzip
import multiprocessing
import os
import shutil
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field

from whoosh import index as whoosh_index

from ..corpus.sources import corpus_files, read_corpus
from .errors import BuildError
from .home import IndexHome
from .manifest import write_manifest
from .prepare import to_document
from .schema import build_schema
from .shards import write_shards
from .writer import GroupedWriter


# Pooled postings before a segment is written, shared by the workers of a parallel build (each
# writes at its share): about 0.7 GB of pools in all; the 84k corpus makes 14 segments.
POSTINGS_PER_SEGMENT = 12_000_000


@dataclass
class Summary:
    """What a reindex did."""

    indexed: int = 0  # articles in the index afterwards
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    index_dir: str = ""
    incremental: bool = False  # an update of the previous index (the counts below), not a rebuild
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def skipped(self):
        return [p for p in self.problems if p.skipped]


def count_items(paths):
    """How many articles the paths hold at most (for the progress bar's ETA)."""
    files, _ = corpus_files(paths)
    total = 0
    for path in files:
        if path.suffix == ".txt":
            total += 1
        else:
            opener = gzip.open if path.name.endswith(".gz") else open
            try:
                with opener(path, "rb") as handle:  # in chunks: one line may be huge
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            except (OSError, EOFError):
                pass
    return total


def _prepare(item):
    article, problems = item
    return (to_document(article) if article is not None else None), problems


def _release(lock_fd):
    """In a worker: drop the inherited lock descriptor, so a killed reindex frees the lock at once."""
    os.close(lock_fd)


def prepared_documents(items, jobs, lock_fd):
    """Prepared documents in input order, analysed in `jobs` worker processes (an update feeds them to one writer)."""
    if jobs <= 1:
        yield from map(_prepare, items)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_release, initargs=(lock_fd,)) as pool:
        yield from _bounded_map(pool, items, jobs)


MAX_PENDING_CHUNKS = 64  # ~1000 prepared articles (~150 MB) may wait for the writer


def _bounded_map(pool, items, jobs, chunk=16):
    """pool.imap in input order, but with at most a few chunks in flight.

    Pool.imap queues every result the workers make; while the writer flushes a segment (minutes on
    the full corpus) that queue grew to gigabytes. Waiting for the oldest chunk bounds it.
    """
    pending = deque()
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == chunk:
            pending.append(pool.map_async(_prepare_all, [batch]))
            batch = []
            while len(pending) > max(MAX_PENDING_CHUNKS, 2 * jobs):
                yield from pending.popleft().get()[0]
    if batch:
        pending.append(pool.map_async(_prepare_all, [batch]))
    while pending:
        yield from pending.popleft().get()[0]


def _prepare_all(batch):
    return [_prepare(item) for item in batch]


def build_index(paths, home, jobs=None, progress=None):
    """Index every article under paths into a new build of home and swap it in; return a Summary."""
    home = IndexHome(home)
    with home.lock() as lock:
        return full_build(paths, home, jobs, progress, lock)


def full_build(paths, home, jobs, progress, lock):
    """build_index, with the lock of home already held."""
    jobs = jobs or os.cpu_count() or 1
    return swap_in_new_build(home, lambda build: _write(build, paths, jobs, progress, lock.fileno()))


def swap_in_new_build(home, write, keep=lambda summary: True):
    """Write a new build of home with write(build) -> Summary and swap it in (unless not keep(summary)).

    On any failure, or with no article indexed, the build is removed and the current one stays.
    """
    started = time.monotonic()
    build = home.new_build()
    try:
        with rare_full_collections():
            summary = write(build)
        if summary.indexed == 0:
            raise BuildError("no article could be indexed; the previous index was kept")
        if keep(summary):
            write_manifest(build)
            home.swap(build)
        else:
            shutil.rmtree(build)
            build = home.current()
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    home.prune()
    summary.seconds = time.monotonic() - started
    summary.index_dir = str(build)
    return summary


@contextmanager
def rare_full_collections():
    """While the block runs, collect young objects every 100,000 allocations (not 700), the heap almost never.

    A build keeps millions of objects alive (the pool's terms, the documents in flight), and each
    full collection walks them all again: on a 12M-posting segment the default thresholds cost the
    writer ~15 % more CPU (gc off saved as much). Cycles still get collected among young objects;
    forked workers inherit the setting (their analysis measured no slower).
    """
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def open_writer(ix):
    """A Whoosh segment writer with the in-memory grouped pool (see writer.py)."""
    return GroupedWriter(ix)


def _write(build, paths, jobs, progress, lock_fd):
    ix = whoosh_index.create_in(build, build_schema())
    if jobs > 1:
        indexed, problems = write_shards(ix, read_corpus(paths), jobs, POSTINGS_PER_SEGMENT, lock_fd, progress)
        return Summary(indexed=indexed, problems=problems)
    summary = Summary()
    writer = open_writer(ix)
    try:
        for doc, problems in map(_prepare, read_corpus(paths)):
            summary.problems += problems
            if doc is not None:
                writer.add_document(**doc)
                summary.indexed += 1
                if writer.pool.count >= POSTINGS_PER_SEGMENT:
                    # Bound memory: close this segment (no merge: that would redo the work in Python).
                    writer.commit(merge=False)
                    writer = open_writer(ix)
            if progress:
                progress(1)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return summary
