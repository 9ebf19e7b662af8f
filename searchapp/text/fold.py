"""Accent folding: what a user types without diacritics."""

from functools import lru_cache

from unidecode import unidecode


@lru_cache(maxsize=500_000)
def fold(text):
    """Lowercase ASCII form of text; unlike NFD-and-strip it folds đ to d.

    >>> fold("Đảng uỷ Thanh Hoá")
    'dang uy thanh hoa'
    """
    return unidecode(text).lower()


def has_accents(text):
    """True when text has any letter that folding changes (a diacritic or đ).

    >>> has_accents("hoc tap"), has_accents("học tap"), has_accents("Đà")
    (False, True, True)
    """
    return any(ord(c) > 127 and c.isalpha() for c in text)
