"""Optional abstractive summaries from an OpenAI-compatible endpoint, checked before shown.

Off unless a caller passes an :class:`Endpoint` (nothing here runs by default, and no test
needs a model). The endpoint writes a summary from the story's own sentences; every sentence
it returns is then checked against the story: it must share most of its content words with
story sentences that say the same thing, and every number in it must appear in the story.
A sentence that passes is cited like an extractive one (every article that supports it); one
that fails is dropped and returned with the reason, so a caller can show it flagged.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storylens.brief.summarize import (
    DEFAULT_WORDS,
    Candidate,
    candidates,
    pack,
    rank_sentences,
    word_count,
)
from storylens.brief.support import SUPPORT_THRESHOLD, tfidf_matrix
from storylens.brief.text import content_terms
from storylens.errors import StorylensError
from storylens.model import StoryArticle, Summary, SummarySentence

__all__ = ["AbstractiveError", "Checked", "Endpoint", "abstractive_summary", "check", "complete"]

#: Share of a generated sentence's content words that the story sentences supporting it must
#: hold. Below it the sentence says something the story does not.
MIN_COVERAGE = 0.6

#: Story sentences shown to the endpoint, best ranked first (keeps the prompt small).
PROMPT_SENTENCES = 40

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[”\"’']?|$)")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")

_INSTRUCTIONS = (
    "You summarise news stories neutrally. Use only facts stated in the numbered sentences; "
    "add no opinion, no background and no number that they do not give. Answer with plain "
    "sentences only."
)


class AbstractiveError(StorylensError):
    """The endpoint could not be reached or gave no usable answer."""


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    """Where to ask: an OpenAI-compatible API base URL (".../v1"), a model name, a key."""

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0


@dataclass(frozen=True)
class Checked:
    """The sentences that the story supports, cited, and those dropped with the reason."""

    summary: Summary
    dropped: tuple[tuple[str, str], ...]  # (sentence, why)


def abstractive_summary(
    members: Sequence[StoryArticle], endpoint: Endpoint, *, max_words: int = DEFAULT_WORDS
) -> Checked:
    """Ask ``endpoint`` for a summary of the story and keep only what the story supports."""
    if not members or max_words <= 0:
        return Checked(Summary((), max(0, max_words)), ())
    ranking = rank_sentences(members)
    order = np.argsort(-ranking.scores, kind="stable")[:PROMPT_SENTENCES]
    shown = [ranking.found[i].text for i in sorted(order.tolist())]
    numbered = "\n".join(f"{k}. {text}" for k, text in enumerate(shown, start=1))
    request = f"Sentences:\n{numbered}\n\nSummarise the story in at most {max_words} words."
    return check(complete(endpoint, request), members, max_words=max_words)


def complete(endpoint: Endpoint, prompt: str) -> str:
    """The endpoint's answer to ``prompt`` (POST ``/chat/completions``, temperature 0)."""
    body = {
        "model": endpoint.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": _INSTRUCTIONS},
            {"role": "user", "content": prompt},
        ],
    }
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    url = endpoint.url.rstrip("/") + "/chat/completions"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise AbstractiveError(f"{url} answered HTTP {error.code}: {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise AbstractiveError(f"cannot reach {url}: {reason}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AbstractiveError(f"{url} did not answer with JSON") from None
    return _content(answer, url)


def _content(answer: Any, url: str) -> str:
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise AbstractiveError(f"{url} answered without choices[0].message.content") from None
    if not isinstance(content, str):
        raise AbstractiveError(f"{url} answered with a non-text message")
    return content


def check(text: str, members: Sequence[StoryArticle], *, max_words: int) -> Checked:
    """Split ``text`` into sentences; cite those the story supports, drop the others."""
    found = candidates(members)
    story_numbers = {n for c in found for n in _numbers(c.text)}
    generated = [s.strip() for s in _SENTENCE.findall(" ".join(text.split())) if s.strip()]
    kept: list[SummarySentence] = []
    dropped: list[tuple[str, str]] = []
    for sentence in generated:
        cited, reason = _cite(sentence, found, members, story_numbers)
        if cited is None:
            dropped.append((sentence, reason))
        else:
            kept.append(cited)
    chosen = pack(range(len(kept)), [word_count(s.text) for s in kept], max_words)
    dropped += [(kept[i].text, "over the word budget") for i in range(len(kept)) if i not in chosen]
    return Checked(Summary(tuple(kept[i] for i in chosen), max_words), tuple(dropped))


def _cite(
    sentence: str,
    found: Sequence[Candidate],
    members: Sequence[StoryArticle],
    story_numbers: set[str],
) -> tuple[SummarySentence | None, str]:
    terms = content_terms(sentence)
    if not terms or not found:
        return None, "no content the story could support"
    missing = [n for n in _numbers(sentence) if n not in story_numbers]
    if missing:
        return None, f"number not in the story: {', '.join(missing)}"
    vectors = tfidf_matrix([*(c.terms for c in found), terms])
    similarity = vectors[:-1] @ vectors[-1]
    supporting = [i for i in np.argsort(-similarity) if similarity[i] >= SUPPORT_THRESHOLD]
    covered = {t for i in supporting for t in found[i].terms}
    coverage = sum(t in covered for t in terms) / len(terms)
    if not supporting or coverage < MIN_COVERAGE:
        return None, f"not supported by the story ({coverage:.0%} of its words)"
    best = found[supporting[0]]
    articles = list(dict.fromkeys(found[i].member for i in supporting))
    cited = [members[a] for a in articles]
    return SummarySentence(
        text=sentence,
        article=members[best.member].article.external_id,
        start=best.start,
        end=best.end,
        sources=tuple(m.article.external_id for m in cited),
        outlets=tuple(dict.fromkeys(m.article.outlet for m in cited if m.article.outlet)),
        independent_sources=len({m.copy_of or m.article.external_id for m in cited}),
    ), ""


def _numbers(text: str) -> list[str]:
    """The numbers written in ``text``, separators dropped: "1,400" and "1400" meet."""
    return [n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)]
