"""Query text to units: one unit per thing that must match (a syllable, a code, or an abbreviation)."""

from dataclasses import dataclass, field

from ..text.analyzers import fold_token
from ..text.fold import has_accents
from ..text.tokenize import syllables
from ..text.unicode import normalize_tone
from .abbrev import match_at


@dataclass
class Unit:
    """Alternatives (folded syllable sequences) of which one must match; `accented` when typed so."""

    alternatives: list
    text: str  # as typed
    accented: str = ""  # lowercase, tone-normalised, when typed with diacritics
    fuzzy: list = field(default_factory=list)  # folded near-spellings, when the word is not indexed
    literal: tuple = ()  # the folded syllables as typed (an abbreviation keeps its typed form)

    @property
    def simple(self):
        """A single syllable (or code), the kind that takes part in pairs and phrases."""
        return len(self.alternatives) == 1 and len(self.alternatives[0]) == 1

    @property
    def folded(self):
        return self.alternatives[0][0] if self.simple else ""


def _tokens(text):
    """(as typed, folded) per syllable; a code stays one token."""
    out = []
    for syl in syllables(text):
        if syl.kind != "punct":
            out.append((syl.text, fold_token(syl.text)))
    return out


def to_units(text):
    """Units of a text, abbreviations expanded both ways.

    >>> [(u.alternatives, u.accented) for u in to_units("UBND huyện")]
    [([('ubnd',), ('uy', 'ban', 'nhan', 'dan')], ''), ([('huyen',)], 'huyện')]
    """
    tokens = _tokens(text)
    folded = [f for _, f in tokens]
    units, i = [], 0
    while i < len(tokens):
        size, alternatives = match_at(folded, i)
        if size:
            typed = " ".join(t for t, _ in tokens[i : i + size])
            units.append(Unit(alternatives=list(alternatives), text=typed, literal=tuple(folded[i : i + size])))
            i += size
            continue
        typed, fold_form = tokens[i]
        accented = normalize_tone(typed.lower()) if has_accents(typed) else ""
        units.append(Unit(alternatives=[(fold_form,)], text=typed, accented=accented, literal=(fold_form,)))
        i += 1
    return units
