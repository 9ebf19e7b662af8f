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


def configure(results):
    """Set Whoosh's highlighter on results for our snippets."""
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=90)
    results.formatter = MarkFormatter()


def body_snippet(hit, body):
    """Up to two passages around the matches, or the start of the body."""
    if body:
        marked = hit.highlights("body_f", text=body, top=2)
        if marked:
            return marked
    return lead(body)


_WHOLE = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(), formatter=MarkFormatter())


def title_html(hit, title):
    """The whole title, escaped, with its matched words marked."""
    return (_WHOLE.highlight_hit(hit, "title_f", text=title, top=1) if title else "") or html.escape(title)
