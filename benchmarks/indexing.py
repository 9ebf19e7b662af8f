"""Full reindex speed against its floor (pyvi segmentation alone), peak memory, and where the time goes.

    python benchmarks/indexing.py ../shared/corpora/vntc.jsonl.gz --limit 20000 [--processes 2]

In one run, over the first --limit articles of the corpus: (1) reading and cleaning alone; (2) the
floor: pyvi's ViTokenizer.tokenize over the same titles and body lines, in --processes processes,
measured before the reindex and again after it (the ratio uses their mean);
(3) the full reindex with as many processes, timed per stage (main process: reading, handing out
batches, waiting for the last segments; workers: segmentation, metadata, the rest of the analysis,
Whoosh's add_document, segment writes), with the peak memory of the process tree (proportional set
size, workers included).
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import MemorySampler, write_first  # noqa: E402
import searchapp.indexing.build as build_module  # noqa: E402
import searchapp.indexing.prepare as prepare_module  # noqa: E402
import searchapp.indexing.shards as shards_module  # noqa: E402
import searchapp.text.segment as segment_module  # noqa: E402
from searchapp.corpus.sources import read_corpus  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a .jsonl/.jsonl.gz corpus (e.g. vntc.jsonl.gz)")
    parser.add_argument("--limit", type=int, help="the first N articles only (default: all)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", help="where the subset and the index go (default: a temporary directory)")
    return parser.parse_args()


def read_alone(path):
    """(articles, text bytes, seconds) of reading and cleaning the corpus in this process."""
    started = time.perf_counter()
    count = size = 0
    for article, _ in read_corpus([str(path)]):
        if article is not None:
            count += 1
            size += len(article.title.encode("utf-8")) + len(article.body.encode("utf-8"))
    return count, size, time.perf_counter() - started


def _texts(path):
    for article, _ in read_corpus([str(path)]):
        if article is not None:
            yield [article.title] + article.body.split("\n")


def _pyvi_segment(lines):
    from pyvi.ViTokenizer import ViTokenizer

    return sum(len(ViTokenizer.tokenize(line)) for line in lines if line.strip())


def floor(path, processes):
    """Seconds for pyvi alone over the titles and body lines (pyvi loaded first, as the reindex finds it)."""
    from pyvi.ViTokenizer import ViTokenizer  # noqa: F401  (loaded before the fork, in both runs)

    texts = list(_texts(path))  # read beforehand: the floor is segmentation only
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for _ in pool.imap(_pyvi_segment, texts, chunksize=16):
            pass
    return time.perf_counter() - started


class Stages:
    """Seconds per stage; worker stages in shared memory so forked workers can add to them."""

    MAIN = ("reading and cleaning", "handing out batches (waiting for a free worker)",
            "waiting for the last segments")
    WORKERS = ("analysis (to_document)", "segmentation (pyvi CRF over our syllables)", "metadata (dates, places)",
               "Whoosh add_document", "segment writes")

    def __init__(self):
        self.main = dict.fromkeys(self.MAIN, 0.0)
        self.workers = {name: multiprocessing.get_context("fork").Value("d", 0.0) for name in self.WORKERS}

    def timed_main(self, name, fn):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.main[name] += time.perf_counter() - started
        return wrapper

    def timed_worker(self, name, fn):
        counter = self.workers[name]

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                with counter.get_lock():
                    counter.value += time.perf_counter() - started
        return wrapper

    def timed_reader(self, read):
        def wrapper(paths):
            items = read(paths)
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.main["reading and cleaning"] += time.perf_counter() - started
                yield item
        return wrapper


@contextmanager
def instrumented(stages):
    """Patch timers around the reindex's stages (restored afterwards)."""
    from searchapp.indexing.writer import GroupedWriter

    collector = shards_module._Collector
    patches = [
        (build_module, "read_corpus", stages.timed_reader(build_module.read_corpus)),
        (shards_module, "to_document", stages.timed_worker("analysis (to_document)", shards_module.to_document)),
        (segment_module, "word_spans",
         stages.timed_worker("segmentation (pyvi CRF over our syllables)", segment_module.word_spans)),
        (prepare_module, "extract_metadata",
         stages.timed_worker("metadata (dates, places)", prepare_module.extract_metadata)),
        (GroupedWriter, "add_document", stages.timed_worker("Whoosh add_document", GroupedWriter.add_document)),
        (shards_module._Shard, "_close", stages.timed_worker("segment writes", shards_module._Shard._close)),
        (collector, "put", stages.timed_main("handing out batches (waiting for a free worker)", collector.put)),
        (collector, "segments", stages.timed_main("waiting for the last segments", collector.segments)),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def main():
    args = parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="searchapp-indexing-"))
    work.mkdir(parents=True, exist_ok=True)
    subset = work / "corpus.jsonl"
    if args.limit:
        write_first(args.corpus, args.limit, subset)
    else:
        subset = Path(args.corpus)
    count, size, read_seconds = read_alone(subset)
    mb = size / 1e6
    print(f"{count} articles, {mb:.1f} MB of text (title and body, UTF-8); {args.processes} processes; "
          f"machine: {os.cpu_count()} CPUs", flush=True)
    print(f"reading and cleaning alone (1 process): {read_seconds:.1f} s", flush=True)

    floor_seconds = floor(subset, args.processes)
    print(f"floor, pyvi ViTokenizer alone over the same lines: {floor_seconds:.1f} s, "
          f"{count / floor_seconds:.0f} articles/s", flush=True)

    stages = Stages()
    home = work / "index"
    with MemorySampler() as memory, instrumented(stages):
        started = time.perf_counter()
        summary = build_module.build_index([str(subset)], home, jobs=args.processes)
        seconds = time.perf_counter() - started
    index_mb = sum(f.stat().st_size for f in Path(summary.index_dir).iterdir()) / 1e6
    print(f"full reindex: {seconds:.1f} s, {summary.indexed / seconds:.1f} articles/s, {mb / seconds:.2f} MB/s, "
          f"peak memory {memory.peak_mb:.0f} MB (PSS, main process and workers), index {index_mb:.0f} MB")
    # The floor again: other jobs on the machine come and go, and a floor measured only before the
    # reindex would tilt the ratio whichever way the load moved in between.
    floor_after = floor(subset, args.processes)
    print(f"floor again, after the reindex: {floor_after:.1f} s")
    floor_seconds = (floor_seconds + floor_after) / 2
    print(f"ratio reindex / floor (mean of both floors, {floor_seconds:.1f} s): {seconds / floor_seconds:.2f}")

    print(f"\nmain process (wall {seconds:.1f} s):")
    for name, value in stages.main.items():
        print(f"  {name:<50} {value:7.1f} s  {100 * value / seconds:5.1f} %")
    other = seconds - sum(stages.main.values())
    print(f"  {'other (start, table of contents, swap, ...)':<50} {other:7.1f} s  {100 * other / seconds:5.1f} %")
    worker = {name: value.value for name, value in stages.workers.items()}
    analysis = worker.pop("analysis (to_document)")
    segmentation = worker["segmentation (pyvi CRF over our syllables)"]
    metadata = worker["metadata (dates, places)"]
    busy = analysis + worker["Whoosh add_document"] + worker["segment writes"]
    print(f"workers (seconds summed over the {args.processes} processes, of {seconds * args.processes:.1f} s; "
          f"floor x processes = {floor_seconds * args.processes:.1f} s):")
    rows = [("busy in all", busy), ("  analysis", analysis), ("    segmentation (pyvi CRF over our syllables)", segmentation),
            ("    metadata (dates, places)", metadata),
            ("    tokenizing, folding, postings", analysis - segmentation - metadata),
            ("  Whoosh add_document", worker["Whoosh add_document"]), ("  segment writes", worker["segment writes"])]
    for name, value in rows:
        print(f"  {name:<50} {value:7.1f} s")


if __name__ == "__main__":
    main()
