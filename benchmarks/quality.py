"""Known-item quality and latency on the devset, beside an SQLite FTS5 baseline, in one run.

    python benchmarks/quality.py ../shared/corpora/vntc.jsonl.gz

Builds (once, cached in --index) the index of the 20k evaluation articles, sends every devset query
through the JSON endpoint (facets and snippets on), and prints MRR@10, Success@1 and Success@10 per
query kind for both, with latency percentiles.

With --drawn N it also draws N more queries of four kinds the devset's way (unaccented spans of 4-7
title words, 2-3 title words, 5-8 words of the body's lead; 2 title and 2 lead words scattered) from
the evaluation articles the devset does not judge: a check that the ranking holds for the rule, not
only for the devset's list. They are reported as drawn_* kinds, outside "overall".
"""

import argparse
import dataclasses
import json
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Fts5Baseline, latency_line, read_jsonl, timed, write_subset  # noqa: E402
from searchapp import create_app  # noqa: E402
from searchapp.indexing.build import build_index  # noqa: E402
from searchapp.indexing.home import IndexHome  # noqa: E402
from searchapp.search.rank import has_accented_phrase  # noqa: E402
from searchapp.text.analyzers import fold_token, tone_token  # noqa: E402
from searchapp.text.fold import fold, has_accents  # noqa: E402
from searchapp.text.tokenize import syllables  # noqa: E402

EXTRA = ("short_accent_folded", "short_accent_ambiguous", "short_accent_ambiguous_folded")  # not in "overall"
DRAWN = {"drawn_title_noaccent": (("title", 4, 7),), "drawn_short_noaccent": (("title", 2, 3),),
         "drawn_body_noaccent": (("lead", 5, 8),),
         "drawn_scattered_noaccent": (("title", 2, -1), ("lead", 2, -1))}  # (field, fewest, most) per part
# a span of fewest to most words in a row; most -1: fewest words anywhere in the field, in any order
LEAD_WORDS = 40  # the devset's body spans all end within the body's first 40 words
TITLE_WORDS = (5, 14)  # and its articles all have titles of 5 to 14 words

SHARED = Path(__file__).resolve().parents[2] / "shared"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="vntc.jsonl.gz")
    parser.add_argument("--ids", default=str(SHARED / "devset/eval20k_ids.txt"))
    parser.add_argument("--queries", default=str(SHARED / "devset/queries.jsonl"))
    parser.add_argument("--index", default="/tmp/searchapp-eval20k", help="index home, built if missing")
    parser.add_argument("--kinds", help="comma-separated query kinds to run (default: all)")
    parser.add_argument("--every", type=int, default=1, help="run every Nth query only (quick tuning runs)")
    parser.add_argument("--weights", default="{}", help='ranking weights to try, JSON: {"pair_body": 0.3}')
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many failed queries per kind")
    parser.add_argument("--drawn", type=int, default=0, help="draw this many queries of each drawn_* kind too")
    args = parser.parse_args()
    if args.drawn < 0:
        parser.error("--drawn must be 0 or more")
    return args


def subset_file(args):
    out = Path(tempfile.gettempdir()) / "searchapp-eval20k.jsonl"
    if not out.exists():
        print(f"writing the evaluation subset to {out} ...", flush=True)
        write_subset(args.corpus, args.ids, out)
    return out


def ensure_index(args, subset):
    if IndexHome(args.index).current() is None:
        print("building the evaluation index ...", flush=True)
        summary = build_index([str(subset)], args.index)
        print(f"indexed {summary.indexed} articles in {summary.seconds:.0f} s", flush=True)


def reciprocal_rank(ranked, relevant):
    for i, doc_id in enumerate(ranked[:10], 1):
        if doc_id in relevant:
            return 1 / i
    return 0.0


def report(name, scores, ms):
    print(f"\n{name}")
    print(f"{'kind':<30} {'n':>4} {'MRR@10':>7} {'S@1':>6} {'S@10':>6}")
    everything = []
    for kind in sorted(scores):
        rr = scores[kind]
        everything += rr if kind not in EXTRA and kind not in DRAWN else []
        print(f"{kind:<30} {len(rr):>4} {sum(rr) / len(rr):7.3f} {sum(r == 1 for r in rr) / len(rr):6.3f} "
              f"{sum(r > 0 for r in rr) / len(rr):6.3f}")
    if everything:
        print(f"{'overall':<30} {len(everything):>4} {sum(everything) / len(everything):7.3f} "
              f"{sum(r == 1 for r in everything) / len(everything):6.3f} "
              f"{sum(r > 0 for r in everything) / len(everything):6.3f}")
    print(latency_line("latency", ms))


def drawn_queries(subset, judged, count, seed=7):
    """count unaccented queries per DRAWN kind, each from an article the devset does not judge.

    Drawn from the articles the devset draws from (no duplicates, titles of TITLE_WORDS words);
    an article's exact duplicates (dup_of) are relevant too, as in the devset.
    """
    rng = random.Random(seed)
    articles = [r for r in read_jsonl(subset) if r["id"] not in judged]
    copies = defaultdict(set)
    for r in articles:
        copies[r.get("dup_of") or r["id"]].add(r["id"])
    fewest, most = TITLE_WORDS
    pool = [r for r in articles if not r.get("dup_of") and fewest <= len((r.get("title") or "").split()) <= most]
    words_of = {r["id"]: {"title": _folded_words(r.get("title")), "lead": _folded_words(r.get("body"))[:LEAD_WORDS]}
                for r in pool}
    drawn = []
    for kind, parts in DRAWN.items():
        usable = [r["id"] for r in pool if all(len(words_of[r["id"]][f]) >= n for f, n, _ in parts)]
        for doc_id in rng.sample(usable, min(count, len(usable))):  # all of a smaller corpus
            query = [w for part in parts for w in _draw(rng, words_of[doc_id][part[0]], *part[1:])]
            drawn.append({"query": " ".join(query), "kind": kind, "relevant": sorted(copies[doc_id])})
    return drawn


def _folded_words(text):
    return re.findall(r"\w+", fold(text or "").lower())


def _draw(rng, words, fewest, most):
    """A span of fewest to most words (a short field may be the whole span); most -1: fewest scattered words."""
    if most < 0:
        return rng.sample(words, fewest)
    n = min(rng.randint(fewest, most), len(words))
    start = rng.randint(0, len(words) - n)
    return words[start : start + n]


def folded_twins(queries):
    """The accented short queries once more with their accents taken off: what do the accents buy?"""
    return [{**q, "kind": "short_accent_folded", "query": fold(q["query"])}
            for q in queries if q["kind"] == "short_accent"]


def ambiguous(query, folded_hits):
    """Whether the folded query's hits include a title with the same syllables but other accents."""
    wanted = [(fold_token(s.text), tone_token(s.text) if has_accents(s.text) else "")
              for s in syllables(query) if s.kind != "punct"]
    folded = [(f, "") for f, _ in wanted]
    return any(has_accented_phrase(h["title"], folded) and not has_accented_phrase(h["title"], wanted)
               for h in folded_hits)


def add_ambiguous(scores, results, queries):
    """The accented short queries whose folded twin meets other accents, accented and folded."""
    for q in queries:
        twin = results.get(("short_accent_folded", fold(q["query"])))
        if q["kind"] == "short_accent" and twin and ambiguous(q["query"], twin[1]):
            scores["short_accent_ambiguous"].append(results[("short_accent", q["query"])][0])
            scores["short_accent_ambiguous_folded"].append(twin[0])


def main():
    args = parse_args()
    subset = subset_file(args)
    ensure_index(args, subset)
    queries = list(read_jsonl(args.queries))
    judged = {i for q in queries for i in q["relevant"]}  # every devset query's, before any sampling
    queries = queries[:: args.every]
    if args.kinds:
        queries = [q for q in queries if q["kind"] in args.kinds.split(",")]
    queries += folded_twins(queries)
    if args.drawn:
        queries += drawn_queries(subset, judged, args.drawn)
    app = create_app({"INDEX_DIR": args.index})
    engine = app.extensions["search_engine"]
    engine.weights = dataclasses.replace(engine.weights, **json.loads(args.weights))
    client = app.test_client()
    client.get("/api/search?q=warm")  # cold start (index open, segmenter load) is measured elsewhere
    ours, ours_ms, misses, results = defaultdict(list), [], defaultdict(list), {}
    for q in queries:
        response, ms = timed(client.get, "/api/search", query_string={"q": q["query"], "per_page": 10})
        hits = response.get_json()["hits"]
        ranked = [h["id"] for h in hits]
        rr = reciprocal_rank(ranked, set(q["relevant"]))
        ours[q["kind"]].append(rr)
        results[(q["kind"], q["query"])] = (rr, hits)
        ours_ms.append(ms)
        if rr < 1:
            misses[q["kind"]].append((q["query"], q["relevant"][0], ranked[:3], rr))
    add_ambiguous(ours, results, queries)
    report("searchapp (JSON endpoint, facets and snippets on)", ours, ours_ms)
    for kind, rows in sorted(misses.items()):
        for row in rows[: args.show_misses]:
            print("  miss", kind, row)
    if not args.no_baseline:
        baseline = Fts5Baseline(read_jsonl(subset))
        theirs, theirs_ms = defaultdict(list), []
        for q in queries:
            ranked, ms = timed(baseline.search, q["query"])
            theirs[q["kind"]].append(reciprocal_rank(ranked, set(q["relevant"])))
            theirs_ms.append(ms)
        report("SQLite FTS5 baseline (folded, phrase first, title x10)", theirs, theirs_ms)


if __name__ == "__main__":
    main()
