"""The data model: the plain records that every stage reads and writes.

Stages meet only here. Every offset is a character offset into :attr:`Article.text`, the
document text exactly as read, so a caller can always highlight a span in the source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Removal:
    """A stretch of the original text left out of the body, and why."""

    start: int
    end: int
    kind: str  # "headline", "related-link", "share-prompt", "photo-credit", "section-label", ...
    text: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a cleaned body back to the original text.

    The body is the concatenation of ``text[start:end]`` for each segment, in order, so each body
    offset has exactly one source offset.
    """

    segments: tuple[tuple[int, int], ...]
    _body_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts, position = [], 0
        for start, end in self.segments:
            starts.append(position)
            position += end - start
        object.__setattr__(self, "_body_starts", tuple(starts))

    def to_source(self, offset: int) -> int:
        """The original-text offset of body offset ``offset`` (a start position)."""
        if not self.segments:
            return offset
        index = max(0, bisect.bisect_right(self._body_starts, offset) - 1)
        return self.segments[index][0] + offset - self._body_starts[index]

    def to_body(self, offset: int) -> int | None:
        """The body offset of original-text offset ``offset``, or None if it was cut."""
        for (start, end), body_start in zip(self.segments, self._body_starts, strict=True):
            if start <= offset < end:
                return body_start + offset - start
        return offset if not self.segments else None

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open body span; the end stays inside the segment of its last character."""
        if end <= start:
            source = self.to_source(start)
            return source, source
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass(frozen=True)
class Article:
    """One article as ingested: metadata, the text as read and the cleaned body."""

    id: str  # 16 hex characters of a hash of the normalised body (and outlet, when known)
    external_id: str  # the input's own id, else the file stem
    text: str  # the document text exactly as read (for HTML: the extracted text)
    body: str  # text minus the headline line and boilerplate lines
    body_map: OffsetMap
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None  # always timezone-aware when known
    language: str | None = None
    origin: str | None = None  # where it was read from: "path" or "path:line"
    removed: tuple[Removal, ...] = ()

    def body_span_to_text(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of a body span in :attr:`text`."""
        return self.body_map.span_to_source(start, end)

    def to_record(self) -> dict[str, Any]:
        """The JSON-ready record that ``storylens extract`` prints."""
        return {
            "id": self.external_id,
            "hash": self.id,
            "title": self.title,
            "source": self.outlet,
            "url": self.url,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "origin": self.origin,
            "text": self.text,
            "body": self.body,
            "removed": [
                {"start": r.start, "end": r.end, "kind": r.kind, "text": r.text}
                for r in self.removed
            ],
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One named-entity mention, linked to the canonical entity it refers to."""

    start: int
    end: int
    text: str
    label: str  # the repaired label (PERSON, ORG, GPE, LOC, ...)
    entity: str  # canonical name, e.g. "Donald Trump" for "Trump"
    sentence: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity within one article: all its mentions under the fullest name."""

    name: str
    label: str
    mentions: int
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: a direct or reported statement with its speaker and cue.

    ``start``/``end`` delimit the quoted content (inside the marks for a direct quote, the
    reported clause for an indirect one). The speaker fields point at the name as written
    (which may be a pronoun or a description); ``speaker_canonical`` is the full name.
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_canonical: str | None = None
    cue: str | None = None  # "said", "told reporters", "according to", ...
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Fact:
    """A number or time expression, normalised: "£70 million" -> 70000000 GBP.

    ``kind`` is money, percent, count, duration, year, date, time or ordinal. ``value`` is a
    number, or for dates an ISO date or interval ("2025-06-25", "2025-06-16/2025-06-22");
    ``relative`` keeps what an unresolved time expression needs ("weekday:3;last").
    """

    kind: str
    text: str
    start: int
    end: int
    value: float | str | None = None
    unit: str | None = None
    approx: bool = False
    bound: str | None = None  # "at_most" | "at_least"
    of: str | None = None  # what it counts or is a share of: "air defence missiles", "GDP"
    relative: str | None = None
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, as one sentence of the article states it."""

    actor: str | None  # canonical name where the actor is a known entity
    predicate: str  # "met", "agreed to raise", "will contribute"
    target: str | None  # the object: a canonical name or the noun phrase as written
    start: int  # the clause's span in the text
    end: int
    text: str
    place: str | None = None
    date: str | None = None  # ISO date when the article's time expressions resolve it
    negated: bool = False
    sentence: int = 0


@dataclass(frozen=True)
class Analysis:
    """What the analyze stage learns from one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    notes: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be ingested, with where and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"
