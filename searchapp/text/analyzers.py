"""Whoosh analyzers for the index fields; the schema pickles these classes, so keep this module path.

Each field sees the text through one composition of a tokenizer and filters:

- folded syllables, with positions (phrases): ``SyllableTokenizer() | FoldFilter()``
- accented syllables (accent-exact ranking): ``SyllableTokenizer() | ToneFilter()``
- folded syllable pairs (fast proximity): ``SyllableTokenizer(codes="parts") | FoldFilter() | PairFilter()``
- pyvi words, from pre-segmented text: ``SegmentedTokenizer() | ToneFilter()``
"""

import re
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer

from .fold import fold
from .tokenize import canonical_code, syllables
from .unicode import normalize_tone


def token_stream(sylls, codes="both"):
    """(text, position, start, end) per indexable token of a syllable list (see SyllableTokenizer).

    >>> list(token_stream(syllables("Số 01-KL/TW"), codes="parts"))
    [('Số', 0, 0, 2), ('01', 1, 3, 11), ('KL', 2, 3, 11), ('TW', 3, 3, 11)]
    """
    pos = 0
    for syl in sylls:
        if syl.kind == "punct":
            continue
        if syl.kind == "word":
            yield syl.text, pos, syl.start, syl.end
            pos += 1
            continue
        parts = syl.parts
        if codes == "both":
            # The whole code shares its position with its first part.
            yield syl.text, pos, syl.start, syl.end
        for i, part in enumerate(parts):
            yield part, pos + i, syl.start, syl.end
        pos += len(parts)


@lru_cache(maxsize=500_000)
def fold_token(text):
    """What FoldFilter makes of a token: folded, lowercase, one spelling for dates."""
    return canonical_code(fold(text))


@lru_cache(maxsize=500_000)
def tone_token(text):
    """What ToneFilter makes of a token (or of a "_"-joined word): lowercase, modern tone placement."""
    return "_".join(normalize_tone(part) for part in text.lower().split("_"))


def pairs(texts):
    """Adjacent texts joined by a space (what PairFilter yields).

    >>> pairs(["hoc", "tap", "tot"])
    ['hoc tap', 'tap tot']
    """
    return [f"{a} {b}" for a, b in zip(texts, texts[1:])]


class SyllableTokenizer(Tokenizer):
    """Syllables and codes with offsets into the original text; punctuation dropped.

    A code yields itself and then its parts (``01-KL/TW`` → ``01-KL/TW``, ``01``, ``KL``, ``TW``): the
    whole code at the position of its first part, so ``01-KL/TW`` and ``01 KL TW`` both match it.
    With ``codes="parts"`` only the parts are yielded. The value may be text or a list of Syllable
    (the indexer tokenizes each text once for all fields).

    >>> [(t.text, t.pos, t.startchar) for t in SyllableTokenizer()("Số 01-KL/TW", positions=True, chars=True)]
    [('Số', 0, 0), ('01-KL/TW', 1, 3), ('01', 1, 3), ('KL', 2, 3), ('TW', 3, 3)]
    """

    def __init__(self, codes="both"):
        self.codes = codes

    def __eq__(self, other):
        return type(self) is type(other) and self.codes == other.codes

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        sylls = value if isinstance(value, list) else syllables(value)
        for text, pos, start, end in token_stream(sylls, self.codes):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class SegmentedTokenizer(Tokenizer):
    """Splits pre-segmented text (``segment.segmented``) into its multi-syllable words only.

    >>> [t.text for t in SegmentedTokenizer()("Học_tập và làm_theo Bác")]
    ['Học_tập', 'làm_theo']
    """

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, match in enumerate(re.finditer(r"\S+_\S+", value)):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class ToneFilter(Filter):
    """Lowercase with one tone placement: ``Hoà`` and ``hòa`` become ``hòa``; ``hóa`` stays apart.

    >>> [t.text for t in (SyllableTokenizer() | ToneFilter())("Thị Uỷ hoà HÓA Đà_Nẵng")]
    ['thị', 'ủy', 'hòa', 'hóa', 'đà', 'nẵng']
    >>> [t.text for t in (SegmentedTokenizer() | ToneFilter())("Thị_Uỷ Đà_Nẵng")]
    ['thị_ủy', 'đà_nẵng']
    """

    def __call__(self, tokens):
        for token in tokens:
            token.text = tone_token(token.text)
            yield token


class FoldFilter(Filter):
    """Accent folding (unidecode, đ→d), lowercase, one spelling for dates.

    >>> [t.text for t in (SyllableTokenizer() | FoldFilter())("Đảng uỷ ngày 18.5.2021")]
    ['dang', 'uy', 'ngay', '18/5/2021', '18', '5', '2021']
    """

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_token(token.text)
            yield token


class PairFilter(Filter):
    """Adjacent tokens joined by a space: a cheap index of what stands next to what.

    >>> [t.text for t in (SyllableTokenizer() | FoldFilter() | PairFilter())("Học tập, làm theo")]
    ['hoc tap', 'tap lam', 'lam theo']
    """

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = previous + " " + text
                yield token
            previous = text


def folded_analyzer():
    """Folded syllables and codes."""
    return SyllableTokenizer() | FoldFilter()


def accented_analyzer():
    """Accented, tone-normalised syllables."""
    return SyllableTokenizer() | ToneFilter()


def pair_analyzer():
    """Folded adjacent-syllable pairs."""
    return SyllableTokenizer(codes="parts") | FoldFilter() | PairFilter()


def word_analyzer():
    """pyvi multi-syllable words from pre-segmented text, accented and tone-normalised."""
    return SegmentedTokenizer() | ToneFilter()
