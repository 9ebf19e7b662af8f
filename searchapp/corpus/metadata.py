"""Metadata extraction: publication date and locality, unless the publisher gave them."""

from .article import Article
from .dates import extract_date


def extract_metadata(article: Article):
    """Fill what the article does not state yet; unknown stays empty."""
    given = set(article.extra.get("given", ()))
    if not article.date and "date" not in given:
        article.date, article.date_inferred = extract_date(article.header, article.title, article.body)
    return article
