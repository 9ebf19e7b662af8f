"""Per-article work done in worker processes: metadata, segmentation, the document to write."""

import hashlib
import json

from functools import lru_cache

from ..corpus.metadata import extract_metadata
from ..text.segment import segmented
from .schema import TEXT_FIELDS, build_schema


def fingerprint(article):
    """A hash of everything that decides the indexed document (incremental reindex compares it)."""
    data = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def segmented_text(text):
    """pyvi segmentation line by line (pyvi is slower on one huge string)."""
    return "\n".join(segmented(line) for line in text.split("\n"))


def to_document(article):
    """The Whoosh document for one article."""
    stamp = fingerprint(article)
    article = extract_metadata(article)
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "author": article.author,
        "url": article.url,
        "date": article.date,
        "date_inferred": article.date_inferred,
        "fingerprint": stamp,
        "year": article.date[:4],
        "month": article.date[:7],
        "province": article.province,
        "district": article.district,
        "province_2025": article.province_2025,
        "source": article.source,
        "words": segmented_text(article.title) + "\n" + segmented_text(article.body),
    }
    for part in ("title", "body"):
        for suffix in ("f", "a", "p"):
            doc[f"{part}_{suffix}"] = getattr(article, part)
    # Analyse here, in the worker: the single writer process then only adds postings.
    schema = _schema()
    for name in TEXT_FIELDS:
        doc[name] = schema[name].preindex(doc[name])
    # Absent rather than empty: an empty ID would be a facet value.
    return {k: v for k, v in doc.items() if v != ""}


@lru_cache(maxsize=1)
def _schema():
    return build_schema()
