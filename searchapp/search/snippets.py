"""Snippets: the best passages of the original text, matched words in <mark>, the rest escaped."""

import html
import re
from functools import lru_cache
from itertools import chain

from whoosh import highlight

from ..text.fold import fold

SNIPPET_CHARS = 240
SURROUND = 90


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
        windows = _windows(body, terms)
        top = 2 if len(windows) == 1 else 1  # two passages in all
        marked = " … ".join(filter(None, (_highlight(body[a:b], terms, analyzer, top) for a, b in windows)))
        if marked:
            return marked
    return lead(body)


def _highlight(text, terms, analyzer, top):
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SURROUND)
    return highlight.highlight(text, terms, analyzer, fragmenter, MarkFormatter(), top=top)


def _windows(body, terms):
    """(start, end) of at most two passages of body worth highlighting, in text order.

    Whoosh's highlighter analyses every token of the text it is given, the main cost of a
    results page; a regex that matches the terms in any accents finds where to look first.
    The whole body is used when the regex finds nothing (a code written another way, say).
    """
    starts = [(m.start(), fold(m.group())) for m in _term_regex(frozenset(terms)).finditer(body)]
    if not starts:
        return [(0, len(body))]
    scored = _distinct_ahead(starts)
    chosen = []
    for _ in range(2):
        free = [(n, -p) for p, n in scored if all(p + SNIPPET_CHARS <= a or p >= b for a, b in chosen)]
        if not free:
            break
        p = -max(free)[1]  # the most distinct terms, then the earliest
        chosen.append((p, p + SNIPPET_CHARS))
    merged = []
    for a, b in sorted(_snap(body, max(0, a - SURROUND), b + SURROUND) for a, b in chosen):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _distinct_ahead(starts):
    """(offset, distinct terms within SNIPPET_CHARS from it) for each match, with a sliding window."""
    counts, out, j = {}, [], 0
    for i, (p, _) in enumerate(starts):
        while j < len(starts) and starts[j][0] < p + SNIPPET_CHARS:
            counts[starts[j][1]] = counts.get(starts[j][1], 0) + 1
            j += 1
        out.append((p, len(counts)))
        term = starts[i][1]
        counts[term] -= 1
        if not counts[term]:
            del counts[term]
    return out


def _snap(body, start, end):
    """Widen (start, end) to whole words."""
    if start > 0:
        space = body.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    space = body.find(" ", end)
    return start, len(body) if space < 0 else space


@lru_cache(maxsize=1)
def _letter_classes():
    """Each folded letter -> a regex class of every letter that folds to it: d -> [Ddđ Đ], a -> [aàá…]."""
    groups = {}
    for code in chain(range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x250), range(0x1EA0, 0x1F00)):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isalpha():
            groups.setdefault(folded, set()).update({char, char.lower(), char.upper()})
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in groups.items()}


@lru_cache(maxsize=256)
def _term_regex(terms):
    """A regex for folded terms written with any accents, as whole words."""
    classes = _letter_classes()
    alternatives = sorted(("".join(classes.get(c, re.escape(c)) for c in t) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def title_html(title, terms, analyzer):
    """The whole title, escaped, with its matched words marked."""
    if not title or not terms:
        return html.escape(title or "")
    marked = highlight.highlight(title, terms, analyzer, highlight.WholeFragmenter(), MarkFormatter(), top=1)
    return marked or html.escape(title)
