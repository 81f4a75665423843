"""Corpus jobs that chain the stages: read -> skip what is stored -> analyse -> store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from storylens.analyze import analyze_many
from storylens.ingest import read_articles
from storylens.model import Analysis, Article, Failure
from storylens.settings import Settings, worker_count
from storylens.store import Store


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

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": len(self.duplicates),
            "failed": len(self.failures),
            "duplicates": [{"origin": d.origin, "id": d.article_id} for d in self.duplicates],
            "failures": [
                {"path": f.path, "line": f.line, "reason": f.reason} for f in self.failures
            ],
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
    return report


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
