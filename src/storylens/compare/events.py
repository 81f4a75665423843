"""Events told by several articles: the same actor doing the same thing to the same target.

Two events agree when their actors can be one entity, their main verbs share a stem and their
targets overlap (or one is unstated). They conflict when they agree on all that but name places
that cannot both be right, or different days.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storylens.compare.align import Item, Slot, StoryText, link_pairwise, slots_of
from storylens.compare.quotes import speakers_compatible
from storylens.compare.similarity import content_terms, stem
from storylens.compare.values import places_compatible
from storylens.model import Event, StoryArticle

__all__ = ["align_events", "event_items", "events_conflict", "place_taken_up", "same_event"]


# Entity labels of places an event can happen in.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A place named after these words is where something is ("held in the Netherlands").
_AT_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)


def event_items(members: Sequence[StoryArticle], text: StoryText) -> list[Item[Event]]:
    """One item per event with a known actor, of every member; an event whose clause names
    no place takes the one the next sentence gives it (:func:`place_taken_up`)."""
    items: list[Item[Event]] = []
    for member in members:
        article = member.article.external_id
        for told in member.analysis.events:
            if told.actor and not told.negated:
                event = told
                if told.place is None:
                    event = replace(told, place=place_taken_up(told, member))
                sentence = text.index(article, event.sentence)
                items.append(Item(article, sentence, event.start, event.end, event.text, event))
    return items


def place_taken_up(event: Event, member: StoryArticle) -> str | None:
    """The place of an event as the next sentence gives it when it takes the event up again:
    "Trump met Zelenskyy." then "Their meeting, held in the Netherlands, ..." (the verb's
    stem comes back, and exactly one place is named after "in" or "at"). None otherwise."""
    follow = event.sentence + 1
    sentences, text = member.analysis.sentences, member.article.text
    if follow >= len(sentences):
        return None
    span = sentences[follow]
    if _verb(event.predicate) not in content_terms(text[span.start : span.end]):
        return None
    places = {
        m.entity
        for m in member.analysis.mentions
        if m.sentence == follow
        and m.label in _PLACE_LABELS
        and _AT_PLACE.search(text[max(span.start, m.start - 12) : m.start])
    }
    return places.pop() if len(places) == 1 else None


def same_event(first: Event, second: Event) -> bool:
    """Whether two events are one: actors, main verb and target compatible."""
    if not speakers_compatible(first.actor, second.actor):
        return False
    if _verb(first.predicate) != _verb(second.predicate):
        return False
    if not first.target or not second.target:
        return True
    return bool(set(content_terms(first.target)) & set(content_terms(second.target)))


def _verb(predicate: str) -> str:
    words = predicate.split()
    return stem(words[-1].casefold()) if words else ""


def events_conflict(first: Event, second: Event) -> bool:
    """Whether one event is told with places or days that cannot both be right."""
    if not places_compatible(first.place, second.place):
        return True
    return bool(first.date and second.date and first.date != second.date)


def align_events(items: Sequence[Item[Event]], text: StoryText) -> list[Slot[Event]]:
    """Slots of events; each pair is scored by the cosine of their sentences."""

    def score(first: Item[Event], second: Item[Event]) -> tuple[str, float] | None:
        if not same_event(first.payload, second.payload):
            return None
        kind = "conflict" if events_conflict(first.payload, second.payload) else "agree"
        return kind, text.cosine(first.sentence, second.sentence)

    return slots_of(items, link_pairwise(items, score))
