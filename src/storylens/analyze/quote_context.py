"""What the quote finders share for one document: lookups, speakers and the Quote builder."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylens.analyze.doc_text import doc_text
from storylens.analyze.entities import EntityIndex
from storylens.analyze.quote_marks import Marked, split_paragraphs
from storylens.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Words a title leaves in lower case ("Bread and Roses").
MINOR_WORDS = frozenset("a an and at by for in of on or the to with".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as written, with the canonical name it resolves to (if any)."""

    start: int
    end: int
    text: str
    canonical: str | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who made a statement and the cue that says so ("said", "according to", ":")."""

    speaker: Speaker | None
    cue: str | None


@dataclass(frozen=True, slots=True)
class Role:
    """Words that describe an entity where it is named: "Ukrainian President", "the mayor"."""

    start: int
    entity: str
    label: str
    words: frozenset[str]


@dataclass(slots=True)
class Context:
    """Per-document lookups shared by the steps below; built once per call."""

    doc: Doc
    text: str
    entities: EntityIndex
    token_starts: list[int]
    paragraphs: list[tuple[int, int]]  # spans of the non-blank lines
    paragraph_starts: list[int]
    mention_starts: list[int]  # of entities.mentions, which are sorted by start
    quoted: list[Marked] = field(default_factory=list)
    quoted_starts: list[int] = field(default_factory=list)
    cue_tokens: list[int] = field(default_factory=list)
    speakers: dict[int, Speaker | None] = field(default_factory=dict)
    roles: list[Role] | None = None
    people: list[tuple[int, int, str]] | None = None  # (start, end, canonical) of people
    surnames: dict[str, str] | None = None  # surname key -> full name of a person named

    def token_at(self, char: int) -> int:
        """Index of the token holding character ``char`` (the one before, in whitespace)."""
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding ``char`` (the one before, between paragraphs)."""
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def in_quote(self, char: int) -> bool:
        """Whether ``char`` lies inside the content of a direct quote."""
        index = bisect.bisect_right(self.quoted_starts, char) - 1
        return index >= 0 and char < self.quoted[index].end


def build_context(doc: Doc, entities: EntityIndex) -> Context:
    """The lookups for one document; the direct quotes are filled in once found."""
    text = doc_text(doc)
    paragraphs = split_paragraphs(text)
    starts = [start for start, _ in paragraphs]
    mention_starts = [m.start for m in entities.mentions]
    tokens = [t.idx for t in doc]
    return Context(doc, text, entities, tokens, paragraphs, starts, mention_starts)


def make_quote(ctx: Context, start: int, end: int, kind: str, found: Attribution) -> Quote:
    """A Quote of the text ``[start, end)`` with its attribution."""
    speaker = found.speaker
    return Quote(
        start=start,
        end=end,
        text=ctx.text[start:end],
        kind=kind,
        speaker=speaker.text if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        speaker_canonical=speaker.canonical if speaker else None,
        cue=found.cue,
    )
