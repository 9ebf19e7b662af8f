"""Metadata given from outside (a sidecar or a JSON record) onto an Article, checked."""

import datetime

from .article import Article

# Fields a sidecar or record may set directly; anything else is kept in Article.extra.
SETTABLE = ("title", "author", "source", "url", "date", "province", "district", "province_2025")


def check_date(value):
    """An ISO date (YYYY-MM-DD, or a longer ISO timestamp) reduced to YYYY-MM-DD, else ValueError.

    >>> check_date("2024-06-18T09:57:00+07:00")
    '2024-06-18'
    """
    if not isinstance(value, str):
        raise ValueError(f"date must be a string like 2024-06-18, not {value!r}")
    try:
        return datetime.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise ValueError(f"date {value!r} is not an ISO date like 2024-06-18") from None


def apply_fields(article: Article, data: dict):
    """Set the given metadata on article; return the reasons of values that were refused."""
    problems = []
    for key, value in data.items():
        if key not in SETTABLE:
            article.extra[key] = value
            continue
        if value in (None, ""):
            continue
        if key == "date":
            try:
                article.date, article.date_inferred = check_date(value), False
            except ValueError as err:
                problems.append(str(err))
            continue
        if not isinstance(value, str):
            problems.append(f"{key} must be a string, not {type(value).__name__}")
            continue
        setattr(article, key, value.strip())
    return problems
