"""The one error type of the search layer: a bad request, with a code and a Vietnamese message."""


class SearchError(ValueError):
    """A request the search cannot answer; `code` is stable, `message` is for people."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def to_dict(self):
        return {"code": self.code, "message": self.message}
