"""Syllable tokenization with character offsets into the original text."""

import re
from typing import NamedTuple

from .unicode import nfc_with_offsets

# Codes, numbers and dates first (01-KL/TW, 1234/QĐ-UBND, 25.000, 18.5.2021), then syllables, then
# any other non-space character as punctuation (kept for the segmenter, never indexed).
# Letters and digits, not "_" (pyvi's own joiner).
_W = r"[^\W_]"
_PATTERN = re.compile(rf"(?P<joined>{_W}+(?:[./\-]{_W}+)+)|(?P<word>{_W}+)|(?P<punct>[^\w\s]|_)")
_WORD_OR_PUNCT = re.compile(rf"(?P<word>{_W}+)|(?P<punct>[^\w\s]|_)")
_DATE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")


class Syllable(NamedTuple):
    """One token: its text as written (NFC), its span in the original text and its kind."""

    text: str
    start: int
    end: int
    kind: str  # "word", "code" (letters with digits or a slash: 01-KL/TW, 25.000) or "punct"

    @property
    def parts(self):
        """The alphanumeric pieces of a code (itself for a word): what someone types with spaces."""
        if self.kind != "code":
            return [self.text]
        return re.findall(_W + "+", self.text)


def _is_code(text):
    return "/" in text or any(c.isdigit() for c in text)


def _matches(text):
    """Yield (kind, start, end) over an NFC string."""
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup
        if kind == "joined" and not _is_code(match.group()):
            # "Rịa-Vũng" or "kinh-tế": hyphenated words, not a code; split them again.
            for sub in _WORD_OR_PUNCT.finditer(text, match.start(), match.end()):
                yield sub.lastgroup, sub.start(), sub.end()
        else:
            yield ("code" if kind == "joined" else kind), match.start(), match.end()


def syllables(text):
    """Split text into syllables, codes and punctuation, with offsets into text as given.

    >>> [(s.text, s.start, s.end, s.kind) for s in syllables("Số 01-KL/TW, 25.000 người.")]
    [('Số', 0, 2, 'word'), ('01-KL/TW', 3, 11, 'code'), (',', 11, 12, 'punct'), ('25.000', 13, 19, 'code'), ('người', 20, 25, 'word'), ('.', 25, 26, 'punct')]
    """
    nfc, offsets = nfc_with_offsets(text)
    return [Syllable(nfc[start:end], offsets[start], offsets[end], kind) for kind, start, end in _matches(nfc)]


def canonical_code(folded):
    """One spelling for a folded code; dates written 18.5.2021, 18-05-2021 or 18/5/2021 become 18/5/2021.

    >>> canonical_code("18-05-2021"), canonical_code("01-kl/tw")
    ('18/5/2021', '01-kl/tw')
    """
    match = _DATE.match(folded)
    if match:
        day, month, year = match.groups()
        return f"{int(day)}/{int(month)}/{year}"
    return folded
