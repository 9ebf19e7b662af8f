"""Ranking with numpy over IndexArrays: which documents match, and how well.

A unit (a query word, code or abbreviation) matches a document when one of its alternatives occurs
in the title or body; its score is BM25 per field, the title weighing more. Boosts then reorder the
matches: the query's adjacent pairs present (a phrase, cheaply), the words with the typed accents,
pyvi compounds. Documents with every unit come first; with too few of them, those missing one.
"""

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from ..text.analyzers import tone_token
from ..text.fold import has_accents
from ..text.segment import compounds

K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Weights:
    """Ranking weights, tuned on the devset (benchmarks/quality.py)."""

    title: float = 4.0  # a word in the title vs in the body
    fuzzy: float = 0.5  # a near-spelling of an unknown word
    phrase_title: float = 8.0  # every adjacent pair of the query in the title (a phrase, cheaply)
    phrase_body: float = 6.0
    pair_title: float = 0.2  # two words next to each other, as typed
    pair_body: float = 0.05
    accent_title: float = 0.6  # a word with exactly the typed diacritics
    accent_body: float = 0.3
    word: float = 0.5  # a pyvi compound of the (accented) query


def _saturate(tf):
    return tf * (K1 + 1) / (tf + K1)


class Ranker:
    """Scores and match counts for one query over one index."""

    def __init__(self, arrays, searcher, weights: Weights):
        self.a = arrays
        self.searcher = searcher
        self.w = weights
        self.score = np.zeros(arrays.count, dtype=np.float32)
        self.matched = np.zeros(arrays.count, dtype=np.int16)
        self.units = 0

    def _bm25(self, fieldname, ids, tf):
        if not len(ids):
            return tf
        length = self.a.lengths[fieldname][ids]
        norm = K1 * (1 - B + B * length / self.a.avg_length[fieldname])
        return self.a.idf(len(ids)) * tf * (K1 + 1) / (tf + norm)

    def _term_hits(self, fieldname, terms):
        """Doc ids and summed tf of any of terms (alternatives of one unit) in a field."""
        parts = [self.a.postings(fieldname, t) for t in terms]
        parts = [p for p in parts if len(p[0])]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([p[0] for p in parts])
        tf = np.concatenate([p[1] for p in parts])
        unique, inverse = np.unique(ids, return_inverse=True)
        return unique, np.bincount(inverse, weights=tf).astype(np.float32)

    def _phrase_docs(self, fieldname, seq):
        """Documents with seq as a phrase in a field (Whoosh positions; only for multi-word alternatives)."""
        query = Q.Phrase(fieldname, list(seq))
        return self.a.phrase_docs(fieldname, seq,
                                  lambda: np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64))

    def add_unit(self, unit, fields=("title_f", "body_f")):
        """Score one required unit and count it as matched where it occurs."""
        present = np.zeros(self.a.count, dtype=bool)
        for fieldname in fields:
            weight = self.w.title if fieldname == "title_f" else 1.0
            if unit.fuzzy:
                terms, weight = unit.fuzzy, weight * self.w.fuzzy
            else:
                terms = [alt[0] for alt in unit.alternatives if len(alt) == 1]
            ids, tf = self._term_hits(fieldname, terms)
            if len(ids):
                self.score[ids] += weight * self._bm25(fieldname, ids, tf)
                present[ids] = True
            for alt in unit.alternatives if not unit.fuzzy else ():
                if len(alt) > 1:
                    docs = self._phrase_docs(fieldname, alt)
                    if len(docs):
                        self.score[docs] += weight * self.a.idf(len(docs))
                        present[docs] = True
        self.matched += present
        self.units += 1
        return present

    def add_phrase(self, units, fields=("title_f", "body_f")):
        """A quoted phrase: required as one unit, scored by its words."""
        seq = [u.folded for u in units if u.simple]
        present = np.zeros(self.a.count, dtype=bool)
        for fieldname in fields:
            if len(seq) > 1:
                present[self._phrase_docs(fieldname, seq)] = True
            elif seq:
                present[self.a.postings(fieldname, seq[0])[0]] = True
        scores = np.zeros(self.a.count, dtype=np.float32)
        for unit in units:
            for fieldname in fields:
                ids, tf = self._term_hits(fieldname, [unit.folded] if unit.simple else [])
                if len(ids):
                    scores[ids] += (self.w.title if fieldname == "title_f" else 1.0) * self._bm25(fieldname, ids, tf)
        self.score += np.where(present, scores, 0)
        self.matched += present
        self.units += 1
        return present

    def add_any(self, presents):
        """An OR group: one unit, matched where any option matched."""
        present = np.logical_or.reduce(presents) if presents else np.zeros(self.a.count, dtype=bool)
        self.matched += present
        self.units += 1

    def boost(self, units, text):
        """Adjacent pairs (and all of them: a phrase), exact accents, compounds."""
        adjacent = [f"{a.folded} {b.folded}" for a, b in zip(units, units[1:])
                    if a.simple and b.simple and not (a.fuzzy or b.fuzzy)]
        for fieldname, all_weight, one_weight in (("title_p", self.w.phrase_title, self.w.pair_title),
                                                  ("body_p", self.w.phrase_body, self.w.pair_body)):
            every = None
            for pair in adjacent:
                ids, tf = self.a.postings(fieldname, pair)
                if len(adjacent) > 1 and len(ids):
                    self.score[ids] += one_weight * self.a.idf(len(ids)) * _saturate(tf)
                every = set(ids.tolist()) if every is None else every & set(ids.tolist())
            if every:
                ids = np.fromiter(every, dtype=np.int64)
                bonus = sum(self.a.idf(len(self.a.postings(fieldname, p)[0])) for p in adjacent)
                self.score[ids] += all_weight * bonus
        for unit in units:
            if unit.accented:
                for fieldname, weight in (("title_a", self.w.accent_title), ("body_a", self.w.accent_body)):
                    self._add_boost(fieldname, unit.accented, weight)
        if has_accents(text):
            for word in compounds(text):
                self._add_boost("words", tone_token(word), self.w.word)

    def _add_boost(self, fieldname, term, weight):
        ids, tf = self.a.postings(fieldname, term)
        if len(ids):
            self.score[ids] += weight * self.a.idf(len(ids)) * _saturate(tf)

    def exclude(self, present):
        """Documents that must not match (a -word)."""
        self.score[present] = 0
        self.matched[present] = -1000
