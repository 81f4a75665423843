"""Numbers about the same thing: agreeing figures, and figures that contradict each other.

Two facts of different articles share a slot when they are of one kind and unit and are said
about the same thing. Figures agree when they are one value told twice
(:func:`storylens.compare.values.facts_agree`) and their sentences or the words around them
(a window of the sentence, compared by TF-IDF cosine, :mod:`.similarity`) are alike at all.
Figures that cannot both be true (:func:`~storylens.compare.values.facts_compatible`)
conflict when they fill one slot: their frames (:mod:`.frames`: what the number counts, the
verb it is the object of, whether it is demanded or offered) say so, or the words close to
the numbers are alike, a stricter bar, because calling a contradiction is a stronger claim
than finding agreement. Frames that name different slots (a union's demand, an employer's
offer) never conflict, and a figure told about a past event ("in the 2019 flood, water stood
for three hours") never conflicts with one about the present story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from storylens.compare.align import Item, Slot, StoryText, link_pairwise, slots_of
from storylens.compare.frames import Frame, frame_of
from storylens.compare.similarity import similarity_matrix
from storylens.compare.values import (
    facts_agree,
    facts_compatible,
    interval,
    magnitude_ratio,
    unit_class,
)
from storylens.model import Fact, StoryArticle

__all__ = ["COMPARED_KINDS", "QuantityContext", "align_quantities", "quantity_items"]

# Kinds of fact compared across articles (times of day and ordinals say too little alone).
COMPARED_KINDS = frozenset({"money", "percent", "count", "duration", "year", "date"})
# Date expressions that the analysis resolves from the article's own date ("today", "last
# week"): two articles published on different days resolve them differently without
# contradicting each other, so they never make a conflict.
_DEICTIC = ("day:", "week:", "month:", "year:", "weekday:")
# Characters either side of a number read as its context (about eight words).
WINDOW_CHARS = 60
# Rival reports of one figure are of one order: 300 or 350 sandbags, 20 minutes or an hour.
# Values further apart than this factor are taken for different figures, not a contradiction.
MAX_CONFLICT_RATIO = 3.0
# A date this many days before an article's own date marks its sentence as history.
PAST_DAYS = 365


def quantity_items(members: Sequence[StoryArticle], text: StoryText) -> list[Item[Fact]]:
    """One item per compared fact of every member."""
    items: list[Item[Fact]] = []
    for member in members:
        article = member.article.external_id
        for fact in member.analysis.facts:
            if fact.kind in COMPARED_KINDS:
                sentence = text.index(article, fact.sentence)
                items.append(Item(article, sentence, fact.start, fact.end, fact.text, fact))
    return items


@dataclass(frozen=True)
class QuantityContext:
    """Per item: the cosine of the words around it with every other item's, whether its
    sentence tells of the past, and its frame (what it is about, :mod:`.frames`)."""

    window: NDArray[np.float64]
    historical: tuple[bool, ...]
    frames: tuple[Frame, ...]

    @classmethod
    def of(cls, items: Sequence[Item[Fact]], members: Sequence[StoryArticle]) -> QuantityContext:
        by_id = {m.article.external_id: m for m in members}
        windows = [_window(item, by_id[item.article]) for item in items]
        historical = tuple(_historical(item, by_id[item.article]) for item in items)
        frames = tuple(_frame(item, by_id[item.article]) for item in items)
        return cls(similarity_matrix(windows), historical, frames)


def _window(item: Item[Fact], member: StoryArticle) -> str:
    sentence = member.analysis.sentences[item.payload.sentence]
    start = max(sentence.start, item.start - WINDOW_CHARS)
    end = min(sentence.end, item.end + WINDOW_CHARS)
    words = member.article.text[start : item.start] + " " + member.article.text[item.end : end]
    return f"{words} {item.payload.of or ''}"


def _frame(item: Item[Fact], member: StoryArticle) -> Frame:
    fact, text = item.payload, member.article.text
    sentence = member.analysis.sentences[fact.sentence]
    return frame_of(
        fact,
        text[sentence.start : fact.start],
        text[fact.end : sentence.end],
        _named(member, fact.sentence),
    )


# Entity labels that say who or where a figure is about.
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def _named(member: StoryArticle, sentence: int) -> list[tuple[str, str]]:
    """(canonical name, label) of who and where a sentence names, less those it quotes or
    credits: who says a figure does not change what the figure is about."""
    speakers = [
        (q.speaker_start, q.speaker_end)
        for q in member.analysis.quotes
        if q.sentence == sentence and q.speaker_start is not None and q.speaker_end is not None
    ]
    return [
        (m.entity, m.label)
        for m in member.analysis.mentions
        if m.sentence == sentence
        and m.label in _NAMED_LABELS
        and not any(start < m.end and m.start < end for start, end in speakers)
    ]


def _historical(item: Item[Fact], member: StoryArticle) -> bool:
    """Whether another date in the item's sentence lies well before the article's date."""
    published = member.article.published
    if published is None:
        return False
    cutoff = published.date().toordinal() - PAST_DAYS
    for fact in member.analysis.facts:
        if fact.sentence != item.payload.sentence or fact is item.payload:
            continue
        span = interval(fact.value) if fact.kind in {"date", "year"} else None
        if span is not None and span[1].toordinal() < cutoff and _not_since(fact):
            return True
    return False


def _not_since(fact: Fact) -> bool:
    # "since 2017" reaches to the present, so it does not put a sentence in the past.
    return not (fact.relative or "").startswith("since")


def align_quantities(
    items: Sequence[Item[Fact]],
    text: StoryText,
    members: Sequence[StoryArticle],
    *,
    agree: float,
    conflict: float,
    max_ratio: float = MAX_CONFLICT_RATIO,
    frames: bool = True,
) -> list[Slot[Fact]]:
    """Slots of facts; ``agree`` and ``conflict`` are the context cosines each link needs,
    ``max_ratio`` how far apart two values may be and still be rival reports of one figure,
    and ``frames`` whether what each number is about (:mod:`.frames`) decides rivals too."""
    context = QuantityContext.of(items, members)
    position = {id(item): k for k, item in enumerate(items)}
    classes = [unit_class(item.payload) for item in items]
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_article: dict[tuple[str, tuple[str, str]], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        buckets[classes[index]].append(index)
        by_article[item.article, classes[index]].append(index)
    agreeing = _agreeing_pairs(items, buckets)
    stated = {(i, items[j].article) for i, j in agreeing}
    stated |= {(j, items[i].article) for i, j in agreeing}

    def score(first: Item[Fact], second: Item[Fact]) -> tuple[str, float] | None:
        a, b = first.payload, second.payload
        i, j = position[id(first)], position[id(second)]
        nearby = float(context.window[i, j])
        if (min(i, j), max(i, j)) in agreeing:
            cosine = max(nearby, text.cosine(first.sentence, second.sentence))
            return ("agree", cosine) if cosine >= agree else None
        # Rivals fill one slot: their frames say so, or else they are said in the same words
        # close to the number, not merely in the same sentence ("inflation of 4.8 percent" and
        # "seeking 6 percent" share a sentence topic). Frames that name different slots (a
        # demand and an offer) never conflict.
        slot = context.frames[i].same_slot(context.frames[j]) if frames else None
        if slot is False:
            return None
        rivals = (
            (slot is True or nearby >= conflict)
            and not facts_compatible(a, b)
            and context.historical[i] == context.historical[j]
            # A figure the other article also states is one it does not dispute.
            and (i, second.article) not in stated
            and (j, first.article) not in stated
            and (a.kind in {"date", "year"} or magnitude_ratio(a, b) <= max_ratio)
        )
        return ("conflict", nearby) if rivals and _can_conflict(a) and _can_conflict(b) else None

    def candidates(left: list[int], right: list[int]) -> Iterator[tuple[int, int]]:
        other = items[right[0]].article
        for i in left:
            yield from ((i, j) for j in by_article.get((other, classes[i]), ()))

    return slots_of(items, link_pairwise(items, score, candidates))


def _agreeing_pairs(
    items: Sequence[Item[Fact]], buckets: dict[tuple[str, str], list[int]]
) -> set[tuple[int, int]]:
    """(i, j), i < j, for items of different articles in one unit class that agree in value."""
    pairs: set[tuple[int, int]] = set()
    for bucket in buckets.values():
        for k, i in enumerate(bucket):
            for j in bucket[k + 1 :]:
                if items[i].article != items[j].article and facts_agree(
                    items[i].payload, items[j].payload
                ):
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _can_conflict(fact: Fact) -> bool:
    # Two years in one story are most often two events (a flood in 2019, a wall built in
    # 2022), not two accounts of one.
    if fact.kind == "year":
        return False
    if fact.kind != "date":
        return fact.value is not None
    return fact.relative is None or not fact.relative.startswith(_DEICTIC)
