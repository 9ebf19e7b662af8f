"""Whoosh queries from parsed units: what must match (the core) and what ranks it (the boosts)."""

from dataclasses import dataclass

from whoosh import query as Q

from ..text.fold import has_accents
from ..text.segment import compounds
from ..text.unicode import normalize_tone


@dataclass(frozen=True)
class Weights:
    """Ranking weights, tuned on the devset (benchmarks/quality.py)."""

    title: float = 2.0  # a word in the title vs in the body
    fuzzy: float = 0.5  # a near-spelling of an unknown word
    phrase_title: float = 8.0  # every adjacent pair of the query in the title (a phrase, cheaply)
    phrase_body: float = 6.0
    pair_title: float = 1.0  # two words next to each other, as typed
    pair_body: float = 0.5
    accent_title: float = 0.6  # a word with exactly the typed diacritics
    accent_body: float = 0.3
    word: float = 0.5  # a pyvi compound of the (accented) query


def _fields(restrict):
    return ("title_f",) if restrict == "title" else ("body_f",) if restrict == "body" else ("title_f", "body_f")


def _seq_query(fieldname, seq, boost):
    if len(seq) == 1:
        return Q.Term(fieldname, seq[0], boost=boost)
    return Q.Phrase(fieldname, list(seq), boost=boost)


def unit_query(unit, w, restrict=""):
    """One unit anywhere in the allowed fields (title matches weigh more)."""
    subs = []
    for fieldname in _fields(restrict):
        boost = w.title if fieldname == "title_f" else 1.0
        if unit.fuzzy:
            subs += [Q.Term(fieldname, t, boost=boost * w.fuzzy) for t in unit.fuzzy]
        else:
            subs += [_seq_query(fieldname, seq, boost) for seq in unit.alternatives]
    return subs[0] if len(subs) == 1 else Q.Or(subs)


def phrase_query(units, w, restrict=""):
    """Units that must stand together, in order (a quoted phrase)."""
    seq = [u.folded for u in units if u.simple]
    if len(seq) < 2:
        return Q.And([unit_query(u, w, restrict) for u in units]) if len(units) > 1 else unit_query(units[0], w, restrict)
    subs = [Q.Phrase(f, seq, boost=w.title if f == "title_f" else 1.0) for f in _fields(restrict)]
    return subs[0] if len(subs) == 1 else Q.Or(subs)


def boost_queries(units, text, w):
    """Optional clauses that reorder the matches: order, adjacency, exact accents, compounds."""
    boosts = []
    adjacent = [f"{a.folded} {b.folded}" for a, b in zip(units, units[1:])
                if a.simple and b.simple and not (a.fuzzy or b.fuzzy)]
    if adjacent:
        # All pairs present ~ the words as a phrase; pair terms are rare, so this is cheap, unlike spans.
        boosts.append(_and_terms("title_p", adjacent, w.phrase_title))
        boosts.append(_and_terms("body_p", adjacent, w.phrase_body))
    for pair in adjacent if len(adjacent) > 1 else ():
        boosts.append(Q.Term("title_p", pair, boost=w.pair_title))
        boosts.append(Q.Term("body_p", pair, boost=w.pair_body))
    for unit in units:
        if unit.accented:
            boosts.append(Q.Term("title_a", unit.accented, boost=w.accent_title))
            boosts.append(Q.Term("body_a", unit.accented, boost=w.accent_body))
    if has_accents(text):
        for word in compounds(text):
            tone = "_".join(normalize_tone(p) for p in word.lower().split("_"))
            boosts.append(Q.Term("words", tone, boost=w.word))
    return boosts


def _and_terms(fieldname, texts, boost):
    if len(texts) == 1:
        return Q.Term(fieldname, texts[0], boost=boost)
    return Q.And([Q.Term(fieldname, t) for t in texts], boost=boost)


def ranked(core, boosts):
    """The core decides what matches; the boosts only add to the score of what does."""
    return Q.AndMaybe(core, Q.Or(boosts)) if boosts else core
