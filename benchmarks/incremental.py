"""Incremental reindex against a full build of the same corpus, in one run.

    python benchmarks/incremental.py ../shared/corpora/vntc.jsonl.gz --limit 20000

Writes the first N articles of the corpus as a JSON Lines file and builds their index (timed: the
full build). Then updates it (python -m searchapp.reindex's default), each step timed and set
against the full build: 100 articles changed; 100 added (the next ones of the corpus); 100 deleted;
all three at once (other articles); nothing changed.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import read_jsonl  # noqa: E402
from searchapp.indexing.build import build_index  # noqa: E402
from searchapp.indexing.home import IndexHome  # noqa: E402
from searchapp.indexing.update import update_index  # noqa: E402

STEP = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a .jsonl/.jsonl.gz corpus (e.g. vntc.jsonl.gz)")
    parser.add_argument("--limit", type=int, default=20000, help="articles in the index (default 20000)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", help="where the corpus file and the index go (default: a temporary directory)")
    return parser.parse_args()


def first_records(corpus, count):
    records = []
    for record in read_jsonl(corpus):
        if len(records) == count:
            break
        records.append(record)
    return records


def write(records, path):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def changed(record):
    """The record with one more sentence in its body (so its fingerprint changes)."""
    return {**record, "body": record["body"] + "\nBài viết được cập nhật thêm thông tin."}


def segments(home):
    return sum(1 for p in IndexHome(home).current().glob("*.seg"))


def main():
    args = parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="searchapp-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.limit
    records = first_records(args.corpus, n + 2 * STEP)
    if len(records) < n + 2 * STEP:
        sys.exit(f"the corpus has fewer than --limit + {2 * STEP} articles")
    base, extra = records[:n], records[n:]
    corpus, home = work / "corpus.jsonl", work / "index"
    write(base, corpus)

    started = time.perf_counter()
    summary = build_index([str(corpus)], home, jobs=args.processes)
    full = time.perf_counter() - started
    print(f"full build of {summary.indexed} articles ({args.processes} processes): {full:.1f} s, "
          f"{segments(home)} segments", flush=True)

    # Articles picked evenly over the corpus, a different set for each step.
    spread = list(range(0, n, n // (4 * STEP)))[: 4 * STEP]
    change, delete, change2, delete2 = (set(spread[i::4]) for i in range(4))
    current = list(base)
    steps = [
        (f"change {STEP}", lambda rows: [changed(r) if i in change else r for i, r in enumerate(rows)]),
        (f"add {STEP}", lambda rows: rows + extra[:STEP]),
        (f"delete {STEP}", lambda rows: [r for i, r in enumerate(rows) if i not in delete]),
        (f"change, add, delete {STEP} each",
         lambda rows: [changed(r) if i in change2 else r for i, r in enumerate(rows) if i not in delete2] + extra[STEP:]),
        ("nothing changed", lambda rows: rows),
    ]
    print(f"{'update':<32} {'seconds':>8} {'/ full':>7}  added changed deleted unchanged  segments")
    for name, edit in steps:
        current = edit(current)
        write(current, corpus)
        started = time.perf_counter()
        summary = update_index([str(corpus)], home, jobs=args.processes)
        seconds = time.perf_counter() - started
        assert summary.indexed == len(current), (summary.indexed, len(current))
        print(f"{name:<32} {seconds:8.1f} {seconds / full:7.3f}  {summary.added:5} {summary.changed:7} "
              f"{summary.deleted:7} {summary.unchanged:9}  {segments(home):8}", flush=True)


if __name__ == "__main__":
    main()
