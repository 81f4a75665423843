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
class Trim:
    """A part of a sentence that a tight summary may leave out (see ``analyze.trims``)."""

    start: int
    end: int
    kind: str  # "paren" | "appos" | "relcl" | "participle" | "opener" | "cue"


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
    reported clause for an indirect one, with any words in marks inside it: those are read
    back by ``storylens.analyze.quotes.quoted_parts``). The speaker fields point at the name
    as written (which may be a pronoun or a description); ``speaker_canonical`` is the full
    name.
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
    # Not kept by the store: only the stateless ``storylens summarize`` reads them, right
    # after analysing. Older pickles lack the field and read the class default.
    trims: tuple[Trim, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be ingested, with where and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


# --- stories --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story as the compare and brief stages see it.

    ``copy_of`` is the external id of the article this one is a syndicated copy of (a copy
    is not an independent source); None for an original.
    """

    article: Article
    analysis: Analysis
    copy_of: str | None = None
    similarity: float | None = None  # resemblance to ``copy_of`` (1.0: the same words)


@dataclass(frozen=True)
class Story:
    """One real-world event as told by one or more articles."""

    id: str
    title: str | None
    topic: str  # the group of related stories (same kind or thread) it belongs to
    articles: tuple[str, ...]  # external ids, oldest first
    outlets: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    entities: tuple[str, ...] = ()  # most mentioned canonical entities
    note: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The JSON-ready record that ``storylens stories --json`` prints."""
        return {
            "id": self.id,
            "title": self.title,
            "topic": self.topic,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "entities": list(self.entities),
            "note": self.note,
        }


# --- comparison -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variant:
    """One article's wording of an aligned fact, with its span in that article's text.

    ``source`` is the independent source it counts for: the outlet (or, for an article whose
    outlet is unknown, the article) it was first published by, or the outlet it credits.
    """

    article: str  # external id
    text: str
    start: int
    end: int
    source: str = ""
    value: str | None = None  # the normalised value of a quantity ("60 minutes"), a place

    def to_record(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "value": self.value,
        }


@dataclass(frozen=True)
class AlignedFact:
    """One thing the story's articles say, as each of them says it.

    ``status`` is "corroborated" (two or more independent sources agree), "single-source" or
    "conflicting" (the same slot with incompatible values). ``about`` says which slot: the
    speaker of a quote, the sentence around a number, the actor and predicate of an event.
    """

    kind: str  # "quote" | "quantity" | "event" | "statement"
    text: str
    status: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]  # outlet names; an article of unknown outlet by its id
    independent_sources: int
    variants: tuple[Variant, ...]
    about: str | None = None
    sources: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "status": self.status,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "independent_sources": self.independent_sources,
            "variants": [v.to_record() for v in self.variants],
            "about": self.about,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class DriftVersion:
    """One outlet's wording of a quote that drifts."""

    article: str
    text: str


@dataclass(frozen=True)
class Drift:
    """One quote reported with different words; ``diff`` marks [-dropped-] and {+added+} words."""

    speaker: str | None
    versions: tuple[DriftVersion, ...]
    diff: str

    def to_record(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "versions": [{"article": v.article, "text": v.text} for v in self.versions],
            "diff": self.diff,
        }


@dataclass(frozen=True)
class Coverage:
    """What one outlet carries of the story: indices into :attr:`Comparison.facts`."""

    outlet: str
    articles: tuple[str, ...]
    carries: tuple[int, ...]
    lacks: tuple[int, ...]  # facts other outlets carry and this one does not

    def to_record(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": list(self.articles),
            "carries": list(self.carries),
            "lacks": list(self.lacks),
        }


@dataclass(frozen=True)
class ComparedArticle:
    """A member of a compared story: its id, outlet and what it copies, if anything."""

    id: str
    outlet: str | None
    copy_of: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "copy_of": self.copy_of}


@dataclass(frozen=True)
class Comparison:
    """What a story's sources agree on, what only one reports, and where they differ."""

    story: str
    articles: tuple[ComparedArticle, ...]
    facts: tuple[AlignedFact, ...]
    drift: tuple[Drift, ...] = ()
    coverage: tuple[Coverage, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """The JSON of ``storylens compare STORY --json``."""
        return {
            "story": self.story,
            "articles": [a.to_record() for a in self.articles],
            "facts": [f.to_record() for f in self.facts],
            "drift": [d.to_record() for d in self.drift],
            "coverage": [c.to_record() for c in self.coverage],
        }


# --- brief ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence: its words, where they come from, and every article that says it.

    ``sources`` are external article ids, the article the words are taken from first;
    ``independent_sources`` counts them once per original, so a syndicated copy adds nothing.
    """

    text: str
    article: str  # external id of the article the words are taken from
    start: int  # the span of ``text`` in that article's text (for a generated sentence, the
    end: int  # span of the story sentence that supports it best)
    sources: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    independent_sources: int = 1


@dataclass(frozen=True)
class Summary:
    """A multi-document summary, the sentences most articles support first."""

    sentences: tuple[SummarySentence, ...]
    budget: int  # the word budget it was built under

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True, slots=True)
class BriefSource:
    """One article a brief draws on."""

    id: str  # external id
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class KeyFact:
    """A number or statement with how well the story's sources back it."""

    kind: str  # a Fact kind (money, count, ...) or a comparison kind (quantity, statement, ...)
    text: str
    status: str  # "corroborated" | "single-source" | "conflicting"
    articles: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    value: float | str | None = None
    unit: str | None = None
    about: str | None = None  # the sentence around a number, so a reader knows what it counts
    variants: tuple[str, ...] = ()  # how the articles put it, where they differ


@dataclass(frozen=True, slots=True)
class BriefQuote:
    """Who said what, and every article that carries the quote."""

    speaker: str | None
    text: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    kind: str = "direct"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event of the story."""

    date: str  # ISO date, or an ISO interval "start/end"
    text: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    """What a reader needs about one story: a cited summary, key facts, quotes and a timeline."""

    story: str
    title: str | None
    sources: tuple[BriefSource, ...]
    summary: Summary
    key_facts: tuple[KeyFact, ...] = ()
    quotes: tuple[BriefQuote, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    notes: tuple[str, ...] = ()
