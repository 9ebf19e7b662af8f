"""Ranking with numpy over IndexArrays: which documents match, and how well.

A unit (a query word, code or abbreviation) matches a document when one of its alternatives occurs
in the title or body; its score is BM25 per field, the title weighing more. Boosts then reorder the
matches: the query's adjacent pairs present (a phrase, cheaply), the words with the typed accents,
pyvi compounds. The body adds evidence to a title match, not a second match: a word the title has
counts half in the body, and the body's phrase nothing where the title has the phrase. The body's
lead (its first LEAD syllables) says what the article is about: the phrase there, and each query
word the title lacks, count again. Documents with every unit come first; with too few of them,
those missing one.
"""

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from ..text.analyzers import fold_token, pairs, tone_token
from ..text.fold import has_accents
from ..text.segment import compounds
from ..text.tokenize import syllables

ACCENT_CHECK = 50  # titles with the phrase read to compare accents, best scored first
VERIFY = 50  # documents with every pair checked for the exact phrase (positions), best scored first: 5 pages
VERIFY_SLIP = 30  # the same for a phrase with one word mistyped: checked only when no document has the phrase
LEAD = 40  # syllables: a news article's lead, its first sentence or two, which says what the article is about
LEAD_CHECK = 50  # the best documents (most query words, then score) whose leads are read for the query's words


@dataclass(frozen=True)
class Weights:
    """Ranking weights, tuned on the devset (benchmarks/quality.py)."""

    k1: float = 1.2  # BM25 term-frequency saturation
    b: float = 0.75  # BM25 length normalisation
    title: float = 4.0  # a word in the title vs in the body
    body_in_title: float = 0.5  # share of a word's body score where the title has the word too
    title_coverage: float = 1.0  # title word scores times (share of the query's words in the title) ** this
    fuzzy: float = 0.5  # a near-spelling of an unknown word
    phrase_title: float = 8.0  # every adjacent pair of the query in the title (a phrase, cheaply)
    phrase_body: float = 6.0
    phrase_loose: float = 0.25  # share of the phrase bonus when every pair occurs but not as one phrase
    phrase_tf_cap: float = 2.2  # at most this factor for a recurring body phrase (1.0 at one, average length),
    # before lead_phrase
    slip: float = 0.15  # share of the phrase bonus for the phrase with one word mistyped
    pair_title: float = 0.2  # two words next to each other, as typed
    pair_body: float = 0.05
    accent_title: float = 2.0  # a word with exactly the typed diacritics
    accent_body: float = 0.3
    accent_phrase: float = 2.0  # share of the title phrase bonus when the title has it accented as typed
    word: float = 0.5  # a pyvi compound of the (accented) query
    lead_phrase: float = 0.5  # share of the body phrase bonus added again where the phrase is in the lead
    lead_word: float = 3.0  # a word the title lacks, in the body's lead (times its idf)


def _literal_runs(units):
    """The query's folded syllables as typed, split where a near-spelling replaced a word.

    >>> from .units import to_units
    >>> units = to_units("học tập tp hcm chiem")
    >>> units[-1].fuzzy = ["chiem"]
    >>> _literal_runs(units)
    [['hoc', 'tap', 'tp', 'hcm']]
    """
    runs = [[]]
    for unit in units:
        if unit.fuzzy or not unit.literal:
            runs.append([])
        else:
            runs[-1].extend(unit.literal)
    return [run for run in runs if run]


def has_accented_phrase(text, wanted):
    """Whether text has the (folded, accented or "") syllables of wanted in a row, accents as given.

    >>> has_accented_phrase("Hòa bình, hóa chất", [("hoa", "hóa"), ("chat", "")])
    True
    >>> has_accented_phrase("Hòa bình, hóa chất", [("hoa", "hoà"), ("chat", "")])
    False
    """
    found = [(fold_token(s.text), tone_token(s.text)) for s in syllables(text) if s.kind != "punct"]
    for i in range(len(found) - len(wanted) + 1):
        if all(f == w and (not acc or a == acc) for (f, a), (w, acc) in zip(found[i:], wanted)):
            return True
    return False


def _in_lead(starts, length):
    """Whether a phrase of length syllables, starting at the first of starts, lies within the body's lead.

    >>> _in_lead({12, 3}, 5), _in_lead({36}, 5)
    (True, False)
    """
    return min(starts) + length <= LEAD


def _saturate(tf, k1=1.2):
    return tf * (k1 + 1) / (tf + k1)


class Ranker:
    """Scores and match counts for one query over one index."""

    def __init__(self, arrays, searcher, weights: Weights, allowed=None):
        self.a = arrays
        self.searcher = searcher
        self.w = weights
        self.allowed = allowed  # documents the filters let through (None: all): checked however far down they are
        self.score = np.zeros(arrays.count, dtype=np.float32)
        self.matched = np.zeros(arrays.count, dtype=np.int16)
        self.units = 0
        self.present = {}  # id(unit) -> where that unit matched
        self.slipped_in_lead = {}  # id(unit) -> documents with the phrase around it, mistyped, in the lead
        self.title_score = np.zeros(arrays.count, dtype=np.float32)  # words in the title, added by boost()
        self.title_units = np.zeros(arrays.count, dtype=np.float32)

    def _bm25(self, fieldname, ids, tf):
        if not len(ids):
            return tf
        if fieldname == "title_f":  # a title is too short for repeats to mean weight, and a repeated
            tf = np.minimum(tf, 1)  # syllable there is mostly another word (công bố, công nương)
        length = self.a.lengths[fieldname][ids]
        k1, b = self.w.k1, self.w.b
        norm = k1 * (1 - b + b * length / self.a.avg_length[fieldname])
        return self.a.idf(len(ids)) * tf * (k1 + 1) / (tf + norm)

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
        """Documents with seq (folded syllables) as a phrase in a field: quoted phrases, multi-word alternatives."""
        return self.a.phrase_docs(fieldname, seq, lambda: self._find_phrase(fieldname, list(seq)))

    def _find_phrase(self, fieldname, seq):
        # The pair view holds adjacent syllables: documents with every pair of seq, checked on positions
        # (Whoosh's Phrase query walked all the postings of common syllables: up to a second on 84k).
        if not all(t.isalnum() for t in seq):  # codes are not in the pair view
            query = Q.Phrase(fieldname, seq)
            return np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)
        ids = self._having_all(fieldname[:-1] + "p", pairs(seq))
        if len(seq) == 2:  # the pair is the phrase
            return ids
        return np.array(sorted(self.a.phrase_counts(fieldname, seq, ids.tolist())), dtype=np.int64)

    def add_unit(self, unit, fields=("title_f", "body_f")):
        """Score one required unit and count it as matched where it occurs."""
        present = np.zeros(self.a.count, dtype=bool)
        for fieldname in fields:
            weight = self.w.title if fieldname == "title_f" else 1.0
            titled = present.copy()  # where the fields before this one matched: the title (it comes first)
            if unit.fuzzy:
                terms, weight = unit.fuzzy, weight * self.w.fuzzy
            else:
                terms = [alt[0] for alt in unit.alternatives if len(alt) == 1]
            ids, tf = self._term_hits(fieldname, terms)
            if len(ids):
                part = weight * self._bm25(fieldname, ids, tf)
                if fieldname == "title_f":
                    self.title_score[ids] += part
                    self.title_units[ids] += 1
                else:
                    self.score[ids] += part * self._body_share(titled, ids)
                present[ids] = True
            for alt in unit.alternatives if not unit.fuzzy else ():
                if len(alt) > 1:
                    docs = self._phrase_docs(fieldname, alt)
                    if len(docs):
                        self.score[docs] += weight * self.a.idf(len(docs)) * self._body_share(titled, docs)
                        present[docs] = True
        self.matched += present
        self.units += 1
        self.present[id(unit)] = present
        return present

    def _body_share(self, titled, ids):
        """The body adds evidence to a title match, not a second match: ids' share of a body score."""
        return np.where(titled[ids], self.w.body_in_title, 1.0)

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

    def add_title_words(self):
        """Add the title scores of the words, weighed by how many of the query's words the title has.

        One word of a long query in a title says little about the article.
        """
        if self.units:
            self.score += self.title_score * np.minimum(1, self.title_units / self.units) ** self.w.title_coverage
        self.title_score[:] = 0

    def boost(self, units, text):
        """Adjacent pairs (and all of them: a phrase), exact accents, compounds."""
        self.add_title_words()
        runs = _literal_runs(units)
        adjacent = [pair for run in runs for pair in pairs(run)]  # as the indexer makes them
        phrase = runs[0] if len(runs) == 1 else None  # no near-spelling breaks it
        exact = 0
        in_title = np.zeros(0, dtype=np.int64)  # documents with the phrase (or every typed pair) in the title
        for fieldname, all_weight, one_weight in (("title_p", self.w.phrase_title, self.w.pair_title),
                                                  ("body_p", self.w.phrase_body, self.w.pair_body)):
            for pair in adjacent if len(adjacent) > 1 else ():
                ids, tf = self.a.postings(fieldname, pair)
                self.score[ids] += one_weight * self.a.idf(len(ids)) * _saturate(tf)
            ids = self._having_all(fieldname, adjacent)
            if fieldname == "body_p":  # the phrase in the title says it all: the body's phrase adds nothing to it
                ids = np.setdiff1d(ids, in_title, assume_unique=True)
            if len(ids):
                bonus = all_weight * self._pairs_idf(fieldname, adjacent)
                if phrase and len(adjacent) > 1:
                    self.score[ids] += self.w.phrase_loose * bonus
                    docs, lacking = self._exact_phrase(fieldname[:-1] + "f", phrase, ids,
                                                       (1 - self.w.phrase_loose) * bonus)
                    exact += len(docs)
                    if fieldname == "title_p":  # titles past the VERIFY checked most likely have it too
                        in_title = np.setdiff1d(ids, lacking, assume_unique=True)
                        if has_accents(text):
                            self._accented_title(units, docs, self.w.accent_phrase * bonus)
                else:
                    self.score[ids] += bonus
                    if fieldname == "title_p":  # two syllables (the pair is the phrase), or every pair typed
                        in_title = ids
                        if phrase and has_accents(text):
                            self._accented_title(units, ids, self.w.accent_phrase * bonus)
        if not exact and sum(len(u.literal) for u in units) >= 3:
            self._phrase_with_a_slip(units)
        for unit in units:
            if unit.accented:
                for fieldname, weight in (("title_a", self.w.accent_title), ("body_a", self.w.accent_body)):
                    self._add_boost(fieldname, unit.accented, weight)
        if has_accents(text):
            for word in compounds(text):
                self._add_boost("words", tone_token(word), self.w.word)
        self._lead_words(units)

    def _lead_words(self, units):
        """A query word the title lacks counts again in the body's lead, at the LEAD_CHECK best documents.

        Of the documents with the query's words scattered, those with them in the lead are about them;
        the same words deep in a long body may be there in passing. Single words typed outside quotes
        and field clauses (what boost() gets); a real word slipped in for a mistyped one counts as
        the typed word, as it does for matching. (Near spellings of an unknown word do not: with
        them, typo queries did a little worse on the devset.)
        """
        best = np.array(self._leading(LEAD_CHECK) if units else [], dtype=np.int64)
        for unit in units if len(best) else ():
            if unit.simple and not unit.fuzzy:
                untitled = np.setdiff1d(best, self.a.postings("title_f", unit.folded)[0], assume_unique=True)
                body = self.a.postings("body_f", unit.folded)[0]
                lead = self._with_in_lead(unit, untitled, body)
                if len(lead):
                    self.score[lead] += self.w.lead_word * self.a.idf(len(body))

    def _with_in_lead(self, unit, docs, body):
        """Those of docs (sorted doc numbers) with unit, or a word slipped in for it, in the body's lead.

        body: the documents whose body has the unit's word."""
        having = docs[np.isin(docs, body, assume_unique=True)].tolist()  # positions are read for these only
        found = [d for d, p in self.a.first_positions("body_f", unit.folded, having).items() if _in_lead({p}, 1)]
        wanted = set(docs.tolist())
        slipped = [d for d in self.slipped_in_lead.get(id(unit), ()) if d in wanted]
        return np.unique(np.array(found + slipped, dtype=np.int64))

    def _having_all(self, fieldname, terms):
        """Doc ids (sorted) with every one of terms in a field; none for no terms."""
        ids = self.a.postings(fieldname, terms[0])[0] if terms else np.zeros(0, dtype=np.int64)
        for term in terms[1:]:
            ids = np.intersect1d(ids, self.a.postings(fieldname, term)[0], assume_unique=True)
        return ids

    def _pairs_idf(self, fieldname, terms):
        return sum(self.a.idf(len(self.a.postings(fieldname, p)[0])) for p in terms)

    def _best(self, ids, limit=VERIFY):
        """The limit best scored of ids, and the limit best of those the filters allow, in doc-number order.

        The first keep a filter from changing what is found in the whole index (is there the phrase at
        all?), which a filter only narrows; the others get checked however far down the whole list they
        are. Positions are read in doc-number order.
        """
        best = set(ids[np.argsort(-self.score[ids], kind="stable")[:limit]].tolist())
        if self.allowed is not None:
            allowed = ids[self.allowed[ids]]
            best.update(allowed[np.argsort(-self.score[allowed], kind="stable")[:limit]].tolist())
        return sorted(best)

    def _leading(self, limit):
        """The limit documents listed first (most units, then score, then doc number), in doc-number order."""
        key = self.matched * np.float64(1e9) + self.score
        ids = np.flatnonzero(key > 0 if self.allowed is None else (key > 0) & self.allowed)
        if len(ids) > limit:  # the engine breaks ties by doc number: so do the ones at the limit
            kth = np.partition(-key[ids], limit - 1)[limit - 1]
            above, tied = ids[-key[ids] < kth], ids[-key[ids] == kth]
            ids = np.concatenate([above, tied[: limit - len(above)]])
        return sorted(ids.tolist())

    def _phrase_with_a_slip(self, units):
        """No document has the phrase: one word may be mistyped (as another real word, or unknown).

        Documents with the phrase around that one word count as matching it, with a phrase bonus
        for the pairs that do match.
        """
        tokens = [t for u in units for t in u.literal]
        fuzzy = [u for u in units if u.fuzzy]
        slips = fuzzy if len(fuzzy) == 1 else [] if fuzzy else [u for u in units if u.simple]
        start = 0
        for unit in units:
            if unit in slips and id(unit) in self.present:
                pattern = tokens[:start] + [None] + tokens[start + 1 :]
                self._slipped(pattern, unit)
            start += len(unit.literal)

    def _slipped(self, pattern, unit):
        slip = pattern.index(None)  # the slipped word: pairs on either side of it, as the indexer makes them
        known = pairs(pattern[:slip]) + pairs(pattern[slip + 1 :])
        if not known:
            return
        rescued = np.zeros(self.a.count, dtype=bool)
        for fieldname, all_weight in (("title_p", self.w.phrase_title), ("body_p", self.w.phrase_body)):
            ids = self._having_all(fieldname, known)
            if not len(ids):
                continue
            starts = self.a.phrase_starts(fieldname[:-1] + "f", pattern, self._best(ids, VERIFY_SLIP))
            docs = np.array(list(starts), dtype=np.int64)
            self.score[docs] += self.w.slip * all_weight * self._pairs_idf(fieldname, known)
            rescued[docs] = True
            if fieldname == "body_p":
                self.slipped_in_lead[id(unit)] = [d for d, s in starts.items() if _in_lead(s, len(pattern))]
        self.matched[rescued & ~self.present[id(unit)]] += 1

    def _exact_phrase(self, fieldname, phrase, ids, bonus):
        """Add bonus to those of ids (the best scored VERIFY) with the exact phrase.

        Once in a title; in a body more where it recurs in a shorter text, and more again where it is
        in the lead. Returns those that have it, and those checked that do not."""
        checked = self._best(ids)
        starts = self.a.phrase_starts(fieldname, phrase, checked)
        if starts:
            docs = np.fromiter(starts, dtype=np.int64)
            tf = np.fromiter(map(len, starts.values()), dtype=np.float32)
            if fieldname == "body_f":  # a body phrase counts more where it recurs in a shorter text
                tf = np.minimum(self._bm25(fieldname, docs, tf) / self.a.idf(len(docs)), self.w.phrase_tf_cap)
                tf += self.w.lead_phrase * np.array([_in_lead(s, len(phrase)) for s in starts.values()])
            else:  # once in a title, as its syllables: a title twice the phrase is mostly a lead glued to it
                tf = np.minimum(tf, 1)
            self.score[docs] += bonus * tf
        return list(starts), [d for d in checked if d not in starts]

    def _accented_title(self, units, docs, bonus):
        """Add bonus to those of docs (the best ACCENT_CHECK) whose title has the phrase as accented as typed."""
        wanted = [(t, u.accented if u.simple else "") for u in units for t in u.literal]
        for doc in self._best(np.array(docs, dtype=np.int64), ACCENT_CHECK):
            title = self.searcher.stored_fields(doc).get("title", "")
            if has_accented_phrase(title, wanted):
                self.score[doc] += bonus

    def _add_boost(self, fieldname, term, weight):
        ids, tf = self.a.postings(fieldname, term)
        if len(ids):
            self.score[ids] += weight * self.a.idf(len(ids)) * _saturate(tf)

    def exclude(self, present):
        """Documents that must not match (a -word)."""
        self.score[present] = 0
        self.matched[present] = -1000
