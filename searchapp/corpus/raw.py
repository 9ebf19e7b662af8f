"""Raw scraped .txt pages with optional NAME.json sidecars."""

import json
from pathlib import Path

from .article import MAX_ARTICLE_BYTES, Article, Problem, size_text
from .clean import clean_page
from .decode import DecodeError, decode
from .fields import apply_fields


def read_sidecar(path: Path):
    """The sidecar's dict (empty when there is none) and a list of problems."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}, []
    try:
        if sidecar.stat().st_size > MAX_ARTICLE_BYTES:
            raise ValueError(f"{size_text(sidecar.stat().st_size)}, over the {size_text(MAX_ARTICLE_BYTES)} limit")
        data = json.loads(decode(sidecar.read_bytes()))
    except (OSError, DecodeError, ValueError) as err:
        return {}, [Problem(str(sidecar), f"sidecar ignored: {err}", skipped=False)]
    if not isinstance(data, dict):
        return {}, [Problem(str(sidecar), "sidecar ignored: not a JSON object", skipped=False)]
    return data, []


def read_page(path: Path):
    """Return (Article or None, problems) for one raw page."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return None, [Problem(str(path), f"file of {size_text(size)} is over the {size_text(MAX_ARTICLE_BYTES)} "
                                             "limit of one article (a collection of articles goes in a .jsonl file)")]
        text = decode(path.read_bytes())
    except (OSError, DecodeError) as err:
        return None, [Problem(str(path), str(err))]
    if not text.strip():
        return None, [Problem(str(path), "empty file")]
    page = clean_page(text)
    if not page.body and not page.title:
        return None, [Problem(str(path), "no article text found")]
    article = Article(id=path.stem, title=page.title, body=page.body, author=page.author,
                      source=page.source, header=page.header, origin=str(path))
    if page.credit:
        article.extra["credit"] = page.credit
    data, problems = read_sidecar(path)
    reasons = apply_fields(article, data)
    problems += [Problem(str(path.with_suffix(".json")), f"sidecar: {r}", skipped=False) for r in reasons]
    # Sidecar values are facts from the publisher: the extractors must not override them.
    article.extra["given"] = sorted(k for k in data if k in ("date", "province", "district", "source"))
    return article, problems
