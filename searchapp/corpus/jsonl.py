"""JSON Lines corpora (.jsonl or .jsonl.gz): one article object per line."""

import gzip
import json
from pathlib import Path

from .article import MAX_ARTICLE_BYTES, Article, Problem, size_text
from .decode import DecodeError, decode
from .fields import apply_fields


def _open_lines(path: Path):
    """The file's lines as (bytes, size); a line over MAX_ARTICLE_BYTES comes as (None, size), never held whole."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        while line := handle.readline(MAX_ARTICLE_BYTES + 1):
            if len(line) <= MAX_ARTICLE_BYTES or line.endswith(b"\n"):
                yield line, len(line)
                continue
            size = len(line)
            while not line.endswith(b"\n") and (line := handle.readline(1024 * 1024)):  # skip the rest of it
                size += len(line)
            yield None, size


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
        for lineno, (raw, size) in enumerate(_open_lines(path), 1):
            origin = f"{path}:{lineno}"
            if raw is None:
                yield None, [Problem(origin, f"record of {size_text(size)} is over the {size_text(MAX_ARTICLE_BYTES)} "
                                             "limit of one article")]
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(decode(raw))
            except (DecodeError, ValueError) as err:
                yield None, [Problem(origin, f"not valid JSON ({err})")]
                continue
            yield record_to_article(record, origin)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield None, [Problem(f"{path}:{lineno + 1}", f"cannot read further: {err}")]
