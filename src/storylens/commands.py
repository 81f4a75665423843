"""What the CLI commands do beyond parsing arguments: progress, summaries, overviews."""

from __future__ import annotations

import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from storylens import render
from storylens.analyze import analyze_many
from storylens.analyze.quotes import quoted_parts
from storylens.corpus import IngestReport, ingest
from storylens.errors import StorylensError
from storylens.ingest import read_articles
from storylens.model import Analysis, Article, Fact, Failure, Quote
from storylens.settings import Settings, worker_count
from storylens.store import Store

OVERVIEW_LABELS = ("PERSON", "ORG", "GPE", "LOC")
SHOWN_DUPLICATES = 5


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A live progress line on a terminal; silent when piped or asked to be quiet."""
    if not enabled or not render.stderr.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=render.stderr, transient=True) as progress:
        yield progress


def run_ingest(paths: Sequence[str], settings: Settings, *, quiet: bool, as_json: bool) -> bool:
    """Ingest into the configured store and report; True when nothing failed."""
    store = Store(settings.db)
    report = IngestReport()
    with _progress(not quiet) as progress:
        task = progress.add_task("reading", total=None) if progress else None

        def update(current: IngestReport) -> None:
            nonlocal report
            report = current
            if progress is not None:
                progress.update(task, description=_counts(current))

        try:
            with _stop_on_sigterm():
                report = ingest(paths, store, settings, on_progress=update)
        except KeyboardInterrupt:
            render.stderr.print(
                render.labelled(
                    "interrupted",
                    "yellow",
                    f"{report.new} new articles were stored whole; "
                    "run the same command again to finish",
                )
            )
            raise SystemExit(130) from None
    if as_json:
        render.print_json(report.to_dict())
    elif not quiet:
        print_summary(report, settings.db)
    else:
        for failure in report.failures:
            render.stderr.print(render.labelled("failed", "red", failure), highlight=False)
    return report.ok


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Treat SIGTERM (kill, a service manager) like Ctrl-C: stop between batches, cleanly."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _counts(report: IngestReport) -> str:
    return (
        f"read {report.read} · new {report.new} · "
        f"duplicate {len(report.duplicates)} · failed {len(report.failures)}"
    )


def print_summary(report: IngestReport, db: str) -> None:
    render.stderr.print(f"{_counts(report)} → {db}", highlight=False)
    for duplicate in report.duplicates[:SHOWN_DUPLICATES]:
        stored = f"{duplicate.origin} is already stored as {duplicate.article_id}"
        render.stderr.print(render.labelled("duplicate", "dim", stored), highlight=False)
    hidden = len(report.duplicates) - SHOWN_DUPLICATES
    if hidden > 0:
        render.stderr.print(
            render.styled(f"... and {hidden} more duplicates (--json lists them all)", "dim")
        )
    for failure in report.failures:
        render.stderr.print(render.labelled("failed", "red", failure), highlight=False)
    if report.stories and report.stories.placed:
        placed = report.stories
        render.stderr.print(
            f"stories: {placed.placed} articles placed · {placed.new_stories} new stories · "
            f"{placed.copies} copies",
            highlight=False,
        )
        for article, note in placed.notes:
            render.stderr.print(
                render.labelled("note", "yellow", f"{article}: {note}"), highlight=False
            )


def run_extract(paths: Sequence[str], fmt: str) -> bool:
    """Print article records as read and cleaned; True when every document could be read."""
    ok = True
    records: list[dict[str, Any]] = []
    for item in read_articles(paths):
        if isinstance(item, Failure):
            ok = False
            render.stderr.print(render.labelled("failed", "red", item), highlight=False)
        elif fmt == "jsonl":
            render.print_jsonl([item.to_record()])
        else:
            records.append(item.to_record())
    if fmt == "json":
        render.print_json(records)
    elif fmt == "table":
        render.print_records(records, ("id", "source", "published", "title"), fmt="table")
    return ok


def article_json(article: Article, analysis: Analysis | None) -> dict[str, Any]:
    """An article with its analysis, as ``storylens show --json`` prints it."""
    record = article.to_record()
    record["hash"] = article.id
    if analysis is not None:
        record["sentences"] = [asdict(s) for s in analysis.sentences]
        record["mentions"] = [asdict(m) for m in analysis.mentions]
        record["entities"] = [asdict(e) for e in analysis.entities]
        record["notes"] = list(analysis.notes)
    return record


def run_overview(store: Store, *, as_json: bool, top: int = 15) -> None:
    """Articles per outlet and the most mentioned people, organisations and places."""
    outlets = store.outlets()
    top_entities = [e for e in store.entities(limit=top * 4) if e["label"] in OVERVIEW_LABELS][:top]
    stories = store.stories(limit=top)
    if as_json:
        render.print_json(
            {
                "articles": store.count(),
                "outlets": outlets,
                "entities": top_entities,
                "stories": [story.to_record() for story in stories],
            }
        )
        return
    render.stdout.print(
        Text.assemble((f"{store.count()} articles", "bold"), f" in {store.db}"), highlight=False
    )
    render.print_records(outlets, ("outlet", "articles"), fmt="table", title="Articles per outlet")
    render.print_records(
        top_entities,
        ("name", "label", "mentions", "articles"),
        fmt="table",
        title="Most mentioned entities",
    )
    rows = [
        {
            "story": s.title or s.id,
            "articles": len(s.articles),
            "outlets": len(s.outlets),
            "id": s.id,
        }
        for s in stories
    ]
    render.print_records(rows, ("story", "articles", "outlets", "id"), fmt="table", title="Stories")


def run_demo(corpus: Path, settings: Settings) -> bool:
    """Ingest the sample corpus into a store and print its overview."""
    if not corpus.is_dir():
        raise StorylensError(
            f"no sample corpus at {corpus}: run from the repository root or pass --corpus PATH"
        )
    ok = run_ingest([str(corpus)], settings, quiet=False, as_json=False)
    run_overview(Store(settings.db), as_json=False)
    return ok


def quote_record(quote: Quote) -> dict[str, Any]:
    """A quote in the ``storylens quotes --jsonl`` format (see DESIGN.md), with the words in
    quote marks inside a reported statement as ``quoted`` spans."""
    record = asdict(quote)
    record.pop("sentence")
    record["quoted"] = [{"start": q.start, "end": q.end} for q in quoted_parts(quote)]
    return record


def fact_record(fact: Fact, article: Article, analysis: Analysis) -> dict[str, Any]:
    """A fact in the ``storylens facts --jsonl`` format, with the sentence it came from."""
    record = asdict(fact)
    sentence = analysis.sentences[fact.sentence] if analysis.sentences else None
    record["sentence"] = article.text[sentence.start : sentence.end] if sentence else None
    return record


def run_statements(paths: Sequence[str], what: str, settings: Settings, fmt: str) -> bool:
    """Print the quotes or the facts of each document, analysed without a store."""
    failures: list[Failure] = []
    records: list[dict[str, Any]] = []
    for article, analysis in analysed_files(paths, settings, failures):
        items = (
            [quote_record(q) for q in analysis.quotes]
            if what == "quotes"
            else [fact_record(f, article, analysis) for f in analysis.facts]
        )
        record = {"article": article.external_id, "id": article.id, what: items}
        if fmt == "jsonl":
            render.print_jsonl([record])
        else:
            records.append(record)
    if fmt == "json":
        render.print_json(records)
    elif fmt == "table":
        render.print_statement_tables(records, what)
    return not failures


def analysed_files(
    paths: Sequence[str], settings: Settings, failures: list[Failure]
) -> Iterator[tuple[Article, Analysis]]:
    """Each article read from ``paths`` with its analysis, without a store; what cannot be
    read or analysed is reported as it comes and kept in ``failures``."""
    articles = skip_failures(read_articles(paths, max_bytes=settings.max_document_bytes), failures)
    jobs = worker_count(settings.jobs)
    batches = analyze_many(
        articles, model=settings.model, jobs=jobs, batch_size=settings.batch_size
    )
    for batch, results in batches:
        for article, result in zip(batch, results, strict=True):
            if isinstance(result, Failure):
                report_failure(result, failures)
            else:
                yield article, result


def report_failure(failure: Failure, failures: list[Failure]) -> None:
    failures.append(failure)
    render.stderr.print(render.labelled("failed", "red", failure), highlight=False)


def skip_failures(items: Iterator[Article | Failure], failures: list[Failure]) -> Iterator[Article]:
    """Articles only; each failure is reported as it comes and kept for the exit status."""
    for item in items:
        if isinstance(item, Failure):
            report_failure(item, failures)
        else:
            yield item
