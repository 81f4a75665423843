"""Sums of sparse weights (names, figures, kinds of event), as stories keep them.

An article's names and figures are weights keyed by what they name; a story keeps their sums,
trimmed to the heaviest when they grow long, and compares an article with them by cosine.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

NAMES_KEPT = 48  # entity / figure weights kept per story (the heaviest)


def cosine(article: dict[str, float], story: dict[str, float], story_norm: float) -> float:
    """Cosine of a unit-length article weighting with a story's summed weights."""
    # Most candidates share no key: the set test in C is the quick way to say so.
    if not story_norm or article.keys().isdisjoint(story.keys()):
        return 0.0
    get = story.get
    dot = sum([weight * get(key, 0.0) for key, weight in article.items()])  # a list: quicker
    return dot / story_norm if dot else 0.0


def length(weights: dict[str, float]) -> float:
    """Euclidean length of a weighting."""
    return math.sqrt(sum([value * value for value in weights.values()]))  # a list: quicker


def similarity(first: dict[str, float], second: dict[str, float]) -> float:
    """Cosine of two weight sums."""
    if len(first) > len(second):
        first, second = second, first
    dot = sum(weight * second.get(key, 0.0) for key, weight in first.items())
    if not dot:
        return 0.0
    norms = math.sqrt(sum(v * v for v in first.values()) * sum(v * v for v in second.values()))
    return dot / norms


def accumulate(total: dict[str, float], weights: dict[str, float]) -> None:
    """Add ``weights`` to a story's sums, keeping only the heaviest when they grow long."""
    for key, weight in weights.items():
        total[key] = total.get(key, 0.0) + weight
    if len(total) > 2 * NAMES_KEPT:
        kept = sorted(total.items(), key=lambda kv: -kv[1])[:NAMES_KEPT]
        total.clear()
        total.update(kept)


def subtract(total: dict[str, float], weights: dict[str, float]) -> dict[str, float]:
    """A copy of summed weights without one article's (keys left near zero dropped)."""
    rest = dict(total)
    for key, weight in weights.items():
        if key in rest:
            left = rest[key] - weight
            if left > 1e-6:
                rest[key] = left
            else:
                del rest[key]
    return rest


def salient(entities: dict[str, float]) -> list[str]:
    """Entity keys, heaviest first (ties in their given order: the sort is stable)."""
    return sorted(entities, key=entities.__getitem__, reverse=True)


def pair_cosines(weights: list[dict[str, float]]) -> npt.NDArray[np.float64]:
    """Each pair's dot product of weights times the mean of the inverses of their lengths:
    the mean of the two ways :func:`cosine` scores one article against a story of the other
    (zero for an article without such weights)."""
    columns: dict[str, int] = {}
    rows = [row for row, one in enumerate(weights) for _key in one]
    keys = [columns.setdefault(key, len(columns)) for one in weights for key in one]
    matrix = np.zeros((len(weights), len(columns)))
    matrix[rows, keys] = [weight for one in weights for weight in one.values()]
    lengths = np.sqrt((matrix * matrix).sum(axis=1))
    inverse = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    scores: npt.NDArray[np.float64] = (
        (matrix @ matrix.T) * 0.5 * (inverse[:, None] + inverse[None, :])
    )
    return scores
