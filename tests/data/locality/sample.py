"""Reproduce the article selection for the locality test set.

Deterministic: records are read from the corpus, records with ``dup_of`` are
skipped, each category's ids are sorted, and then -- in the fixed category
order below -- one ``random.Random(20261125)`` generator shuffles each
category's id list.  The first ``PER_CATEGORY`` ids of every shuffled list are
the sample (4 x 40 = 160 articles).

If more articles were ever needed, the extension is "continue down the same
shuffled lists" (ids PER_CATEGORY..PER_CATEGORY+EXTRA-1), so the original
sample is always a prefix.  EXTRA = 0: the first 160 gave enough centred
articles (see README.md).

Usage:
    python sample.py            # print the selected ids, one per line
    python sample.py --show N   # also print title/body (first N chars) for reading
"""
import argparse
import gzip
import json
import random

CORPUS = "/work/shared/corpora/vntc.jsonl.gz"
SEED = 20261125
CATEGORIES = ["Chính trị - Xã hội", "Pháp luật", "Kinh doanh", "Đời sống"]
PER_CATEGORY = 40
EXTRA = 0  # additional articles per category, taken further down the same shuffled lists


def load(path=CORPUS):
    recs = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("dup_of"):
                continue
            if r["category"] in CATEGORIES:
                recs[r["id"]] = r
    return recs


def select(recs):
    rng = random.Random(SEED)
    chosen = []
    for cat in CATEGORIES:
        ids = sorted(i for i, r in recs.items() if r["category"] == cat)
        rng.shuffle(ids)
        chosen.extend(ids[: PER_CATEGORY + EXTRA])
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="print title and first N body chars")
    args = ap.parse_args()
    recs = load()
    for i in select(recs):
        if args.show:
            r = recs[i]
            print("=" * 80)
            print(i, "|", r["category"], "|", r["source"])
            print("TITLE:", r["title"])
            print(r["body"][: args.show])
        else:
            print(i)


if __name__ == "__main__":
    main()
