"""Which articles say the same thing: TF-IDF sentence vectors and cross-article matching.

Every sentence of a group becomes an L2-normalised TF-IDF vector (the IDF taken over the
group's own sentences, so a story's topic words weigh less than the details that set sentences
apart). A sentence is *supported* by another article when that article holds a sentence whose
cosine similarity with it reaches :data:`SUPPORT_THRESHOLD`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

#: Cosine at which another article's sentence counts as saying the same thing, measured by
#: ``benchmarks/summaries.py --calibrate``. On the sample corpus gold (which articles report
#: each fact) citations at 0.25 have precision 0.67 and recall 0.82, the best F1 (0.74; at 0.2:
#: 0.59 / 0.90, at 0.3: 0.75 / 0.69). On NeuS train, a sentence's best match in an article of
#: an *unrelated* story reaches 0.18 for only 1 sentence in 100.
SUPPORT_THRESHOLD = 0.25

#: Cosine above which two sentences are the same statement: the later one is not repeated in a
#: summary, its article is cited on the first instead.
REDUNDANT_THRESHOLD = 0.4


def tfidf_matrix(documents: Sequence[Sequence[str]]) -> Matrix:
    """L2-normalised TF-IDF rows, one per term list (smoothed IDF, sublinear TF)."""
    vocabulary: dict[str, int] = {}
    for terms in documents:
        for term in terms:
            vocabulary.setdefault(term, len(vocabulary))
    counts = np.zeros((len(documents), max(1, len(vocabulary))))
    for row, terms in enumerate(documents):
        for term in terms:
            counts[row, vocabulary[term]] += 1.0
    present = counts > 0
    idf = np.log((1.0 + len(documents)) / (1.0 + present.sum(axis=0))) + 1.0
    weights = np.where(present, 1.0 + np.log(np.where(present, counts, 1.0)), 0.0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    normalised: Matrix = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
    return normalised


def best_match_by_article(similarity: Matrix, owners: Sequence[int], articles: int) -> Matrix:
    """``best[i, b]``: the highest similarity of sentence ``i`` to any sentence of article ``b``.

    A sentence's own article gets 0, so the result says only what *other* articles support.
    """
    owner = np.asarray(owners)
    best = np.zeros((similarity.shape[0], articles))
    for article in range(articles):
        columns = owner == article
        if columns.any():
            best[:, article] = similarity[:, columns].max(axis=1)
    best[np.arange(len(owner)), owner] = 0.0
    return best


def supporters(best: Matrix, row: int, threshold: float = SUPPORT_THRESHOLD) -> list[int]:
    """The articles whose best-matching sentence reaches ``threshold`` for sentence ``row``."""
    return [int(b) for b in np.flatnonzero(best[row] >= threshold)]
