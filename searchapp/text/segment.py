"""Vietnamese word segmentation: pyvi's CRF labels over our own syllables, so offsets survive."""

import string
import sys
from functools import lru_cache

from .crf_features import sentence_features
from .tokenize import syllables


@lru_cache(maxsize=1)
def _tokenizer():
    # Only when first needed. sklearn-crfsuite imports scikit-learn (and scipy: 1.3 s of the 1.5 s
    # of loading pyvi) only for a base class, and falls back to a plain one when scikit-learn is
    # missing; tagging never uses it, so hide it during the import (same labels, 0.2 s).
    hide = "sklearn" not in sys.modules
    if hide:
        sys.modules["sklearn"] = None
    try:
        from pyvi.ViTokenizer import ViTokenizer
    finally:
        if hide:
            del sys.modules["sklearn"]
    return ViTokenizer


def _joins(prev, cur, label):
    """pyvi's own rule for gluing a syllable to the previous one (see ViTokenizer.tokenize)."""
    return (
        label == "I_W"
        and cur not in string.punctuation
        and prev not in string.punctuation
        and not cur[0].isdigit()
        and not prev[0].isdigit()
        and not (cur[0].istitle() and not prev[0].istitle())
    )


def word_spans(sylls):
    """Group a list of Syllable into words; return (first, last) index pairs, punctuation left out."""
    if not sylls:
        return []
    texts = [s.text for s in sylls]
    vi = _tokenizer()
    labels = vi.model.predict_single(sentence_features(texts, vi.bi_grams, vi.tri_grams))
    spans = []
    for i, syl in enumerate(sylls):
        if i and spans and spans[-1][1] == i - 1 and _joins(texts[i - 1], texts[i], labels[i]):
            spans[-1] = (spans[-1][0], i)
        elif syl.kind != "punct":
            spans.append((i, i))
    return spans


def segmented(text):
    """Text as space-separated words, syllables of a word joined by "_" (the `words` field's input).

    >>> segmented("Học tập và làm theo Bác")
    'Học_tập và làm theo Bác'
    """
    sylls = syllables(text)
    return " ".join("_".join(s.text for s in sylls[a : b + 1]) for a, b in word_spans(sylls))


def compounds(text):
    """The multi-syllable words of text, as written, syllables joined by "_".

    >>> compounds("Ban Tuyên giáo Thị uỷ đẩy mạnh học tập")
    ['Tuyên_giáo', 'Thị_uỷ', 'đẩy_mạnh', 'học_tập']
    """
    return compound_words(syllables(text))


def compound_words(sylls):
    """The multi-syllable words of a list of Syllable, syllables joined by "_"."""
    return ["_".join(s.text for s in sylls[a : b + 1]) for a, b in word_spans(sylls) if b > a]
