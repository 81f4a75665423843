"""The record a format reader produces, before cleaning and hashing turn it into an Article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RawDocument:
    """One document as a reader found it: its text and whatever metadata the format carried."""

    text: str
    external_id: str
    origin: str  # "path" or "path:line", for messages and provenance
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
