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

    def __init__(self, records):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                        "tokenize='unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                            ((r["id"], unidecode(r.get("title") or "").lower(), unidecode(r["body"]).lower())
                             for r in records))
        self.db.commit()

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
