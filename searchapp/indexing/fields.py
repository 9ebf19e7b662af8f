"""A TEXT field that accepts postings analysed elsewhere (in a worker process); pickled in the schema."""

from whoosh.fields import TEXT


class Preindexed(list):
    """A field's postings, made by ``PreindexedText.index``: (term bytes, freq, weight, value bytes)."""


class PreindexedText(TEXT):
    """TEXT whose analysis can run in a worker: the writer then only adds the postings."""

    def index(self, value, **kwargs):
        if isinstance(value, Preindexed):
            return iter(value)
        return super().index(value, **kwargs)

    def preindex(self, value):
        """Analyse value now, for a writer in another process."""
        return Preindexed(super().index(value))
