"""Groups of raw JSON articles for the stateless ``storylens summarize`` command.

Input lines are ``{"id": str, "articles": [article, ...]}`` (an article as in the JSONL input
format). Each article goes through the same ingest cleaning and analysis as ``storylens
quotes``; a bad line or a bad article is a :class:`~storylens.model.Failure` and the rest goes on.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from storylens.analyze import analyze_many
from storylens.brief.abstractive import Endpoint, abstractive_summary
from storylens.brief.summarize import DEFAULT_WORDS, summarize
from storylens.errors import InputError
from storylens.ingest import build_article
from storylens.ingest.formats import record_to_document
from storylens.model import Analysis, Article, Failure, StoryArticle, Summary

__all__ = ["Group", "GroupInput", "analyse_groups", "read_groups", "summarize_groups"]


@dataclass(frozen=True)
class GroupInput:
    """One input line: a group id and its articles, cleaned but not yet analysed."""

    id: str
    articles: list[Article]


@dataclass(frozen=True)
class Group:
    """A group with every article that could be analysed."""

    id: str
    members: list[StoryArticle] = field(default_factory=list)


def read_groups(path: str) -> Iterator[GroupInput | Failure]:
    """Groups from a JSONL file ("-": stdin), one per line; bad lines and articles as Failures."""
    if path == "-":
        yield from _parse_lines(sys.stdin, "stdin")
        return
    try:
        with Path(path).open(encoding="utf-8") as lines:
            yield from _parse_lines(lines, path)
    except OSError as error:
        yield Failure(path, f"cannot read: {error.strerror or error}")
    except UnicodeDecodeError:
        yield Failure(path, "not UTF-8 text")


def _parse_lines(lines: TextIO | Iterable[str], origin: str) -> Iterator[GroupInput | Failure]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(origin, f"malformed JSON: {error.msg}", line=number)
            continue
        yield from _group(record, origin, number)


def _group(record: Any, origin: str, number: int) -> Iterator[GroupInput | Failure]:
    if not isinstance(record, dict) or not isinstance(record.get("articles"), list):
        yield Failure(origin, 'expected {"id": ..., "articles": [...]}', line=number)
        return
    group_id = str(record.get("id") or f"group-{number}")
    articles = []
    for index, item in enumerate(record["articles"], start=1):
        try:
            raw = record_to_document(item, f"{origin}:{number}", f"{group_id}-{index}")
        except InputError as error:
            yield Failure(origin, f"group {group_id!r}, article {index}: {error.reason}", number)
            continue
        articles.append(build_article(raw))
    yield GroupInput(group_id, articles)


def analyse_groups(
    items: Iterable[GroupInput | Failure],
    *,
    model: str,
    jobs: int,
    batch_size: int = 32,
    trims: bool = False,
) -> Iterator[Group | Failure]:
    """Analyse every group's articles in one stream of batches, and give the groups back whole
    (``trims``: mark the optional phrases a compressed summary may leave out).

    Failures (unreadable lines, articles the analysis could not handle) come out as they are
    met; a group keeps the articles that could be analysed.
    """
    sizes: deque[tuple[str, int]] = deque()
    failures: deque[Failure] = deque()
    done: deque[tuple[Article, Analysis | Failure]] = deque()

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                failures.append(item)
                continue
            sizes.append((item.id, len(item.articles)))
            yield from item.articles

    analysed = analyze_many(articles(), model=model, jobs=jobs, batch_size=batch_size, trims=trims)
    for batch, results in analysed:
        done.extend(zip(batch, results, strict=True))
        yield from _complete(sizes, done, failures)
    # analyze_many has read the whole input by now; what is left are groups without articles.
    yield from _complete(sizes, done, failures)


def _complete(
    sizes: deque[tuple[str, int]],
    done: deque[tuple[Article, Analysis | Failure]],
    failures: deque[Failure],
) -> Iterator[Group | Failure]:
    while failures:
        yield failures.popleft()
    while sizes and len(done) >= sizes[0][1]:
        group_id, size = sizes.popleft()
        group = Group(group_id)
        for _ in range(size):
            article, result = done.popleft()
            if isinstance(result, Failure):
                yield result
            else:
                group.members.append(StoryArticle(article, result))
        yield group


def summary_record(group_id: str, summary: Summary) -> dict[str, Any]:
    """A summary in the ``storylens summarize --jsonl`` format (see DESIGN.md)."""
    return {
        "id": group_id,
        "summary": summary.text,
        "sentences": [{"text": s.text, "sources": list(s.sources)} for s in summary.sentences],
    }


def summarize_groups(
    path: str,
    *,
    model: str,
    jobs: int,
    batch_size: int = 32,
    max_words: int = DEFAULT_WORDS,
    endpoint: Endpoint | None = None,
    compress: bool = False,
) -> Iterator[dict[str, Any] | Failure]:
    """``storylens summarize``: one summary record per group of ``path``, or a Failure.

    With an ``endpoint`` the summaries are abstractive and checked
    (:mod:`storylens.brief.abstractive`); each record then also lists the sentences dropped,
    under ``"dropped"``, with the reason. ``compress`` is passed on to the extractive
    :func:`~storylens.brief.summarize.summarize`.
    """
    groups = read_groups(path)
    for item in analyse_groups(
        groups, model=model, jobs=jobs, batch_size=batch_size, trims=compress and not endpoint
    ):
        if isinstance(item, Failure):
            yield item
        elif endpoint is None:
            summary = summarize(item.members, max_words=max_words, compress=compress)
            yield summary_record(item.id, summary)
        else:
            checked = abstractive_summary(item.members, endpoint, max_words=max_words)
            record = summary_record(item.id, checked.summary)
            record["dropped"] = [{"text": t, "reason": why} for t, why in checked.dropped]
            yield record
