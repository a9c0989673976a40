"""The library's own exceptions. The CLI turns them into a message and exit code 2."""


class LelangError(Exception):
    """A usage or environment problem the user can fix; the message is Indonesian."""


class AuctionExists(LelangError):
    pass


class NotAnAuction(LelangError):
    pass


class TemplateError(LelangError):
    """A pact template that cannot be used; ``problems`` lists (place, message)."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


class OutputError(LelangError):
    """An output could not be written (full disk, no permission)."""
