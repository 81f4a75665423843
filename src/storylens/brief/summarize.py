"""Extractive multi-document summaries in which every sentence cites every article that says it.

The method, per group of articles about one story:

1. Candidates are the analysed sentences (``Analysis.sentences``) minus what reads badly out of
   context (questions, fragments, split quotes, captions); datelines and "Label:" lead-ins are
   trimmed off (:mod:`storylens.brief.text`).
2. Each sentence is worth its word count times a salience per word: a base value, plus a
   lead-position prior (news puts the event first), plus how much the *other* articles back it
   (its best TF-IDF cosine with each other article: cross-document centrality, as in LexRank
   but across outlets only), plus its likeness to the headlines (Edmundson's title method,
   1969: editors put the gist of a story in its headline), minus penalties for text inside
   quotation marks (framing rather than content) and for an opening that needs the sentence
   before ("It", "But"). Weighing by length makes a long sentence earn its share of the budget.
3. Sentences are chosen by maximal marginal relevance (Carbonell & Goldstein, 1998) within a
   word budget, a chosen sentence discounting those like it, so one statement reported by
   three outlets appears once.
4. Each chosen sentence cites its own article and every article with a sentence close enough
   (:data:`~storylens.brief.support.SUPPORT_THRESHOLD`); corroborated sentences come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storylens.brief.support import (
    REDUNDANT_THRESHOLD,
    Matrix,
    best_match_by_article,
    supporters,
    tfidf_matrix,
)
from storylens.brief.text import content_terms, dangling, judge, lead_trim, quote_share
from storylens.model import StoryArticle, Summary, SummarySentence

__all__ = [
    "DEFAULT_WORDS",
    "Candidate",
    "Ranking",
    "Weights",
    "candidates",
    "pack",
    "rank_sentences",
    "summarize",
    "word_count",
]

#: The default length of a summary: about three news sentences.
DEFAULT_WORDS = 60


@dataclass(frozen=True, kw_only=True)
class Weights:
    """How a sentence's salience per word mixes its signals (see the module docstring).

    A sentence's score is its word count times its salience per word, so that under a word
    budget a long sentence must earn its length.
    """

    base: float = 1.0  # what any eligible word is worth
    position: float = 1.0  # times 1 / (1 + sentence index) in its article: the news lead
    cross: float = 0.5  # times the mean best cosine with each other article
    headline: float = 2.0  # times the cosine with the articles' headlines, taken together
    quotes: float = 0.5  # penalty per share of the sentence inside quotation marks
    dangling: float = 0.25  # penalty for opening on a pronoun or connective ("It", "But")
    diversity: float = 0.5  # MMR: how much similarity to chosen sentences discounts a score


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of a group, trimmed, with what scoring needs."""

    member: int  # index into the group
    index: int  # sentence index in its article
    start: int  # span in the article's text
    end: int
    text: str
    terms: tuple[str, ...]
    eligible: bool  # False: it may support others but not enter a summary


def word_count(text: str) -> int:
    """Words as the budget counts them: runs of non-space characters."""
    return len(text.split())


def candidates(members: Sequence[StoryArticle]) -> list[Candidate]:
    """Every sentence of every article, trimmed, marked eligible or not.

    A sentence the parser ran across a line break (a standfirst or a heading without a full
    stop, glued to the paragraph after it) is cut at the break: each line is a sentence.
    """
    found = []
    for member_index, member in enumerate(members):
        text = member.article.text
        index = 0
        for sentence in member.analysis.sentences:
            for line_start, end in _lines(text, sentence.start, sentence.end):
                start = line_start + lead_trim(text[line_start:end])
                trimmed = text[start:end]
                terms = tuple(content_terms(trimmed))
                eligible = judge(trimmed).ok and bool(terms)
                found.append(Candidate(member_index, index, start, end, trimmed, terms, eligible))
                index += 1
    return found


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of ``text[start:end]``, as spans with no edge whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line = match.group(0)
        left = len(line) - len(line.lstrip())
        right = len(line.rstrip())
        if right > left:
            spans.append((start + match.start() + left, start + match.start() + right))
    return spans


@dataclass(frozen=True)
class Ranking:
    """A group's candidate sentences with their scores and similarities."""

    found: list[Candidate]
    scores: Matrix
    similarity: Matrix  # cosine of every pair of candidates
    best: Matrix  # best cosine of each candidate with each article (0 for its own)


def rank_sentences(members: Sequence[StoryArticle], weights: Weights | None = None) -> Ranking:
    """Score every sentence of a group (higher: more central to what the articles share)."""
    weights = weights or Weights()
    found = candidates(members)
    headlines = [t for m in members for t in content_terms(m.article.title or "")]
    vectors = tfidf_matrix([*(c.terms for c in found), headlines])
    similarity = vectors[:-1] @ vectors[:-1].T
    headline = vectors[:-1] @ vectors[-1]
    best = best_match_by_article(similarity, [c.member for c in found], len(members))
    others = max(1, len(members) - 1)
    cross = best.sum(axis=1) / others
    position = np.array([1.0 / (1.0 + c.index) for c in found])
    quoted = np.array([quote_share(c.text) for c in found])
    leaning = np.array([float(dangling(c.text)) for c in found])
    density = (
        weights.base
        + weights.cross * cross
        + weights.headline * headline
        + weights.position * position
        - weights.quotes * quoted
        - weights.dangling * leaning
    )
    words = np.array([word_count(c.text) for c in found], dtype=float)
    scores = words * np.maximum(density, 0.0)
    return Ranking(found, scores, similarity, best)


def pack(order: Sequence[int], lengths: Sequence[int], budget: int) -> list[int]:
    """Take items in ``order`` while their lengths fit ``budget``; one that overflows is skipped.

    The one rule every system in ``benchmarks/summaries.py`` shares. Empty when nothing fits.
    """
    chosen, used = [], 0
    for item in order:
        if used + lengths[item] <= budget:
            chosen.append(item)
            used += lengths[item]
    return chosen


def _select(ranking: Ranking, budget: int, diversity: float) -> list[int]:
    """Maximal marginal relevance within the word budget, among eligible sentences."""
    found, scores, similarity = ranking.found, ranking.scores, ranking.similarity
    lengths = [word_count(c.text) for c in found]
    pool = [i for i, c in enumerate(found) if c.eligible and lengths[i] <= budget]
    chosen: list[int] = []
    used = 0
    while pool:
        overlap = similarity[np.ix_(pool, chosen)].max(axis=1) if chosen else np.zeros(len(pool))
        marginal = scores[pool] * np.maximum(1.0 - diversity * overlap, 0.0)
        blocked = overlap >= REDUNDANT_THRESHOLD
        marginal[blocked] = -np.inf
        pick = int(np.argmax(marginal))
        if not np.isfinite(marginal[pick]):
            break
        chosen.append(pool[pick])
        used += lengths[pool[pick]]
        pool = [i for i in pool if i != pool[pick] and used + lengths[i] <= budget]
    return chosen


def summarize(
    members: Sequence[StoryArticle],
    *,
    max_words: int = DEFAULT_WORDS,
    weights: Weights | None = None,
) -> Summary:
    """An extractive summary of a story's articles within ``max_words`` words, each sentence cited.

    Sentences several articles support come first; a sentence longer than the budget is never
    cut, so a budget below the shortest eligible sentence gives an empty summary.
    """
    weights = weights or Weights()
    if not members or max_words <= 0:
        return Summary((), max(0, max_words))
    ranking = rank_sentences(members, weights)
    chosen = _select(ranking, max_words, weights.diversity)
    found = ranking.found
    sentences = [_cite(found[i], supporters(ranking.best, i), members) for i in chosen]
    order = sorted(range(len(sentences)), key=lambda k: -sentences[k].independent_sources)
    return Summary(tuple(sentences[k] for k in order), max_words)


def _cite(
    candidate: Candidate, supporting: Sequence[int], members: Sequence[StoryArticle]
) -> SummarySentence:
    own = members[candidate.member]
    cited = [own, *(members[b] for b in supporting if b != candidate.member)]
    outlets = tuple(dict.fromkeys(m.article.outlet for m in cited if m.article.outlet))
    originals = {m.copy_of or m.article.external_id for m in cited}
    return SummarySentence(
        text=candidate.text,
        article=own.article.external_id,
        start=candidate.start,
        end=candidate.end,
        sources=tuple(dict.fromkeys(m.article.external_id for m in cited)),
        outlets=outlets,
        independent_sources=len(originals),
    )
