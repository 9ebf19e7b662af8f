"""The error a reindex reports when it cannot complete (the previous index stays in place)."""


class BuildError(RuntimeError):
    """The build could not complete; the previous index stays in place."""
