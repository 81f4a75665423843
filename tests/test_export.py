"""Exports of a brief: JSON that reads back, Markdown tables, one standalone escaped HTML file."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from rich.console import Console

from storylens.brief.export import brief_from_json, export, to_html, to_json, to_markdown
from storylens.brief.report import print_brief
from storylens.model import (
    Brief,
    BriefQuote,
    BriefSource,
    KeyFact,
    Summary,
    SummarySentence,
    TimelineEntry,
)

MARKUP = '<script>alert("x")</script> & <img src="http://evil.example/x.png"> | *bold*'


def make_brief(text: str = "The Halberd Bridge closed for repairs.") -> Brief:
    return Brief(
        story="bridge-closure",
        title=f"Bridge shut: {text}",
        sources=(
            BriefSource(
                "herald-1",
                "Orrin Herald",
                "Bridge shut",
                "https://herald.example/bridge",
                datetime(2026, 5, 5, 9, 30, tzinfo=UTC),
            ),
            BriefSource("post-1", None, None, None, None, copy_of="herald-1"),
        ),
        summary=Summary(
            sentences=(
                SummarySentence(
                    text, "herald-1", 4, 4 + len(text), ("herald-1", "post-1"), ("Orrin Herald",), 1
                ),
                SummarySentence(
                    "Traffic goes through Pellmoor.", "herald-1", 60, 90, ("herald-1",)
                ),
            ),
            budget=60,
        ),
        key_facts=(
            KeyFact(
                "money",
                "€4 million",
                "conflicting",
                ("herald-1", "post-1"),
                ("Orrin Herald",),
                4e6,
                "EUR",
                text,
                ("€4 million", "€5 million"),
            ),
            KeyFact("count", "two piers", "single-source", ("herald-1",), value=2.0),
        ),
        quotes=(BriefQuote("Ilse Marrow", f"We said: {text}", ("herald-1",), ("Orrin Herald",)),),
        timeline=(TimelineEntry("2026-05-05", f"council closed {text}", ("herald-1", "post-1")),),
        notes=("a note",),
    )


@pytest.mark.parametrize(
    "text", ["The Halberd Bridge closed.", MARKUP, "Ünïcode — “quotes” ‘and’ …"]
)
def test_to_json_round_trips(text: str) -> None:
    brief = make_brief(text)
    assert brief_from_json(to_json(brief)) == brief
    record = json.loads(to_json(brief))
    assert record["summary"]["text"] == brief.summary.text
    assert record["sources"][0]["published"] == "2026-05-05T09:30:00+00:00"


def test_to_json_round_trips_an_empty_brief() -> None:
    brief = Brief("empty", None, (), Summary((), 60))
    assert brief_from_json(to_json(brief)) == brief


class _Collector(HTMLParser):
    """Tags, attributes and text of a page, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_to_html_escapes_article_text() -> None:
    page = to_html(make_brief(MARKUP))
    parsed = _Collector()
    parsed.feed(page)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags
    assert "img" not in tags
    assert MARKUP in "".join(parsed.text)  # shown as text, word for word


def test_to_html_is_one_standalone_file() -> None:
    parsed = _Collector()
    parsed.feed(to_html(make_brief()))
    tags = [tag for tag, _ in parsed.tags]
    assert tags[0] == "html"
    assert "style" in tags
    assert not {"script", "link", "img", "iframe"} & set(tags)
    for _tag, attrs in parsed.tags:
        assert "src" not in attrs
        href = attrs.get("href")
        assert href is None or href.startswith("#")


def test_to_html_links_each_citation_to_its_source() -> None:
    parsed = _Collector()
    parsed.feed(to_html(make_brief()))
    anchors = {attrs["id"] for _tag, attrs in parsed.tags if attrs.get("id")}
    links = {attrs["href"] for tag, attrs in parsed.tags if tag == "a"}
    assert links == {"#source-1", "#source-2"}
    assert {link.lstrip("#") for link in links} <= anchors


def test_to_markdown_tables_keep_their_columns_whatever_the_text() -> None:
    markdown = to_markdown(make_brief(MARKUP))
    tables: list[list[int]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(len(re.split(r"(?<!\\)\|", line)) - 2)  # cells between bars
        previous = line
    assert [widths[0] for widths in tables] == [4, 3, 3]  # key facts, quotes, timeline
    assert all(len(set(widths)) == 1 for widths in tables)
    assert "\\<script\\>" in markdown  # markup shown, not rendered
    assert "[1][2]" in markdown


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_export_writes_each_format(fmt: str) -> None:
    brief = make_brief()
    written = export(brief, fmt)
    assert "Halberd Bridge" in written


def test_export_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="pdf"):
        export(make_brief(), "pdf")


def test_print_brief_shows_summary_with_citations_and_statuses() -> None:
    console = Console(record=True, width=200)
    print_brief(make_brief(), console)
    shown = console.export_text()
    assert "The Halberd Bridge closed for repairs. [1][2]" in shown
    assert "conflicting" in shown
    assert "[2] unknown outlet: post-1" in shown
