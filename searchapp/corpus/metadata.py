"""Metadata extraction: date and locality of an article (filled by the dates/places rules)."""

from .article import Article


def extract_metadata(article: Article):
    """Fill what the article does not state yet; unknown stays empty."""
    return article
