"""How alike two sentences are: TF-IDF over content words, all pairs in one matrix product.

Each sentence becomes a vector of its content words (stop words and numbers left out, words
cut to a crude stem so "closed" and "closing" meet), weighted by inverse document frequency
over the story's sentences and scaled to unit length; one matrix product gives every pair's
cosine. The same similarity tells whether two numbers sit in sentences about the same thing.
Thresholds on it were measured on the sample corpus gold (``benchmarks/compare.py`` sweeps them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from spacy.lang.en.stop_words import STOP_WORDS

from storylens.names import fold

__all__ = ["content_terms", "paraphrase_pairs", "similarity_matrix", "stem"]

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly")
# Words too common in news to say what a sentence is about.
_NEWS_STOP = frozenset("said says told according added asked mr mrs ms dr".split())
# Irregular past forms, so "met" meets "meeting" and "spoke" meets "speaks" (the suffix rules
# below handle the regular ones).
_IRREGULAR = {
    past: base
    for base, *pasts in (
        line.split()
        for line in """
        meet met; speak spoke spoken; say said; tell told; make made; take took taken;
        give gave given; go went gone; come came; see saw seen; know knew known; find found;
        think thought; buy bought; bring brought; build built; hold held; keep kept; lose lost;
        leave left; pay paid; sell sold; send sent; spend spent; stand stood; win won; begin
        began begun; break broke broken; choose chose chosen; drive drove driven; fall fell
        fallen; fly flew flown; grow grew grown; hit; hurt; lead led; rise rose risen; run ran;
        seek sought; shut; strike struck; write wrote written; cut; put; set; cost; quit
        """.replace("\n", " ").split(";")
        if line.split()
    )
    for past in pasts
}


def stem(word: str) -> str:
    """A crude stem: "closing" and "closed" -> "clos", "ships" -> "ship", "met" -> "meet"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    """The stemmed content words of a text, in order."""
    return list(_terms(text))


@lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    words = _WORD.findall(fold(text).replace("’", "'"))
    return tuple(
        stem(word.removesuffix("'s"))
        for word in words
        if word not in STOP_WORDS and word not in _NEWS_STOP and len(word) > 1
    )


def similarity_matrix(texts: Sequence[str]) -> NDArray[np.float64]:
    """Cosine similarity of every pair of texts under TF-IDF over their content words."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, text in enumerate(texts):
        for term in content_terms(text):
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    # Counts per (text, term) as sparse triples: most terms occur in one text only, and a
    # dense texts-by-vocabulary matrix would be mostly zeros.
    size = max(len(vocabulary), 1)
    keys, counts = np.unique(
        np.asarray(rows, dtype=np.int64) * size + np.asarray(columns, dtype=np.int64),
        return_counts=True,
    )
    text_of, term_of = keys // size, keys % size
    document_frequency = np.bincount(term_of, minlength=size)
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1.0
    # Damped term frequency: a word said twice is not twice as telling.
    weights = np.sqrt(counts) * idf[term_of]
    norms = np.sqrt(np.bincount(text_of, weights=weights**2, minlength=len(texts)))
    # A term of one text only adds to its length, never to a dot product: only terms shared by
    # two texts or more enter the product, after every term counted in the norm.
    shared_terms = np.flatnonzero(document_frequency >= 2)
    column = np.full(size, -1)
    column[shared_terms] = np.arange(len(shared_terms))
    keep = column[term_of] >= 0
    matrix = np.zeros((len(texts), len(shared_terms)))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    matrix[text_of[keep], column[term_of[keep]]] = weights[keep] * scale[text_of[keep]]
    similarity: NDArray[np.float64] = matrix @ matrix.T
    np.fill_diagonal(similarity, (norms > 0).astype(float))  # each text is itself, if anything
    return similarity


def paraphrase_pairs(
    similarity: NDArray[np.float64], groups: Sequence[int], threshold: float
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine), i < j, of texts in different groups at or above ``threshold``.

    ``groups`` gives each text's article, so sentences of one article never pair up. Best
    pairs first.
    """
    labels = np.asarray(groups)
    candidate = (similarity >= threshold) & (labels[:, None] != labels[None, :])
    first, second = np.nonzero(np.triu(candidate, k=1))
    scores = similarity[first, second]
    order = np.argsort(-scores, kind="stable")
    return [(int(first[k]), int(second[k]), float(scores[k])) for k in order]
