"""Query latency through the JSON endpoint, cold and warm, beside SQLite FTS5 on the same text, in one run.

    python benchmarks/latency.py ../shared/corpora/vntc.jsonl.gz --index /path/to/index-home

Cold: a fresh `python -m searchapp` process is started and timed until it answers its first
/api/search (and, the same way, a fresh process opening the FTS5 database and answering its first
query); several runs, with an unaccented and an accented first query. Warm: every devset query
through the Flask test client (facets and snippets on), first as the process meets it (postings
not yet cached), then once more. The FTS5 baseline (benchmarks/common.py) indexes the same articles:
those of the corpus whose id is in the index.
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import Fts5Baseline, latency_line, percentile, read_jsonl, timed  # noqa: E402
from searchapp import create_app  # noqa: E402
from searchapp.corpus.sources import read_corpus  # noqa: E402
from searchapp.indexing.home import IndexHome  # noqa: E402
from searchapp.indexing.storage import open_for_reading  # noqa: E402

SHARED = ROOT.parent / "shared"
COLD_QUERIES = ("hoc tap lam theo bac", "học tập và làm theo Bác")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="the corpus the index was built from (vntc.jsonl.gz)")
    parser.add_argument("--index", required=True, help="index home (with a `current` build)")
    parser.add_argument("--queries", default=str(SHARED / "devset/queries.jsonl"))
    parser.add_argument("--every", type=int, default=1, help="every Nth query only")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes per cold query")
    parser.add_argument("--workdir", help="where the FTS5 database goes (default: a temporary directory)")
    return parser.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_server(index, query):
    """(seconds from process start to the first answer, seconds of that first request)."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "searchapp", "--index", index, "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:  # ready: the port accepts connections
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("the server exited before answering")
                time.sleep(0.01)
        asked = time.perf_counter()
        url = f"http://127.0.0.1:{port}/api/search?q={urllib.parse.quote(query)}"
        with urllib.request.urlopen(url, timeout=120) as response:
            assert response.status == 200 and json.load(response)["hits"] is not None
        answered = time.perf_counter()
        return answered - started, answered - asked
    finally:
        proc.terminate()
        proc.wait()


FTS5_FIRST_QUERY = """
import sys, time
sys.path.insert(0, {root!r})
from benchmarks.common import Fts5Baseline
Fts5Baseline.open({db!r}).search({query!r})
"""


def cold_fts5(db, query):
    """Seconds from process start to the first FTS5 answer (open the database, query it)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FTS5_FIRST_QUERY.format(root=str(ROOT), db=str(db), query=query)],
                   check=True)
    return time.perf_counter() - started


def indexed_ids(index):
    ix = open_for_reading(IndexHome(index).current())
    with ix.reader() as reader:  # live documents only (the id lexicon keeps deleted ones)
        return {fields["id"] for _, fields in reader.iter_docs()}


def indexed_texts(corpus, ids):
    """{id, title, body} of the corpus's articles that are in the index, as the indexer reads them."""
    for article, _ in read_corpus([corpus]):
        if article is not None and article.id in ids:
            yield {"id": article.id, "title": article.title, "body": article.body}


def ms_line(label, values):
    return f"{label:<46} median {statistics.median(values) * 1000:7.0f} ms  (runs: " + \
        ", ".join(f"{v * 1000:.0f}" for v in values) + ")"


def main():
    args = parse_args()
    queries = [q["query"] for q in read_jsonl(args.queries)][:: args.every]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="searchapp-latency-"))
    work.mkdir(parents=True, exist_ok=True)

    print("building the FTS5 baseline over the indexed articles ...", flush=True)
    ids = indexed_ids(args.index)
    db = work / "fts5.sqlite"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    baseline = Fts5Baseline(indexed_texts(args.corpus, ids), db)
    print(f"{len(ids)} articles; FTS5 built in {time.perf_counter() - started:.0f} s; {len(queries)} queries\n", flush=True)

    print("cold: process start -> first answer")
    for query in COLD_QUERIES:
        runs = [cold_server(args.index, query) for _ in range(args.cold_runs)]
        print(ms_line(f"  searchapp, first query {query!r}", [total for total, _ in runs]))
        print(ms_line("    of which the first request itself", [first for _, first in runs]))
        fts = [cold_fts5(db, query) for _ in range(args.cold_runs)]
        print(ms_line(f"  FTS5, first query {query!r}", fts))

    app = create_app({"INDEX_DIR": args.index})
    client = app.test_client()
    client.get("/api/search", query_string={"q": "khởi động"})  # open the index (cold start is above)
    first_pass, second_pass = [], []
    for ms_list in (first_pass, second_pass):
        for query in queries:
            response, ms = timed(client.get, "/api/search", query_string={"q": query, "per_page": 10})
            assert response.status_code == 200, (query, response.status_code)
            ms_list.append(ms)
    fts_ms = [timed(baseline.search, query)[1] for query in queries]
    print("\nwarm: through /api/search (Flask test client, facets and snippets on), one process")
    print(latency_line("searchapp", first_pass), "  (each query the first time)")
    print(latency_line("searchapp", second_pass), "  (the same queries again)")
    print(latency_line("FTS5", fts_ms))
    print("ratios searchapp / FTS5 (first time): " + ", ".join(
        f"p{p} {percentile(first_pass, p) / percentile(fts_ms, p):.1f}x" for p in (50, 95, 99)))


if __name__ == "__main__":
    main()
