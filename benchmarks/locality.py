"""Judge the locality extractor on the hand-labelled VNTC articles.

Usage:
    python benchmarks/locality.py /work/shared/corpora/vntc.jsonl.gz [--half even|odd] [--all]

Prints province precision (correct non-empty predictions / non-empty predictions; "Trung ương" is
correct for a "national" label, anything else for national/foreign/unknown is wrong), recall on the
centred articles, district accuracy where a district is labelled (exact label and name-only, since
labels keep the 2005 type, e.g. "thị xã Vĩnh Yên"), districts predicted where none is labelled, the
time per article, and a list of the errors. ``--half`` keeps every other labelled article (sorted by
id) to check that tuning on one half generalises to the other.
"""

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.corpus.places import CENTRAL, extract_place  # noqa: E402

LABELS = ROOT / "tests" / "data" / "locality" / "labels.jsonl"


def load_labels(path=LABELS):
    """Labels by id, in id order."""
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {r["id"]: r for r in sorted(rows, key=lambda r: r["id"])}


def load_records(corpus, ids):
    """Corpus records (id, title, body) of the given ids."""
    found = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            if '"id"' not in line:
                continue
            rec = json.loads(line)
            if rec["id"] in ids:
                found[rec["id"]] = rec
                if len(found) == len(ids):
                    break
    return found


def correct_province(label, predicted):
    """True when a non-empty prediction agrees with the label."""
    if label["province"] == "national":
        return predicted == CENTRAL
    return predicted == label["province"]


def district_name(label):
    """A district label without its type word ("thị xã Vĩnh Yên" -> "Vĩnh Yên")."""
    for kind in ("thành phố", "thị xã", "huyện", "quận"):
        if label.startswith(kind + " "):
            return label[len(kind) + 1:]
    return label


def judge(labels, records):
    """Per-article outcomes and the summary numbers."""
    rows, elapsed = [], 0.0
    for aid, label in labels.items():
        rec = records[aid]
        start = time.process_time()
        province, district, _ = extract_place(rec.get("title") or "", rec.get("body") or "")
        elapsed += time.process_time() - start
        rows.append((label, province, district))
    predicted = [(lab, p) for lab, p, _ in rows if p]
    right = sum(correct_province(lab, p) for lab, p in predicted)
    centred = [(lab, p) for lab, p, _ in rows if lab["centred"]]
    recalled = sum(p == lab["province"] for lab, p in centred)
    with_district = [(lab, d) for lab, _, d in rows if lab["district"]]
    exact = sum(d == lab["district"] for lab, d in with_district)
    by_name = sum(bool(d) and district_name(d) == district_name(lab["district"]) for lab, d in with_district)
    extra = sum(1 for lab, _, d in rows if d and not lab["district"])
    return rows, {
        "articles": len(rows),
        "predicted": len(predicted),
        "precision": right / len(predicted) if predicted else 0.0,
        "centred": len(centred),
        "recall": recalled / len(centred) if centred else 0.0,
        "districts": len(with_district),
        "district_exact": exact / len(with_district) if with_district else 0.0,
        "district_name": by_name / len(with_district) if with_district else 0.0,
        "district_unlabelled": extra,
        "ms_per_article": 1000 * elapsed / max(1, len(rows)),
    }


def errors(rows, show_all=False):
    """Lines describing wrong, missed or (with show_all) every prediction."""
    out = []
    for label, province, district in rows:
        wrong = bool(province) and not correct_province(label, province)
        missed = label["centred"] and province != label["province"]
        bad_district = bool(label["district"]) and district != label["district"] or \
            bool(district) and not label["district"]
        if wrong or missed or bad_district or show_all:
            tag = "WRONG" if wrong else "MISSED" if missed else "DISTRICT" if bad_district else "ok"
            gold = label["province"] + (" (centred)" if label["centred"] else "")
            out.append(f"{tag:8} {label['id']:28} gold={gold} / {label['district'] or '-'}  "
                       f"got={province or '-'} / {district or '-'}")
    return out


def main(argv=None):
    """Command line: judge the labelled articles of the given corpus and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="vntc.jsonl.gz")
    parser.add_argument("--half", choices=("even", "odd"), help="judge every other article only")
    parser.add_argument("--all", action="store_true", help="list every article, not only errors")
    args = parser.parse_args(argv)
    labels = load_labels()
    if args.half:
        keep = 0 if args.half == "even" else 1
        labels = {k: v for i, (k, v) in enumerate(labels.items()) if i % 2 == keep}
    records = load_records(args.corpus, set(labels))
    missing = set(labels) - set(records)
    if missing:
        sys.exit(f"{len(missing)} labelled ids not in the corpus, e.g. {sorted(missing)[:3]}")
    rows, s = judge(labels, records)
    print(f"articles {s['articles']}, predicted {s['predicted']}, centred {s['centred']}")
    print(f"province precision {s['precision']:.3f}")
    print(f"recall on centred   {s['recall']:.3f}")
    print(f"district accuracy   {s['district_exact']:.3f} exact, {s['district_name']:.3f} by name "
          f"(over {s['districts']} labelled districts); {s['district_unlabelled']} districts "
          "predicted where none is labelled")
    print(f"time per article    {s['ms_per_article']:.2f} ms (CPU)")
    print("\n".join(errors(rows, args.all)))


if __name__ == "__main__":
    main()
