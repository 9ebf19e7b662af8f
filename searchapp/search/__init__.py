"""Search: plain dicts in, plain dicts out (no Flask here)."""

from .engine import SearchEngine  # noqa: F401
from .errors import SearchError

__all__ = ["SearchEngine", "SearchError"]
