"""Metadata extraction: publication date and locality, unless the publisher gave them."""

from .article import Article
from .dates import extract_date
from .gazetteer import province_2025
from .places import extract_place, press_tag


def extract_metadata(article: Article):
    """Fill what the article does not state yet; unknown stays empty."""
    given = set(article.extra.get("given", ()))
    if not article.date and "date" not in given:
        article.date, article.date_inferred = extract_date(article.header, article.title, article.body)
    if not article.province and "province" not in given:
        province, district, new_province = extract_place(article.title, article.body, article.source, article.header)
        article.province, article.district, article.province_2025 = province, district or article.district, new_province
    elif article.province and not article.province_2025:
        article.province_2025 = province_2025(article.province)
    if not article.source and "source" not in given:
        article.source = _paper(article.body) or article.extra.get("credit", "")
    return article


def _paper(body):
    """The provincial paper whose press tag opens the lead: "(BĐ) -" is Báo Bình Định."""
    province = press_tag(body)
    return f"Báo {province}" if province else ""
