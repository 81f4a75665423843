"""How much of a story's gist a sentence carries per word: features and a fitted linear scorer.

Every candidate sentence of a group gets a row of cheap features, all computed from the
group itself (no model, no word list beyond spaCy's stop words):

- where it stands in its article (news puts the event first): ``lead`` (1 / (1 + index)),
  ``first``, ``index`` (capped at 10), and how many sentences its article has;
- how much the *other* articles back it: its best TF-IDF cosine with each other article
  (mean and max), its cosine with the group's centroid, and the share of its content words
  that one other article (``agreement``) or two others (``agreement_all``) also use: what
  several outlets say is what a neutral account keeps;
- its likeness to the headlines (Edmundson's title method, 1969): the share of its content
  words in any headline of the group, and in its own;
- its make-up: words (log), capitalised words per word (names: who and where), whether it has
  a number, first and second person pronouns (opinion and direct address), the share inside
  quotation marks, an opening that leans on the sentence before ("It", "But"), "said".

The salience per word is a linear function of these (:data:`SALIENCE`), fitted by
``benchmarks/summaries.py --fit`` on NeuS-AllSides train (2,452 groups of three articles
from left, centre and right outlets, each with a neutral reference written by editors): a
weighted ridge regression of each sentence's ROUGE-2 precision against the reference (the
share of its word pairs the reference has), divided by the best in its group, so that the
fit learns which sentence of a group to prefer rather than which groups are easy; each
sentence weighs its word count, as it does in a summary. Only the coefficients are kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from storylens.brief.support import Matrix
from storylens.brief.text import dangling, quote_share, tokens

if TYPE_CHECKING:
    from storylens.brief.summarize import Candidate

__all__ = ["FEATURES", "SALIENCE", "SALIENCE_INTERCEPT", "salience", "sentence_features"]

#: The feature columns, in the order :func:`sentence_features` gives them.
FEATURES = (
    "lead",
    "first",
    "index",
    "cross",
    "cross_max",
    "centroid",
    "agreement",
    "agreement_all",
    "headline",
    "own_headline",
    "log_words",
    "capitalised",
    "number",
    "first_person",
    "quoted",
    "dangling",
    "said",
    "article_sentences",
)

#: Coefficients of each feature in the salience per word (``benchmarks/summaries.py --fit``).
#: The backing signals overlap (cosine with other articles, with the centroid, shared words):
#: the fit puts their weight on the centroid and the shared words, and leaves the mean cosine
#: negative once those are counted.
SALIENCE: dict[str, float] = {
    "lead": 0.1298,
    "first": 0.0350,
    "index": 0.0050,
    "cross": -0.2497,
    "cross_max": 0.0141,
    "centroid": 0.5367,
    "agreement": 0.3151,
    "agreement_all": -0.0820,
    "headline": 0.3086,
    "own_headline": 0.0502,
    "log_words": 0.0271,
    "capitalised": 0.3495,
    "number": 0.0270,
    "first_person": -0.3687,
    "quoted": -0.0539,
    "dangling": -0.0244,
    "said": 0.0140,
    "article_sentences": 0.0024,
}
SALIENCE_INTERCEPT = -0.2548

#: The lowest salience per word: every eligible sentence is worth a little, so that words
#: left in the budget are still spent.
FLOOR = 1e-3

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_PERSONAL = frozenset({"i", "we", "me", "my", "our", "us", "you", "your"})
_SAID = frozenset({"said", "says"})


def sentence_features(
    found: Sequence[Candidate], headlines: Sequence[Sequence[str]], best: Matrix, vectors: Matrix
) -> Matrix:
    """One row of :data:`FEATURES` per candidate of a group.

    ``headlines``: the content terms of each article's headline (by group index); ``best``:
    each candidate's best cosine with each article (0 for its own); ``vectors``: the
    candidates' L2-normalised TF-IDF rows.
    """
    articles = len(headlines)
    others = max(1, articles - 1)
    centroid = vectors.sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    centrality = vectors @ (centroid / norm) if norm > 0 else np.zeros(len(found))
    words_of = [set[str]() for _ in range(articles)]
    sentences_in = [0] * articles
    for candidate in found:
        words_of[candidate.member].update(candidate.terms)
        sentences_in[candidate.member] += 1
    in_any_headline = set().union(*map(set, headlines)) if headlines else set()
    rows = []
    for row, candidate in enumerate(found):
        terms = candidate.terms
        count = max(1, len(terms))
        backers = [
            sum(1 for b in range(articles) if b != candidate.member and term in words_of[b])
            for term in terms
        ]
        own = set(headlines[candidate.member]) if candidate.member < len(headlines) else set()
        words = tokens(candidate.text)
        length = max(1, len(candidate.text.split()))
        rows.append(
            [
                1.0 / (1.0 + candidate.index),
                float(candidate.index == 0),
                float(min(candidate.index, 10)),
                float(best[row].sum()) / others,
                float(best[row].max()) if articles else 0.0,
                float(centrality[row]),
                sum(1 for n in backers if n >= 1) / count,
                sum(1 for n in backers if n >= 2) / count,
                sum(1 for term in terms if term in in_any_headline) / count,
                sum(1 for term in terms if term in own) / count,
                float(np.log(length)),
                len(_CAPITALISED.findall(candidate.text[1:])) / length,
                float(any(ch.isdigit() for ch in candidate.text)),
                sum(1 for word in words if word in _PERSONAL) / max(1, len(words)),
                quote_share(candidate.text),
                float(dangling(candidate.text)),
                float(bool(_SAID & set(words))),
                float(sentences_in[candidate.member]),
            ]
        )
    return np.asarray(rows, dtype=float).reshape(len(found), len(FEATURES))


def salience(
    features: Matrix,
    coefficients: dict[str, float] | None = None,
    intercept: float | None = None,
) -> Matrix:
    """The salience per word of each row of ``features`` (never below :data:`FLOOR`)."""
    coefficients = SALIENCE if coefficients is None else coefficients
    intercept = SALIENCE_INTERCEPT if intercept is None else intercept
    weights = np.array([coefficients.get(name, 0.0) for name in FEATURES])
    values: Matrix = np.maximum(intercept + features @ weights, FLOOR)
    return values
