"""Per-article work done in worker processes: metadata, segmentation, the postings to write."""

import bisect
import hashlib
import json
from dataclasses import fields
from functools import lru_cache

from ..corpus.metadata import extract_metadata
from ..text.analyzers import fold_token, pairs, token_stream, tone_token
from ..text.segment import compound_words
from ..text.tokenize import syllables
from .schema import build_schema


def fingerprint(article):
    """A hash of everything that decides the indexed document (incremental reindex compares it).

    Not the origin: an article that moved to another line or file is the same document.
    """
    data = {f.name: getattr(article, f.name) for f in fields(article) if f.name != "origin"}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _lines(text, sylls):
    """The syllables of each line (pyvi works per sentence-ish unit; one huge sequence is slower)."""
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    lines = [[] for _ in range(len(breaks) + 1)]
    for syl in sylls:
        lines[bisect.bisect(breaks, syl.start)].append(syl)
    return [line for line in lines if line]


def compound_terms(text, sylls):
    """The pyvi multi-syllable words of a text, as the `words` field indexes them."""
    out = []
    for line in _lines(text, sylls):
        out += [tone_token(word) for word in compound_words(line)]
    return out


def text_postings(schema, part, text):
    """Postings of the folded, accented and pair views of one text (tokenized once), and its words."""
    sylls = syllables(text)
    stream = list(token_stream(sylls))
    parts_only = [fold_token(t) for t, *_ in token_stream(sylls, codes="parts")]
    postings = {
        f"{part}_f": schema[f"{part}_f"].postings([(fold_token(t), pos) for t, pos, _, _ in stream]),
        f"{part}_a": schema[f"{part}_a"].postings([tone_token(t) for t, *_ in stream]),
        f"{part}_p": schema[f"{part}_p"].postings(pairs(parts_only)),
    }
    return postings, compound_terms(text, sylls)


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
    }
    # Analyse here, in a worker: whichever writer adds the document then only adds postings.
    schema = _schema()
    words = []
    for part in ("title", "body"):
        postings, compounds = text_postings(schema, part, getattr(article, part))
        doc.update(postings)
        words += compounds
    doc["words"] = schema["words"].postings(words)
    # Absent rather than empty: an empty ID would be a facet value.
    return {k: v for k, v in doc.items() if v != "" and v != []}


@lru_cache(maxsize=1)
def _schema():
    return build_schema()
