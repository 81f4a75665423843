"""Sentences of different articles that say the same thing in other words.

A sentence is a candidate statement when it has enough content words to say something and is
not mostly a direct quote (quotes are compared word for word in :mod:`.quotes`). Candidates of
different articles whose TF-IDF cosine (:mod:`.similarity`) reaches the threshold are linked,
best first and one to one per article pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from storylens.analyze.quotes import with_quoted_parts
from storylens.compare.align import Item, Slot, StoryText, link_pairwise, slots_of
from storylens.compare.similarity import content_terms
from storylens.model import StoryArticle

__all__ = ["MIN_TERMS", "align_statements", "statement_items"]

# Fewer content words than this and a sentence is a fragment, a dateline or a sign-off.
MIN_TERMS = 4
# A sentence more than this share of which is direct quotation is compared as quotes.
MAX_QUOTED_SHARE = 0.5


def statement_items(members: Sequence[StoryArticle], text: StoryText) -> list[Item[None]]:
    """One item per candidate sentence of every member."""
    items: list[Item[None]] = []
    for member in members:
        article = member.article.external_id
        quotes = with_quoted_parts(member.analysis.quotes)
        quoted = [(q.start, q.end) for q in quotes if q.kind == "direct"]
        for local, sentence in enumerate(member.analysis.sentences):
            words = member.article.text[sentence.start : sentence.end]
            length = max(sentence.end - sentence.start, 1)
            inside = sum(
                max(0, min(end, sentence.end) - max(start, sentence.start)) for start, end in quoted
            )
            if inside / length > MAX_QUOTED_SHARE or len(content_terms(words)) < MIN_TERMS:
                continue
            span = _trimmed(words, sentence.start)
            index = text.index(article, local)
            items.append(Item(article, index, span[0], span[1], words.strip(), None))
    return items


def _trimmed(words: str, start: int) -> tuple[int, int]:
    head = len(words) - len(words.lstrip())
    return start + head, start + len(words.rstrip())


def align_statements(
    items: Sequence[Item[None]], text: StoryText, *, threshold: float
) -> list[Slot[None]]:
    """Slots of sentences that say the same thing (cosine at least ``threshold``)."""
    rows = np.array([item.sentence for item in items], dtype=np.intp)

    def score(first: Item[None], second: Item[None]) -> tuple[str, float] | None:
        return "agree", text.cosine(first.sentence, second.sentence)

    def candidates(left: list[int], right: list[int]) -> Iterator[tuple[int, int]]:
        block = text.similarity[np.ix_(rows[left], rows[right])]
        for a, b in zip(*np.nonzero(block >= threshold), strict=True):
            yield left[int(a)], right[int(b)]

    return slots_of(items, link_pairwise(items, score, candidates))
