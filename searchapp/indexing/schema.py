"""The Whoosh schema: stored metadata, facet keys, and several views of the text for ranking."""

from whoosh.fields import BOOLEAN, ID, STORED, Schema

from .fields import PreindexedText
from ..text.analyzers import accented_analyzer, folded_analyzer, pair_analyzer, word_analyzer

# Which text views exist, per text part (title, body): name suffix -> (analyzer, positions?)
VIEWS = {
    "f": (folded_analyzer, True),  # folded syllables with positions: unaccented queries, phrases
    "a": (accented_analyzer, False),  # accented syllables: accent-exact matches rank higher
    "p": (pair_analyzer, False),  # folded syllable pairs: cheap "these words stand together"
}
FACETS = ("year", "month", "province", "district", "province_2025", "source")


TEXT_FIELDS = ("words",) + tuple(f"{part}_{suffix}" for part in ("title", "body") for suffix in VIEWS)


def build_schema():
    """A fresh schema object (Whoosh pickles it, analyzers included, into the index)."""
    fields = {
        "id": ID(stored=True, unique=True),
        "title": STORED(),
        "body": STORED(),
        "author": STORED(),
        "url": STORED(),
        "date": ID(stored=True, sortable=True),
        "date_inferred": BOOLEAN(stored=True),
        "fingerprint": STORED(),
        "words": PreindexedText(analyzer=word_analyzer(), phrase=False),
    }
    for facet in FACETS:
        fields[facet] = ID(stored=True, sortable=True)
    for part in ("title", "body"):
        for suffix, (analyzer, positions) in VIEWS.items():
            fields[f"{part}_{suffix}"] = PreindexedText(analyzer=analyzer(), phrase=positions)
    return Schema(**fields)
