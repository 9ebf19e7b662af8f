"""The "Có phải bạn muốn tìm" suggestion: the query as the best hits actually write it."""

from collections import Counter

from ..text.analyzers import fold_token
from ..text.fold import has_accents
from ..text.tokenize import syllables


SCAN_CHARS = 10_000  # of each title and body: spelling shows early, and some articles run to 80k characters


def _parts(documents):
    """(as written, folded) syllables of each title and body in turn, the first SCAN_CHARS of each."""
    for doc in documents:
        for text in (doc.get("title", ""), doc.get("body", "")):
            if len(text) > SCAN_CHARS:
                text = text[: text.rfind(" ", 0, SCAN_CHARS) + 1 or SCAN_CHARS]  # no half word
            yield [(s.text, fold_token(s.text)) for s in syllables(text) if s.kind != "punct"]


def _chain(tokens, parts):
    """The tokens seen, then those of the parts not yet tokenized."""
    yield from tokens
    for part in parts:
        yield from part


def _window(tokens, wanted):
    """The first run of tokens matching wanted (a set of folded forms per unit), as written."""
    n = len(wanted)
    for i in range(len(tokens) - n + 1):
        if all(tokens[i + j][1] in wanted[j] for j in range(n)):
            return [t for t, _ in tokens[i : i + n]]
    return None


def _each(tokens, wanted):
    """Per unit, its most common spelling, counting spellings next to a neighbour unit thrice."""
    chosen = []
    for i, options in enumerate(wanted):
        votes = Counter()
        for k, (text, folded) in enumerate(tokens):
            if folded in options:
                near = (i and k and tokens[k - 1][1] in wanted[i - 1]) or (
                    i + 1 < len(wanted) and k + 1 < len(tokens) and tokens[k + 1][1] in wanted[i + 1])
                votes[text] += 3 if near else 1
        if not votes:
            return None
        chosen.append(votes.most_common(1)[0][0])
    return chosen


def suggestion(units, typed, documents):
    """The query written as in the top documents, when it was typed without accents or misspelt."""
    if not units or not all(u.simple or u.fuzzy for u in units):
        return None
    misspelt = any(u.fuzzy for u in units)
    if not misspelt and all(has_accents(u.text) or not u.text.isalpha() for u in units):
        return None
    wanted = [set(u.fuzzy) if u.fuzzy else {u.folded} for u in units]
    parts, tokens, words = _parts(documents), [], None
    for part in parts:  # tokenizing is the cost: stop at the first part with the words in a row
        tokens += part
        words = _window(part, wanted)
        if words:
            break
    words = words or _each(tokens, wanted)
    if not words:
        return None
    # A sentence-initial capital is not the word's own: use the lowercase spelling where it exists.
    if words[0][:1].isupper() and any(t == words[0].lower() for t, _ in _chain(tokens, parts)):
        words[0] = words[0].lower()
    suggested = " ".join(w.lower() if w.isupper() and len(w) > 1 and not u.text.isupper() else w
                         for w, u in zip(words, units))
    return suggested if suggested != typed.strip() else None
