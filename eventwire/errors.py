"""One base exception for everything eventwire raises on purpose.

Messages say what happened, to which input, why, and what to do.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises deliberately; the CLI prints its message, no traceback."""

    exit_code = 1


class UsageError(EventwireError):
    """A bad option or argument given by the user."""

    exit_code = 2


class InputError(EventwireError):
    """An input could not be read at all (missing path, unreadable file, binary data)."""


class StageError(EventwireError):
    """A document failed at one pipeline stage; recorded with the stage name, the batch goes on."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage
        self.message = message


class DataFileError(EventwireError):
    """A data file (dictionary, patterns, gazetteer extras) has a bad line; names file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


class StoreError(EventwireError):
    """The database could not be opened or written."""


def unknown_name(kind: str, name: str, valid: list[str] | tuple[str, ...]) -> str:
    """Return a message for an unknown name that lists the valid ones."""
    return f"unknown {kind} {name!r}; valid: {', '.join(sorted(valid))}"
