"""Corpus jobs that chain the stages: read -> skip what is stored -> analyse -> store."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from storylens.analyze import analyze_many
from storylens.ingest import read_articles
from storylens.model import Analysis, Article, Failure
from storylens.settings import Settings, worker_count
from storylens.store import Store
from storylens.store.stories import Placement, StoryWriter, stage_key, story_key

CLUSTERER_STATE = "clusterer"
COPIES_STATE = "copies"
STORY_CHUNK = 500  # articles placed per transaction (and per save of the stage's state)


@dataclass
class Duplicate:
    """An input whose content is already stored (or appeared earlier in the same run)."""

    origin: str
    article_id: str


@dataclass
class IngestReport:
    """What an ingest did: documents read, articles new and duplicate, failures with reasons."""

    read: int = 0
    new: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stories: StoryReport | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": len(self.duplicates),
            "failed": len(self.failures),
            "stories": self.stories.to_dict() if self.stories else None,
            "duplicates": [{"origin": d.origin, "id": d.article_id} for d in self.duplicates],
            "failures": [
                {"path": f.path, "line": f.line, "reason": f.reason} for f in self.failures
            ],
        }


@dataclass
class StoryReport:
    """What a story assignment did: articles placed, stories started, copies found."""

    placed: int = 0
    new_stories: int = 0
    copies: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # (article, why it stands alone)

    def to_dict(self) -> dict[str, object]:
        return {
            "placed": self.placed,
            "new_stories": self.new_stories,
            "copies": self.copies,
            "alone": [{"id": article, "note": note} for article, note in self.notes],
        }


Progress = Callable[[IngestReport], None]


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Read, analyse and store every article in ``inputs``; idempotent by content id.

    Each batch is stored in one transaction after its analysis, so an interrupted run leaves
    whole articles only, and running it again stores just what is missing.
    """
    report = IngestReport()
    fresh = _new_articles(inputs, store, settings, report, on_progress)
    analysed = analyze_many(
        fresh,
        model=settings.model,
        jobs=worker_count(settings.jobs),
        batch_size=settings.batch_size,
    )
    for batch, results in analysed:
        good: list[tuple[Article, Analysis]] = []
        failed: list[Failure] = []
        for article, result in zip(batch, results, strict=True):
            if isinstance(result, Analysis):
                good.append((article, result))
            else:
                failed.append(result)
        stored = set(store.add(good, model=settings.model))
        store.record_failures(failed)
        report.new += len(stored)
        report.duplicates.extend(
            Duplicate(article.origin or article.external_id, article.id)
            for article, _ in good
            if article.id not in stored  # another writer stored it while this one analysed
        )
        report.failures.extend(failed)
        if on_progress:
            on_progress(report)
    report.stories = assign_stories(store)
    return report


def assign_stories(store: Store, *, rebuild: bool = False) -> StoryReport:
    """Place every analysed article that is not in a story yet; ``rebuild`` starts afresh.

    Articles go oldest first through the copy detector and the story clusterer, whose state
    is kept in the store; each chunk is written with that state in one transaction, so an
    interrupted run leaves whole chunks and the next run goes on from there.
    """
    report = StoryReport()
    if rebuild:
        with store.story_writer() as writer:
            writer.clear()
    while True:
        with store.story_writer() as writer:
            pairs = writer.pending(STORY_CHUNK)
            if not pairs:
                return report
            _place_chunk(writer, pairs, report)


def _place_chunk(
    writer: StoryWriter, pairs: list[tuple[Article, Analysis]], report: StoryReport
) -> None:
    from storylens.stories import (
        ClusterSettings,
        CopyDetector,
        StoryClusterer,
        article_features,
        lead_title,
    )

    saved = writer.state(CLUSTERER_STATE)
    # Stories close only when too many are open, not by age: an article without a published
    # time, placed after the dated ones, must still find the story it belongs to.
    fresh = replace(ClusterSettings(), close_after_days=math.inf)
    clusterer = StoryClusterer.from_bytes(saved) if saved else StoryClusterer(fresh)
    saved = writer.state(COPIES_STATE)
    copies = CopyDetector.from_bytes(saved) if saved else CopyDetector()
    # The chunk's words count for the weights before any of it is placed: a batch's own
    # vocabulary says what is rare in it (as the stateless `storylens cluster` does).
    features = [replace(article_features(a, analysis), article_id=a.id) for a, analysis in pairs]
    for item in features:
        clusterer.vectorizer.learn(item)
    story_of: dict[str, str] = {}  # article id -> store story id, for this chunk's copies
    placements = []
    moved: dict[str, tuple[str, float]] = {}  # article id -> (story id, similarity) it moved to
    retitled: set[str] = set()  # stage ids of the stories that gained or lost an article
    for (article, _analysis), item in zip(pairs, features, strict=True):
        found = copies.add(article.id, article.body)
        story_of_original = _story_of(writer, story_of, found.original) if found else None
        placed = clusterer.assign(
            item,
            copy_of=stage_key(story_of_original) if story_of_original else None,
            original=found.original if found else None,
            learn=False,
        )
        story_id = story_key(placed.story_id)
        story_of[article.id] = story_id
        for move in placed.moved:  # earlier articles, of this chunk or before, change story
            moved[move.article_id] = (story_key(move.target), move.similarity)
            story_of[move.article_id] = story_key(move.target)
            retitled.update((move.source, move.target))
        placements.append(
            Placement(
                article_id=article.id,
                story_id=story_id,
                topic=story_key(placed.topic_id),
                similarity=placed.similarity,
                is_new=placed.is_new,
                title=clusterer.title_of(placed.story_id)
                or ((article.title or lead_title(article.body)) if placed.is_new else None),
                note=placed.note,
                copy_of=found.original if found else None,
                copy_similarity=found.similarity if found else None,
            )
        )
        report.new_stories += placed.is_new
        report.copies += found is not None
        if placed.note:
            report.notes.append((article.external_id, placed.note))
    writer.record(placements)
    titles = {story_key(sid): clusterer.title_of(sid) for sid in retitled}
    writer.move(moved, titles)
    writer.refresh_topics(lambda story_id: story_key(clusterer.topic_of(stage_key(story_id))))
    writer.save_state(CLUSTERER_STATE, clusterer.to_bytes())
    writer.save_state(COPIES_STATE, copies.to_bytes())
    report.placed += len(placements)


def _story_of(writer: StoryWriter, placed: dict[str, str], article_id: str) -> str | None:
    """The story of an article placed in this chunk or an earlier one."""
    if article_id not in placed:
        placed.update(writer.stories_of([article_id]))
    return placed.get(article_id)


def _new_articles(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    report: IngestReport,
    on_progress: Progress | None,
) -> Iterator[Article]:
    """Articles not yet stored; failures and duplicates are counted on the way."""
    seen: set[str] = set()
    items = read_articles(inputs, max_bytes=settings.max_document_bytes)
    while chunk := list(islice(items, settings.batch_size)):
        failures = [item for item in chunk if isinstance(item, Failure)]
        articles = [item for item in chunk if isinstance(item, Article)]
        store.record_failures(failures)
        report.failures.extend(failures)
        report.read += len(articles)
        stored = store.existing_ids(a.id for a in articles)
        for article in articles:
            if article.id in stored or article.id in seen:
                report.duplicates.append(
                    Duplicate(article.origin or article.external_id, article.id)
                )
                continue
            seen.add(article.id)
            yield article
        if on_progress:
            on_progress(report)
