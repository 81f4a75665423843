"""Spectral bisection of a story's articles into two events, when they clearly hold two."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def spectral_split(
    scores: npt.NDArray[np.float64], smallest: int, ratio: float
) -> list[int] | None:
    """The positions of one side of a clear two-way split of articles, or None.

    Spectral bisection (Shi & Malik, "Normalized Cuts and Image Segmentation", 2000): the
    articles sorted by the second eigenvector of the normalised graph Laplacian of their
    (non-negative) pair scores, cut where the normalised cut is least. The split is clear
    when both sides hold ``smallest`` articles at least and the mean score across them is
    below ``ratio`` times the lower of the two sides' mean inner scores, and that score is
    above zero.
    """
    size = len(scores)
    if size < 2 * smallest:
        return None
    weights = np.maximum(scores, 0.0)
    np.fill_diagonal(weights, 0.0)
    degrees = np.maximum(weights.sum(axis=1), 1e-9)
    scale = 1.0 / np.sqrt(degrees)
    laplacian = np.eye(size) - weights * np.outer(scale, scale)
    _values, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] * scale)
    # the normalised cut of each place to cut the sorted articles, from running sums
    ordered = weights[np.ix_(order, order)]
    inside = np.cumsum(np.cumsum(ordered, axis=0), axis=1).diagonal()  # top-left blocks
    volume = np.cumsum(degrees[order])
    across = volume - inside
    total = volume[-1]
    cuts = np.arange(smallest, size - smallest + 1)
    ncut = across[cuts - 1] / volume[cuts - 1] + across[cuts - 1] / np.maximum(
        total - volume[cuts - 1], 1e-9
    )
    cut = int(cuts[int(np.argmin(ncut))])
    left, right = order[:cut], order[cut:]
    inner = min(_mean_inner(scores, left), _mean_inner(scores, right))
    across_mean = float(scores[np.ix_(left, right)].mean())
    # a side whose articles do not score above zero with each other holds no event to keep
    if inner <= 0.0 or across_mean >= ratio * inner:
        return None
    return sorted(int(i) for i in left)


def _mean_inner(scores: npt.NDArray[np.float64], part: npt.NDArray[np.intp]) -> float:
    """Mean score of the pairs within one part."""
    block = scores[np.ix_(part, part)]
    count = len(part) * (len(part) - 1)
    return float((block.sum() - np.trace(block)) / count) if count else 0.0
