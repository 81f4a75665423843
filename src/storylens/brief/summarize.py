"""Extractive multi-document summaries in which every sentence cites every article that says it.

The method, per group of articles about one story:

1. Candidates are the analysed sentences (``Analysis.sentences``) minus what reads badly out of
   context (questions, fragments, split quotes, captions, a sentence of quoted words whose
   speaker another sentence names); datelines and "Label:" lead-ins are trimmed off
   (:mod:`storylens.brief.text`).
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
from storylens.model import Quote, StoryArticle, Summary, SummarySentence, Trim

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
        direct = [quote for quote in member.analysis.quotes if quote.kind == "direct"]
        index = 0
        for sentence in member.analysis.sentences:
            for line_start, end in _lines(text, sentence.start, sentence.end):
                start = line_start + lead_trim(text[line_start:end])
                trimmed = text[start:end]
                terms = tuple(content_terms(trimmed))
                eligible = (
                    judge(trimmed).ok
                    and bool(terms)
                    and not _quoted_without_speaker(text, start, end, direct)
                )
                forms = _forms(text, start, end, member.analysis.trims) if compress else (trimmed,)
                found.append(
                    Candidate(member_index, index, start, end, trimmed, terms, eligible, forms)
                )
                index += 1
    return found


#: What may stand around a quotation in a sentence that holds nothing else.
_QUOTE_EDGES = re.compile(r"[\s\"“”‘’'.,;:!?…-]*")


def _quoted_without_speaker(text: str, start: int, end: int, direct: Sequence[Quote]) -> bool:
    """Whether ``text[start:end]`` is nothing but the words of a direct quote, its speaker
    and cue in another sentence ("... ," Holm said. "I said then that we would fight it.").

    Out of its article such a sentence has no one to say it: its "I" and "we" read as
    nobody's, or as the summary's own claim. The brief's quotes table carries it with its
    speaker instead.
    """
    for quote in direct:
        if quote.end <= start or quote.start >= end:
            continue
        outside = text[start : max(start, quote.start)] + text[min(end, quote.end) : end]
        if _QUOTE_EDGES.fullmatch(outside):
            return True
    return False


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


def rank_sentences(
    members: Sequence[StoryArticle], weights: Weights | None = None, *, compress: bool = False
) -> Ranking:
    """Score every sentence of a group (higher: more central to what the articles share);
    ``compress`` works out each sentence's shorter forms too (see :func:`candidates`)."""
    weights = weights or Weights()
    found = candidates(members, compress=compress)
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


def _select(
    ranking: Ranking, budget: int, diversity: float, *, compress: bool = False
) -> list[tuple[int, str]]:
    """Maximal marginal relevance within the word budget, among eligible sentences.

    Returns each chosen sentence with the form it goes in. With ``compress``, a sentence that
    no longer fits whole may still go in as its longest shorter form that fits
    (:attr:`Candidate.forms`); it is then worth its salience per word times the words it
    takes, so that the words it loses weigh nothing.
    """
    found, scores, similarity = ranking.found, ranking.scores, ranking.similarity
    forms = [c.forms if compress else c.forms[:1] for c in found]  # forms[0]: the whole text
    lengths = [[word_count(form) for form in options] for options in forms]
    per_word = scores / np.maximum([counts[0] for counts in lengths], 1)
    pool = [i for i, c in enumerate(found) if c.eligible and min(lengths[i]) <= budget]
    chosen: list[tuple[int, str]] = []
    used = 0
    while pool:
        taken = [i for i, _ in chosen]
        overlap = similarity[np.ix_(pool, taken)].max(axis=1) if taken else np.zeros(len(pool))
        fitting = [_longest_fitting(lengths[i], budget - used) for i in pool]
        worth = np.array(
            [
                scores[i] if form == 0 else per_word[i] * lengths[i][form]
                for i, form in zip(pool, fitting, strict=True)
            ]
        )
        marginal = worth * np.maximum(1.0 - diversity * overlap, 0.0)
        marginal[overlap >= REDUNDANT_THRESHOLD] = -np.inf
        pick = int(np.argmax(marginal))
        if not np.isfinite(marginal[pick]):
            break
        item, form = pool[pick], fitting[pick]
        chosen.append((item, forms[item][form]))
        used += lengths[item][form]
        pool = [i for i in pool if i != item and min(lengths[i]) <= budget - used]
    return chosen


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
    chosen = _select(ranking, max_words, weights.diversity, compress=compress)
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
