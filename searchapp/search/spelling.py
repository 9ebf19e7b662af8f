"""Near spellings of a word among an index's terms: what Whoosh's `terms_within(..., prefix=1)` finds.

Whoosh walks the terms sharing the word's first letter in Python, once per word and field (70-220 ms
a word on the 84k index). Here those terms are read once per first letter (a typo rarely hits the
first letter, hence Whoosh's prefix=1) and rapidfuzz compares a word with them in C. The distance is
Whoosh's on an index of several segments (its MultiReader): Damerau-Levenshtein as optimal string
alignment, where swapping two neighbour letters is one edit.
"""

from rapidfuzz import process
from rapidfuzz.distance import OSA


def term_group(leaves, fieldnames, first):
    """Sorted terms of the fields over all segments starting with first (deleted documents' too, as in Whoosh)."""
    raw = set()
    for leaf in leaves:
        for fieldname in fieldnames:
            raw.update(leaf.expand_prefix(fieldname, first))
    return sorted(b.decode("utf-8") for b in raw)


def near_terms(group, word, maxdist):
    """Terms of group within maxdist edits of word, in the group's order.

    >>> group = ["hoa", "hoc", "hocj", "hong", "ohc"]
    >>> near_terms(group, "hco", 1)  # "hoc": two letters swapped, one edit
    ['hoc']
    >>> near_terms(group, "hoc", 1)
    ['hoa', 'hoc', 'hocj', 'ohc']
    """
    found = process.extract(word, group, scorer=OSA.distance, processor=None, score_cutoff=maxdist, limit=None)
    return [group[i] for i in sorted(i for _, _, i in found)]
