"""Shared helpers of the benchmarks: the eval subset, the FTS5 baseline, statistics."""

import gzip
import json
import re
import sqlite3
import statistics
import time
from pathlib import Path

from unidecode import unidecode


def read_jsonl(path):
    """Records of a .jsonl or .jsonl.gz file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def write_subset(corpus, ids_file, out):
    """Write the records of corpus whose id is listed in ids_file to out (JSONL); return the count."""
    wanted = set(Path(ids_file).read_text().split())
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for record in read_jsonl(corpus):
            if record["id"] in wanted:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def percentile(values, p):
    """The p-th percentile (0-100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def latency_line(label, ms):
    return (f"{label:<10} p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
            f"p99 {percentile(ms, 99):7.1f} ms  mean {statistics.mean(ms):7.1f} ms")


class Fts5Baseline:
    """SQLite FTS5 over unidecode-folded text; the words as a phrase first, then any order; title x10."""

    def __init__(self, records, path=":memory:"):
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        if records is None:  # an existing database (see open)
            return
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                        "tokenize='unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                            ((r["id"], unidecode(r.get("title") or "").lower(), unidecode(r["body"]).lower())
                             for r in records))
        self.db.commit()

    @classmethod
    def open(cls, path):
        """The baseline over a database file written before (Fts5Baseline(records, path))."""
        return cls(None, path)

    def search(self, query, k=10):
        words = re.findall(r"\w+", unidecode(query).lower())
        if not words:
            return []
        quoted = " ".join(f'"{w}"' for w in words)
        found = []
        for match in (f'"{" ".join(words)}"', quoted):
            rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 10, 1) LIMIT ?",
                                   (match, k)).fetchall()
            found += [r[0] for r in rows if r[0] not in found]
            if len(found) >= k:
                break
        return found[:k]


def timed(fn, *args, **kwargs):
    """(result, milliseconds)."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def write_first(corpus, count, out, skip=0):
    """Write records skip .. skip+count of corpus to out (JSONL); return how many were written."""
    written = 0
    with open(out, "w", encoding="utf-8") as handle:
        for i, record in enumerate(read_jsonl(corpus)):
            if i < skip:
                continue
            if written == count:
                break
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def _tree(pid):
    """pid and all its descendants (from /proc)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _pss_kb(pid):
    """Proportional set size of a process in kB (shared pages split between their users), or 0."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler:
    """Peak memory of this process and its children (summed PSS, sampled every interval seconds)."""

    def __init__(self, pid=None, interval=0.5):
        import os
        import threading

        self.pid = pid or os.getpid()
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self):
        return self.peak_kb / 1024
