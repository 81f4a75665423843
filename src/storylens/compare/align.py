"""Grouping what the articles of one story say into slots: one slot per thing said.

Every quote, number, event and sentence of the story is an :class:`Item`. Items of different
articles are linked when they agree (the same quote, the same figure in sentences about the
same thing) or when they fill one slot with incompatible values (a conflict); linked items form
a :class:`Slot`. Links are made per pair of articles, best first and one to one, so one article
cannot pull two different figures of another article into one slot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from storylens.compare.similarity import similarity_matrix
from storylens.model import StoryArticle

__all__ = ["Item", "Slot", "StoryText", "UnionFind", "link_pairwise", "slots_of"]

Payload = TypeVar("Payload")


@dataclass(frozen=True)
class StoryText:
    """The sentences of a story's articles, numbered story-wide, and their pairwise similarity."""

    articles: tuple[str, ...]  # external ids, in member order
    sentences: tuple[str, ...]
    sentence_article: tuple[int, ...]  # index into ``articles`` of each sentence
    first_sentence: dict[str, int]  # external id -> story-wide index of its first sentence
    similarity: NDArray[np.float64]

    @classmethod
    def of(cls, members: Sequence[StoryArticle]) -> StoryText:
        """Sentences of every member, as written in its text, with their TF-IDF cosines."""
        texts: list[str] = []
        owners: list[int] = []
        first: dict[str, int] = {}
        for index, member in enumerate(members):
            first[member.article.external_id] = len(texts)
            for sentence in member.analysis.sentences:
                texts.append(member.article.text[sentence.start : sentence.end])
                owners.append(index)
        articles = tuple(m.article.external_id for m in members)
        return cls(articles, tuple(texts), tuple(owners), first, similarity_matrix(texts))

    def index(self, article: str, sentence: int) -> int:
        """The story-wide index of sentence ``sentence`` of ``article``."""
        return self.first_sentence[article] + sentence

    def cosine(self, first: int, second: int) -> float:
        """Similarity of two story-wide sentences."""
        return float(self.similarity[first, second])


@dataclass(frozen=True)
class Item(Generic[Payload]):
    """One thing one article says: where it is, and what the analysis made of it."""

    article: str
    sentence: int  # story-wide sentence index
    start: int
    end: int
    text: str
    payload: Payload


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, first: int, second: int) -> None:
        self.parent[self.find(first)] = self.find(second)


@dataclass
class Slot(Generic[Payload]):
    """Items that say one thing; ``conflict`` when some of them disagree on its value."""

    items: list[Item[Payload]]
    conflict: bool = False
    drift: list[tuple[int, int]] = field(default_factory=list)  # item pairs, by position


# A scorer gives a link's kind and strength for two items of different articles, or None.
Scorer = Callable[[Item[Payload], Item[Payload]], tuple[str, float] | None]


def link_pairwise(
    items: Sequence[Item[Payload]],
    scorer: Scorer[Payload],
    candidates: Callable[[list[int], list[int]], Iterator[tuple[int, int]]] | None = None,
    *,
    one_to_one: bool = True,
) -> list[tuple[int, int, str]]:
    """Links (i, j, kind) between items of different articles, one to one per article pair.

    For each pair of articles the candidate pairs are scored, then taken best first, each item
    linked at most once per kind to that other article. ``candidates`` narrows the pairs to look
    at (an index, so long stories stay fast); by default every cross pair is scored. Without
    ``one_to_one`` every scored pair links (a long quote holds several shorter excerpts).
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_article[item.article].append(index)
    links: list[tuple[int, int, str]] = []
    for first_article, second_article in combinations(by_article, 2):
        left, right = by_article[first_article], by_article[second_article]
        pairs = candidates(left, right) if candidates else _all_pairs(left, right)
        scored = []
        for i, j in pairs:
            result = scorer(items[i], items[j])
            if result is not None:
                scored.append((result[1], i, j, result[0]))
        scored.sort(key=lambda entry: -entry[0])
        taken: set[tuple[int, str]] = set()
        for _score, i, j, kind in scored:
            if one_to_one and ((i, kind) in taken or (j, kind) in taken):
                continue
            taken.update({(i, kind), (j, kind)})
            links.append((i, j, kind))
    return links


def _all_pairs(left: list[int], right: list[int]) -> Iterator[tuple[int, int]]:
    return ((i, j) for i in left for j in right)


def slots_of(
    items: Sequence[Item[Payload]],
    links: Sequence[tuple[int, int, str]],
    *,
    conflict_kinds: frozenset[str] = frozenset({"conflict"}),
    drift_kinds: frozenset[str] = frozenset({"drift"}),
) -> list[Slot[Payload]]:
    """Connected items as slots, in the order of their first item."""
    sets = UnionFind(len(items))
    for i, j, _kind in links:
        sets.union(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(items)):
        members[sets.find(index)].append(index)
    slots: dict[int, Slot[Payload]] = {}
    position: dict[int, int] = {}
    for root, indices in members.items():
        slots[root] = Slot([items[i] for i in indices])
        position.update({i: k for k, i in enumerate(indices)})
    for i, j, kind in links:
        slot = slots[sets.find(i)]
        if kind in conflict_kinds:
            slot.conflict = True
        if kind in drift_kinds:
            slot.drift.append((position[i], position[j]))
    return list(slots.values())  # roots were met in item order, so slots are too
