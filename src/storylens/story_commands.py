"""What the story commands do: stories, comparisons and briefs from a store; cluster and
summarize on files without one."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from storylens import render
from storylens.commands import analysed_files, report_failure
from storylens.corpus import StoryReport, assign_stories
from storylens.errors import StorylensError
from storylens.model import Failure
from storylens.settings import Settings, worker_count
from storylens.store import Store

if TYPE_CHECKING:
    from storylens.brief.abstractive import Endpoint

STORY_COLUMNS = ("id", "title", "seen", "articles", "outlets", "about")


def run_stories(store: Store, *, fmt: str, rebuild: bool, limit: int | None) -> None:
    """Bring the stories up to date (all over again with ``rebuild``) and list them."""
    if rebuild or store.pending_stories():
        _report_placing(assign_stories(store, rebuild=rebuild), rebuild=rebuild)
    if fmt == "jsonl":
        render.print_jsonl(store.article_stories())
        return
    records = [story.to_record() for story in store.stories(limit=limit)]
    if fmt == "json":
        render.print_json(records)
        return
    rows = [
        {
            "id": record["id"],
            "title": record["title"],
            "seen": _span(record["first_seen"], record["last_seen"]),
            "articles": len(record["articles"]),
            "outlets": len(record["outlets"]),
            "about": ", ".join(record["entities"][:3]),
        }
        for record in records
    ]
    render.print_records(rows, STORY_COLUMNS, fmt="table", title="Stories, latest first")


def _span(first: str | None, last: str | None) -> str:
    """ "2026-03-03 – 03-05" for a story's first and last published days."""
    first, last = _day(first), _day(last)
    if not first or not last:
        return "undated"
    if first == last:
        return first
    return f"{first} – {last[5:] if last[:4] == first[:4] else last}"


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _report_placing(report: StoryReport, *, rebuild: bool) -> None:
    verb = "rebuilt" if rebuild else "placed"
    counts = (
        f"{verb}: {render.counted(report.placed, 'article')} · "
        f"{render.counted(report.new_stories, 'new story', 'new stories')} · "
        f"{report.copies} copies"
    )
    render.stderr.print(render.styled(counts, "dim"))
    for article, note in report.notes:
        message = render.labelled("note", "yellow", f"{article}: {note}")
        render.stderr.print(message, highlight=False)


def run_show_story(store: Store, ref: str, *, as_json: bool) -> None:
    """One story: its title, span, articles (copies marked) and related stories."""
    story = store.story(ref)
    members = store.story_members(story.id)
    related = [s for s in store.stories(topic=story.topic) if s.id != story.id]
    if as_json:
        record = story.to_record()
        record["members"] = [
            {
                "id": m.article.external_id,
                "hash": m.article.id,
                "outlet": m.article.outlet,
                "published": m.article.published.isoformat() if m.article.published else None,
                "title": m.article.title,
                "copy_of": m.copy_of,
                "copy_similarity": m.similarity,
            }
            for m in members
        ]
        record["related"] = [{"id": s.id, "title": s.title} for s in related]
        render.print_json(record)
        return
    render.stdout.print(Text.assemble((story.title or story.id, "bold"), "  ", (story.id, "dim")))
    span = _span(
        story.first_seen.isoformat() if story.first_seen else None,
        story.last_seen.isoformat() if story.last_seen else None,
    )
    unnamed = sum(1 for m in members if not m.article.outlet)
    sources = f"{len(story.outlets)} outlets" + (f", {unnamed} unnamed sources" if unnamed else "")
    render.stdout.print(
        f"{render.counted(len(members), 'article')} · {sources} · {span}", highlight=False
    )
    if story.entities:
        render.stdout.print("about: " + ", ".join(story.entities), highlight=False)
    table = Table("article", "outlet", "published", "title", "copy of", header_style="bold")
    for m in members:
        published = (
            m.article.published.isoformat(timespec="minutes") if m.article.published else "—"
        )
        copy = f"{m.copy_of} ({m.similarity:.2f})" if m.copy_of and m.similarity else "—"
        table.add_row(
            m.article.external_id, m.article.outlet or "—", published, m.article.title or "—", copy
        )
    render.stdout.print(table)
    if related:
        render.stdout.print(render.styled("Related stories", "bold"))
        for other in related:
            render.stdout.print(f"  {other.id}  {other.title or '—'}", highlight=False)
    if story.note:
        render.stderr.print(render.labelled("note", "yellow", story.note))


def run_cluster(paths: Sequence[str], settings: Settings, *, fmt: str) -> bool:
    """Analyse the articles in ``paths`` and print each one's story and topic, no store."""
    from storylens.stories import cluster_articles

    failures: list[Failure] = []
    analysed = list(analysed_files(paths, settings, failures))
    records = [
        {"id": article_id, "story": story, "topic": topic, "copy_of": copy_of}
        for article_id, story, topic, copy_of in cluster_articles(analysed)
    ]
    if fmt == "table":
        render.print_records(records, ("id", "story", "topic", "copy_of"), fmt="table")
    else:
        render.print_records(records, (), fmt=fmt)
    return not failures


def run_compare(store: Store, ref: str, *, as_json: bool) -> None:
    """What a story's sources agree on, what only one reports, and where they differ."""
    from storylens.brief.story import compared_story
    from storylens.compare.report import render_comparison

    _story, _members, comparison = compared_story(store, ref)
    if as_json:
        render.print_json(comparison.to_record())
    else:
        render.stdout.print(render_comparison(comparison))


def llm_endpoint(settings: Settings) -> Endpoint:
    """The configured abstractive-summary endpoint, or an error saying how to set one."""
    from storylens.brief.abstractive import Endpoint

    if not (settings.llm_url and settings.llm_model):
        raise StorylensError(
            "--abstractive needs an endpoint: set STORYLENS_LLM_URL (an OpenAI-compatible "
            ".../v1 URL) and STORYLENS_LLM_MODEL"
        )
    return Endpoint(
        url=settings.llm_url, model=settings.llm_model, api_key=settings.llm_api_key or None
    )


def run_brief(
    settings: Settings, ref: str, *, fmt: str, words: int, abstractive: bool, output: Path | None
) -> None:
    """A story's cited brief, on the terminal or exported as Markdown, JSON or HTML."""
    from storylens.brief.export import export
    from storylens.brief.report import print_brief
    from storylens.brief.story import story_brief

    endpoint = llm_endpoint(settings) if abstractive else None
    brief = story_brief(Store(settings.db, create=False), ref, max_words=words, endpoint=endpoint)
    if fmt == "table":
        print_brief(brief, render.stdout)
        return
    document = export(brief, fmt)
    if output is None:
        sys.stdout.write(document if document.endswith("\n") else document + "\n")
    else:
        output.write_text(document, encoding="utf-8")
        render.stderr.print(f"wrote {output}", highlight=False)


def run_summarize(
    paths: Sequence[str],
    settings: Settings,
    *,
    fmt: str,
    words: int,
    abstractive: bool,
    compress: bool = False,
) -> bool:
    """Summaries of GROUPS.jsonl files, one record per group; True when nothing failed."""
    from storylens.brief.groups import summarize_groups

    endpoint = llm_endpoint(settings) if abstractive else None
    failures: list[Failure] = []
    records: list[dict[str, Any]] = []
    for path in paths:
        for item in summarize_groups(
            path,
            model=settings.model,
            jobs=worker_count(settings.jobs),
            batch_size=settings.batch_size,
            max_words=words,
            endpoint=endpoint,
            compress=compress,
        ):
            if isinstance(item, Failure):
                report_failure(item, failures)
            elif fmt == "jsonl":
                render.print_jsonl([item])
            else:
                records.append(item)
    if fmt == "json":
        render.print_json(records)
    elif fmt == "table":
        for record in records:
            render.stdout.print(render.styled(record["id"], "bold"))
            for sentence in record["sentences"]:
                sources = ", ".join(sentence["sources"])
                render.stdout.print(
                    Text.assemble(f"  {sentence['text']} ", (f"[{sources}]", "dim"))
                )
    return not failures
