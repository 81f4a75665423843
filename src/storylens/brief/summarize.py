"""Extractive multi-document summaries in which every sentence cites every article that says it.

The method, per group of articles about one story:

1. Candidates are the analysed sentences (``Analysis.sentences``) minus what reads badly out of
   context (questions, fragments, split quotes, captions); datelines and "Label:" lead-ins are
   trimmed off (:mod:`storylens.brief.text`).
2. Each sentence is worth its word count times a salience per word, a linear function of
   cheap features fitted on NeuS-AllSides train (:mod:`storylens.brief.salience`): its
   position (news puts the event first), how much the *other* articles back it (best TF-IDF
   cosine with each other article, as in LexRank but across outlets only; likeness to the
   group's centroid; the share of its content words other outlets use too), its likeness to
   the headlines (Edmundson's title method, 1969), names, numbers, first-person and quoted
   text (opinion and framing rather than content) and an opening that needs the sentence
   before ("It", "But"). Weighing by length makes a long sentence earn its share of the budget.
3. Sentences are chosen by maximal marginal relevance (Carbonell & Goldstein, 1998) within a
   word budget, a chosen sentence discounting those like it, so one statement reported by
   three outlets appears once; a beam search over partial summaries, rather than the best
   sentence first and then whatever fits, so that the budget is spent on what is worth most.
   Optionally (``compress``), a sentence too long for the room left may go in short, without
   the asides the parse marks optional (parentheses, appositives, non-restrictive relative
   and participial clauses, openers, the adjuncts of "said"): a sentence compression in the
   spirit of Knight & Marcu (2002), by rule rather than learned, so that a tight budget holds
   more of what the articles say instead of skipping to a shorter, weaker sentence.
4. Each chosen sentence cites its own article and every article with a sentence close enough
   (:data:`~storylens.brief.support.SUPPORT_THRESHOLD`); corroborated sentences come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from storylens.brief.salience import SALIENCE, SALIENCE_INTERCEPT, salience, sentence_features
from storylens.brief.support import (
    REDUNDANT_THRESHOLD,
    Matrix,
    best_match_by_article,
    supporters,
    tfidf_matrix,
)
from storylens.brief.text import content_terms, judge, lead_trim
from storylens.model import StoryArticle, Summary, SummarySentence, Trim

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
    """How sentences are scored and chosen (see the module docstring).

    A sentence's score is its word count times its salience per word, a linear function of
    its features (:mod:`storylens.brief.salience`), so that under a word budget a long
    sentence must earn its length.
    """

    # coefficient of each feature in the salience per word (default: the fitted ones)
    salience: dict[str, float] = field(default_factory=lambda: dict(SALIENCE))
    intercept: float = SALIENCE_INTERCEPT
    diversity: float = 0.5  # MMR: how much similarity to chosen sentences discounts a score
    beam: int = 30  # how many partial summaries the search keeps at each step


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
    # ``text`` and its shorter forms, less one or more of its optional asides, longest first
    forms: tuple[str, ...]


def word_count(text: str) -> int:
    """Words as the budget counts them: runs of non-space characters."""
    return len(text.split())


def candidates(members: Sequence[StoryArticle], *, compress: bool = False) -> list[Candidate]:
    """Every sentence of every article, trimmed, marked eligible or not.

    A sentence the parser ran across a line break (a standfirst or a heading without a full
    stop, glued to the paragraph after it) is cut at the break: each line is a sentence.
    With ``compress`` each also gets its shorter forms: the text less one or more of the asides
    the analysis marked optional (:attr:`Analysis.trims`), where what is left still reads as
    a sentence. (Without it they are not worked out: up to 2^5 readability checks a sentence.)
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
                forms = _forms(text, start, end, member.analysis.trims) if compress else (trimmed,)
                found.append(
                    Candidate(member_index, index, start, end, trimmed, terms, eligible, forms)
                )
                index += 1
    return found


#: At most this many asides of one sentence are combined into shorter forms (2^n of them).
MAX_TRIMS = 5


def _forms(text: str, start: int, end: int, trims: Sequence[Trim]) -> tuple[str, ...]:
    """``text[start:end]`` and each reading form of it less some of its trims, longest first."""
    inside = [t for t in trims if start <= t.start and t.end <= end][:MAX_TRIMS]
    whole = text[start:end]
    forms = {whole}
    for subset in range(1, 2 ** len(inside)):
        dropped = [t for bit, t in enumerate(inside) if subset >> bit & 1]
        form = _without(text, start, end, dropped)
        if judge(form).ok:
            forms.add(form)
    forms.discard(whole)
    return (whole, *sorted(forms, key=lambda f: (-word_count(f), f)))


def _without(text: str, start: int, end: int, trims: Sequence[Trim]) -> str:
    """``text[start:end]`` less the trims that lie inside it, opening on a capital."""
    pieces, at = [], start
    for trim in trims:
        if start <= trim.start and trim.end <= end and trim.start >= at:
            pieces.append(text[at : trim.start])
            at = trim.end
    if at == start:
        return text[start:end]
    pieces.append(text[at:end])
    kept = "".join(pieces).strip()
    return kept[:1].upper() + kept[1:]


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
    features: Matrix  # one row of storylens.brief.salience.FEATURES per candidate


def rank_sentences(
    members: Sequence[StoryArticle], weights: Weights | None = None, *, compress: bool = False
) -> Ranking:
    """Score every sentence of a group (higher: more central to what the articles share);
    ``compress`` works out each sentence's shorter forms too (see :func:`candidates`)."""
    weights = weights or Weights()
    found = candidates(members, compress=compress)
    headlines = [content_terms(m.article.title or "") for m in members]
    vectors = tfidf_matrix([*(c.terms for c in found), [t for h in headlines for t in h]])
    similarity = vectors[:-1] @ vectors[:-1].T
    best = best_match_by_article(similarity, [c.member for c in found], len(members))
    features = sentence_features(found, headlines, best, vectors[:-1])
    density = salience(features, weights.salience, weights.intercept)
    words = np.array([word_count(c.text) for c in found], dtype=float)
    return Ranking(found, words * density, similarity, best, features)


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


def _select(
    ranking: Ranking, budget: int, weights: Weights, *, compress: bool = False
) -> list[tuple[int, str]]:
    """The eligible sentences whose summary is worth most within the word budget.

    Returns each chosen sentence with the form it goes in, in the order chosen. A summary is
    worth the sum of its sentences' scores, each discounted by its likeness to the sentences
    chosen before it (maximal marginal relevance); a sentence as like one already in as
    :data:`~storylens.brief.support.REDUNDANT_THRESHOLD` is not added. The search is a beam:
    at each step every partial summary kept is extended by every sentence that still fits,
    and the ``weights.beam`` best extensions go on. Taking the best sentence first and then
    whatever fits (greedy MMR) leaves words unspent that a second-best first choice would
    fill. With ``compress``, a sentence too long for the room left may go in as its longest
    shorter form that fits (:attr:`Candidate.forms`), worth its salience per word times the
    words it takes, so that the words it loses weigh nothing.
    """
    found, scores, similarity = ranking.found, ranking.scores, ranking.similarity
    forms = [c.forms if compress else c.forms[:1] for c in found]  # forms[0]: the whole text
    lengths = [[word_count(form) for form in options] for options in forms]
    per_word = scores / np.maximum([counts[0] for counts in lengths], 1)
    pool = [i for i, c in enumerate(found) if c.eligible and min(lengths[i]) <= budget]
    beam: list[_Partial] = [_Partial((), 0, 0.0)]
    best = beam[0]
    seen: set[frozenset[int]] = set()
    while beam:
        grown = []
        for partial in beam:
            taken = [i for i, _ in partial.chosen]
            for item in pool:
                key = frozenset([*taken, item])
                if item in taken or key in seen or min(lengths[item]) > budget - partial.used:
                    continue
                seen.add(key)
                overlap = float(similarity[item, taken].max()) if taken else 0.0
                if overlap >= REDUNDANT_THRESHOLD:
                    continue
                form = _longest_fitting(lengths[item], budget - partial.used)
                worth = per_word[item] * lengths[item][form]
                worth *= max(1.0 - weights.diversity * overlap, 0.0)
                grown.append(
                    _Partial(
                        (*partial.chosen, (item, form)),
                        partial.used + lengths[item][form],
                        partial.worth + worth,
                    )
                )
        grown.sort(key=lambda p: -p.worth)
        beam = grown[: weights.beam]
        if beam and beam[0].worth > best.worth:
            best = beam[0]
    return [(item, forms[item][form]) for item, form in best.chosen]


@dataclass(frozen=True, slots=True)
class _Partial:
    """A summary under construction: (sentence, form) pairs, words used, worth."""

    chosen: tuple[tuple[int, int], ...]
    used: int
    worth: float


def _longest_fitting(lengths: Sequence[int], room: int) -> int:
    """Index of the first (longest) of a sentence's forms that fits ``room`` words."""
    return next(k for k, length in enumerate(lengths) if length <= room)


def summarize(
    members: Sequence[StoryArticle],
    *,
    max_words: int = DEFAULT_WORDS,
    weights: Weights | None = None,
    compress: bool = False,
) -> Summary:
    """An extractive summary of a story's articles within ``max_words`` words, each sentence cited.

    Sentences several articles support come first. A sentence is never cut at an arbitrary
    word: without ``compress`` one longer than the room left is skipped, so a budget below the
    shortest eligible sentence gives an empty summary; with ``compress`` it may go in without
    the asides the analysis marked optional (:mod:`storylens.analyze.trims`), which suits
    tight budgets. The brief leaves it off: there every sentence reads as its article wrote it.
    """
    weights = weights or Weights()
    if not members or max_words <= 0:
        return Summary((), max(0, max_words))
    ranking = rank_sentences(members, weights, compress=compress)
    chosen = _select(ranking, max_words, weights, compress=compress)
    found = ranking.found
    sentences = [_cite(found[i], text, supporters(ranking.best, i), members) for i, text in chosen]
    order = sorted(range(len(sentences)), key=lambda k: -sentences[k].independent_sources)
    return Summary(tuple(sentences[k] for k in order), max_words)


def _cite(
    candidate: Candidate, text: str, supporting: Sequence[int], members: Sequence[StoryArticle]
) -> SummarySentence:
    own = members[candidate.member]
    cited = [own, *(members[b] for b in supporting if b != candidate.member)]
    outlets = tuple(dict.fromkeys(m.article.outlet for m in cited if m.article.outlet))
    originals = {m.copy_of or m.article.external_id for m in cited}
    return SummarySentence(
        text=text,
        article=own.article.external_id,
        start=candidate.start,
        end=candidate.end,
        sources=tuple(dict.fromkeys(m.article.external_id for m in cited)),
        outlets=outlets,
        independent_sources=len(originals),
    )
