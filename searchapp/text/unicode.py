"""Unicode normalisation: NFC with offsets back to the original, and one tone-mark placement."""

import unicodedata
from functools import lru_cache

# The five Vietnamese tone marks as combining characters (grave, acute, hook, tilde, dot below).
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_VOWELS = "aăâeêioôơuưy"
_HATTED = "ăâêôơư"


def nfc_with_offsets(text):
    """Return the NFC form of text and, per NFC character, its start offset in text.

    >>> nfc_with_offsets("Hoa\u0300")
    ('Hoà', [0, 1, 2, 4])
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out, offsets = [], []
    start = 0
    # Normalise cluster by cluster (a base character and its combining marks) so each output
    # character can point back to where its cluster started in the original.
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = unicodedata.normalize("NFC", text[start:i])
            out.append(piece)
            offsets.extend([start] * len(piece))
            start = i
    offsets.append(len(text))
    return "".join(out), offsets


def _tone_index(base):
    """Index in base (lowercase, toneless) of the vowel that carries the tone, modern style."""
    begin = 0
    if base.startswith("qu"):
        begin = 2
    elif base.startswith("gi") and len(base) > 2 and base[2] in _VOWELS:
        begin = 2
    while begin < len(base) and base[begin] not in _VOWELS:
        begin += 1
    end = begin
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    if begin == end:
        # "qu"/"gi" alone carry the tone on their own vowel (e.g. "gì").
        return next((i for i, c in enumerate(base) if c in _VOWELS), None)
    hatted = [i for i in range(begin, end) if base[i] in _HATTED]
    if hatted:
        return hatted[-1]
    size = end - begin
    if size == 1:
        return begin
    if end == len(base):
        # Open syllables: hòa, ủy, khỏe, của, mùa (two vowels); ngoài, khuỷu (three: the middle one).
        return begin if size == 2 else begin + 1
    return end - 1


@lru_cache(maxsize=200_000)
def normalize_tone(syllable):
    """Put the tone mark where modern spelling puts it, so old and new styles are one word.

    >>> [normalize_tone(s) for s in ["hoà", "Uỷ", "toạ", "khoá", "thuỵ", "hóa", "quý", "gìn"]]
    ['hòa', 'Ủy', 'tọa', 'khóa', 'thụy', 'hóa', 'quý', 'gìn']
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1 or not syllable.isalpha():
        return syllable
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    index = _tone_index(base.lower())
    if index is None:
        return syllable
    toned = base[: index + 1] + tones[0] + base[index + 1 :]
    return unicodedata.normalize("NFC", toned)
