"""Snippets: the best passages of the original text, matched words in <mark>, the rest escaped."""

import html

from whoosh import highlight

SNIPPET_CHARS = 240


class MarkFormatter(highlight.Formatter):
    """Wraps matches in <mark> and escapes everything (an article's <script> stays text)."""

    between = " … "

    def _text(self, text):
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % html.escape(highlight.get_text(text, token, replace))


def lead(text, chars=SNIPPET_CHARS):
    """The start of a text, cut at a word boundary and escaped."""
    if len(text) <= chars:
        return html.escape(text)
    cut = text.rfind(" ", 0, chars)
    return html.escape(text[: cut if cut > 0 else chars]) + " …"


def body_snippet(body, terms, analyzer):
    """Up to two passages around the matched terms (folded), or the start of the body."""
    if body and terms:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=90)
        marked = highlight.highlight(body, terms, analyzer, fragmenter, MarkFormatter(), top=2)
        if marked:
            return marked
    return lead(body)


def title_html(title, terms, analyzer):
    """The whole title, escaped, with its matched words marked."""
    if not title or not terms:
        return html.escape(title or "")
    marked = highlight.highlight(title, terms, analyzer, highlight.WholeFragmenter(), MarkFormatter(), top=1)
    return marked or html.escape(title)
