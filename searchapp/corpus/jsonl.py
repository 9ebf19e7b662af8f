"""JSON Lines corpora (.jsonl or .jsonl.gz): one article object per line."""

import gzip
import json
from pathlib import Path

from .article import Article, Problem
from .decode import DecodeError, decode
from .fields import apply_fields


def _open_lines(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        yield from handle


def record_to_article(record, origin):
    """Return (Article or None, problems) for one decoded JSON record."""
    if not isinstance(record, dict):
        return None, [Problem(origin, "not a JSON object")]
    rid = record.get("id")
    if not isinstance(rid, (str, int)) or str(rid).strip() == "":
        return None, [Problem(origin, "no id")]
    body = record.get("body", record.get("text"))
    if not isinstance(body, str) or not body.strip():
        return None, [Problem(origin, f"record {rid}: no body or text")]
    article = Article(id=str(rid).strip(), body=body.strip(), origin=origin)
    data = {k: v for k, v in record.items() if k not in ("id", "body", "text")}
    reasons = apply_fields(article, data)
    article.extra["given"] = sorted(k for k in data if k in ("date", "province", "district", "source") and data[k])
    return article, [Problem(origin, f"record {rid}: {r}", skipped=False) for r in reasons]


def read_jsonl(path: Path):
    """Yield (Article or None, problems) per line; a broken line is reported, the rest still read."""
    lineno = 0
    try:
        for lineno, raw in enumerate(_open_lines(path), 1):
            if not raw.strip():
                continue
            origin = f"{path}:{lineno}"
            try:
                record = json.loads(decode(raw))
            except (DecodeError, ValueError) as err:
                yield None, [Problem(origin, f"not valid JSON ({err})")]
                continue
            yield record_to_article(record, origin)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield None, [Problem(f"{path}:{lineno + 1}", f"cannot read further: {err}")]
