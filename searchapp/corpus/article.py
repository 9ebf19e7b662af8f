"""The article record that every reader produces and the indexer consumes."""

from dataclasses import asdict, dataclass, field

# The largest article of the 84k VNTC corpus is 100 kB; a file or record 20 times that is a dump or a
# mistake, and would hold the reindex's memory and a worker for minutes. JSON Lines files of any size
# are fine: they are read a line at a time.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024


def size_text(size):
    """A byte count for messages: 52428800 -> '50.0 MB'.

    >>> size_text(MAX_ARTICLE_BYTES)
    '2.0 MB'
    """
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass
class Article:
    """One cleaned article and its metadata; empty strings mean unknown, never a guess."""

    id: str
    title: str = ""
    body: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD)
    date_inferred: bool = False
    province: str = ""
    district: str = ""
    province_2025: str = ""
    origin: str = ""  # the file (and line) it came from, for error messages
    header: list = field(default_factory=list)  # chrome lines before the title (datelines live here)
    extra: dict = field(default_factory=dict)  # other fields of a JSON record, kept as given

    def to_dict(self):
        """Plain dict of the stored fields."""
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    """A file or record that could not be (fully) used, and why."""

    origin: str
    reason: str
    skipped: bool = True  # False when the article was still indexed (e.g. a bad sidecar field)

    def __str__(self):
        return f"{self.origin}: {self.reason}"
