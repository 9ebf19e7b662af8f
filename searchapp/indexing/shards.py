"""A parallel build: each worker process analyses its share of the articles and writes its own segments.

When the workers fed one writer in the main process, that writer was the bottleneck: every
prepared document (hundreds of postings) was pickled in a worker and unpickled in the main
process, and while the writer wrote a segment (a minute at a time on the full corpus) the workers
stood idle with the queue full. Here the main process only reads articles and hands them out in
small batches; each worker adds them to its own GroupedWriter and writes a segment whenever its
pool is full; at the end the main process lists every segment in the table of contents, as
Whoosh's own multiprocess writer does with ``multisegment=True``.
"""

import multiprocessing
import os
import pickle
import queue
import traceback

from .errors import BuildError
from .prepare import to_document
from .writer import GroupedWriter

BATCH = 16  # articles handed to a worker at a time
QUEUED = 4  # batches waiting per worker: enough to ride out a long article, little memory
POLL_SECONDS = 0.5  # how often a waiting main process checks that its workers are alive


def write_shards(ix, items, jobs, postings_per_segment, lock_fd, progress=None):
    """Index items, (Article or None, problems) pairs, into ix with `jobs` workers; (indexed, problems).

    The workers' pools share the memory budget: each writes a segment at postings_per_segment / jobs.
    """
    ctx = multiprocessing.get_context("fork")
    # Batches go round-robin, each worker with its own short queue: which worker indexes an article
    # (so the document order, and the order of equal scores) does not depend on timing.
    tasks, results = [ctx.Queue(maxsize=QUEUED) for _ in range(jobs)], ctx.Queue()
    limit = max(1, postings_per_segment // jobs)
    workers = [ctx.Process(target=_work, args=(ix, mine, results, limit, lock_fd), daemon=True) for mine in tasks]
    for worker in workers:
        worker.start()
    collector = _Collector(results, workers, progress)
    try:
        for seq, batch in enumerate(_batches(items)):
            collector.put(tasks[seq % jobs], (seq, batch))
        for mine in tasks:
            collector.put(mine, None)
        segments = collector.segments()
        writer = GroupedWriter(ix)
        writer._close_segment()  # its own segment stays empty; the TOC lists the workers' ones
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        for worker in workers:
            worker.kill()
        for mine in tasks:
            # Batches no worker will read: do not wait to flush them into the pipe at exit.
            mine.cancel_join_thread()
        raise
    finally:
        for worker in workers:
            worker.join()
    return collector.indexed, collector.problems()


def _batches(items):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Collector:
    """The main process's side: results of the workers, gathered while handing out work."""

    def __init__(self, results, workers, progress):
        self.results, self.workers, self.progress = results, workers, progress
        self.indexed = 0
        self._problems = {}  # batch number -> problems, to report them in input order
        self._segments = []  # (first batch number, segment)
        self._finished = 0

    def put(self, tasks, task):
        """Queue a task, taking in results while the queue is full."""
        while True:
            self._take(block=False)
            try:
                tasks.put(task, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._check_alive()

    def segments(self):
        """Wait for every worker's last segment; all segments in input order."""
        while self._finished < len(self.workers):
            if not self._take(block=True):
                self._check_alive()
        return [segment for _, segment in sorted(self._segments, key=lambda pair: pair[0])]

    def problems(self):
        return [p for seq in sorted(self._problems) for p in self._problems[seq]]

    def _take(self, block):
        """Handle the results waiting (or the next one, waiting up to POLL_SECONDS); whether any came."""
        took = False
        while True:
            try:
                kind, payload = self.results.get(block=block and not took, timeout=POLL_SECONDS)
            except queue.Empty:
                return took
            took = True
            if kind == "batch":
                seq, done = payload
                self.indexed += sum(indexed for indexed, _ in done)
                self._problems[seq] = [p for _, problems in done for p in problems]
                if self.progress:
                    self.progress(len(done))
            elif kind == "segments":
                self._segments += payload
                self._finished += 1
            else:
                raise payload

    def _check_alive(self):
        for worker in self.workers:
            if worker.exitcode not in (None, 0):
                raise BuildError(f"an indexing worker process died (exit status {worker.exitcode}); "
                                 "if it was killed for lack of memory, try fewer --jobs")


def _work(ix, tasks, results, limit, lock_fd):
    """A worker: analyse and add each batch to this process's writer; then send its segments."""
    os.close(lock_fd)  # a killed reindex frees the index lock at once
    try:
        shard = _Shard(ix, limit)
        for seq, batch in iter(tasks.get, None):
            results.put(("batch", (seq, shard.add(seq, batch))))
        results.put(("segments", shard.finish()))
    except BaseException as err:
        results.put(("error", _sendable(err)))


def _sendable(err):
    """err itself if it can be pickled to the main process (an OSError keeps its errno), else a BuildError."""
    try:
        pickle.dumps(err)
        return err
    except Exception:
        return BuildError(f"an indexing worker failed:\n{traceback.format_exc()}")


class _Shard:
    """One worker's writer, closed into a segment whenever its pool holds `limit` postings."""

    def __init__(self, ix, limit):
        self.ix, self.limit = ix, limit
        self.writer = None
        self.first = None  # the batch number of the open segment's first document
        self.segments = []

    def add(self, seq, batch):
        """Analyse and add a batch; (indexed?, problems) per article."""
        done = []
        for article, problems in batch:
            doc = to_document(article) if article is not None else None
            if doc is not None:
                if self.writer is None:
                    # No index lock: the main process holds the reindex lock and writes the TOC.
                    self.writer, self.first = GroupedWriter(self.ix, _lk=False), seq
                self.writer.add_document(**doc)
                if self.writer.pool.count >= self.limit:
                    self._close()
            done.append((doc is not None, problems))
        return done

    def finish(self):
        """(first batch number, segment) of every segment this worker wrote."""
        if self.writer is not None:
            self._close()
        return self.segments

    def _close(self):
        self.segments.append((self.first, self.writer._finalize_segment()))
        self.writer = None
