"""A brief as Markdown, as JSON (which reads back), and as one standalone HTML file.

The HTML report has its CSS inline and loads nothing from elsewhere, so it can be mailed or
archived as one file; every piece of article text in it is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from storylens.model import (
    Brief,
    BriefQuote,
    BriefSource,
    KeyFact,
    Summary,
    SummarySentence,
    TimelineEntry,
)

__all__ = [
    "FORMATS",
    "brief_from_json",
    "brief_record",
    "export",
    "to_html",
    "to_json",
    "to_markdown",
]

FORMATS = ("md", "json", "html")


# --- JSON ----------------------------------------------------------------------------------


def brief_record(brief: Brief) -> dict[str, Any]:
    """The brief as plain JSON-ready data."""
    record = asdict(brief)
    record["summary"]["text"] = brief.summary.text
    for source in record["sources"]:
        published = source["published"]
        source["published"] = published.isoformat() if published else None
    listed: dict[str, Any] = _lists(record)
    return listed


def _lists(value: Any) -> Any:
    """Tuples to lists, all the way down, so the record compares equal to parsed JSON."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def to_json(brief: Brief) -> str:
    """The brief as indented JSON; :func:`brief_from_json` reads it back."""
    return json.dumps(brief_record(brief), ensure_ascii=False, indent=2) + "\n"


def brief_from_json(text: str) -> Brief:
    """A brief from the JSON that :func:`to_json` wrote."""
    record = json.loads(text)
    summary = record["summary"]
    return Brief(
        story=record["story"],
        title=record["title"],
        sources=tuple(
            BriefSource(**{**s, "published": _datetime(s["published"])}) for s in record["sources"]
        ),
        summary=Summary(
            sentences=tuple(_sentence(s) for s in summary["sentences"]), budget=summary["budget"]
        ),
        key_facts=tuple(
            _tupled(KeyFact, f, "articles", "outlets", "variants") for f in record["key_facts"]
        ),
        quotes=tuple(_tupled(BriefQuote, q, "articles", "outlets") for q in record["quotes"]),
        timeline=tuple(
            _tupled(TimelineEntry, e, "articles", "outlets") for e in record["timeline"]
        ),
        notes=tuple(record["notes"]),
    )


def _sentence(record: dict[str, Any]) -> SummarySentence:
    sentence: SummarySentence = _tupled(SummarySentence, record, "sources", "outlets")
    return sentence


def _tupled(kind: Any, record: dict[str, Any], *names: str) -> Any:
    return kind(**{**record, **{name: tuple(record[name]) for name in names}})


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# --- Markdown ------------------------------------------------------------------------------


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: summary with numbered citations, tables, timeline, sources."""
    number = _source_numbers(brief)
    lines = [f"# {_md(brief.title or brief.story)}", "", f"Story `{brief.story}`", ""]
    lines += ["## Summary", ""]
    for sentence in brief.summary.sentences:
        cites = "".join(f"[{number[s]}]" for s in sentence.sources)
        lines.append(f"- {_md(sentence.text)} {cites}")
    if not brief.summary.sentences:
        lines.append("_No sentence fits the summary._")
    lines += [
        "",
        *_md_table("Key facts", ("fact", "about", "status", "sources"), _fact_rows(brief, number)),
    ]
    lines += _md_table("Quotes", ("speaker", "quote", "outlets"), _quote_rows(brief))
    lines += _md_table("Timeline", ("date", "event", "sources"), _timeline_rows(brief, number))
    lines += ["## Sources", ""]
    for source in brief.sources:
        lines.append(f"{number[source.id]}. {_md(_source_line(source))}")
    lines += [f"> {_md(note)}" for note in brief.notes]
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    flat = " ".join(text.split())
    for mark in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        flat = flat.replace(mark, "\\" + mark)
    return flat


def _md_table(title: str, header: Sequence[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(" --- " for _ in header) + "|")
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


# --- shared by Markdown and HTML ------------------------------------------------------------


def _source_numbers(brief: Brief) -> dict[str, int]:
    numbers = {source.id: k for k, source in enumerate(brief.sources, start=1)}
    for sentence in brief.summary.sentences:  # a cited id the sources miss still gets a number
        for cited in sentence.sources:
            numbers.setdefault(cited, len(numbers) + 1)
    return numbers


def _cites(ids: Iterable[str], number: dict[str, int]) -> str:
    return " ".join(f"[{number[i]}]" if i in number else i for i in ids)


def _fact_rows(brief: Brief, number: dict[str, int]) -> list[list[str]]:
    return [
        [
            fact.text + (f" ({' / '.join(fact.variants)})" if fact.variants else ""),
            fact.about or "",
            fact.status,
            _cites(fact.articles, number),
        ]
        for fact in brief.key_facts
    ]


def _quote_rows(brief: Brief) -> list[list[str]]:
    return [
        [
            quote.speaker or "unknown",
            quote.text,
            ", ".join(quote.outlets) or ", ".join(quote.articles),
        ]
        for quote in brief.quotes
    ]


def _timeline_rows(brief: Brief, number: dict[str, int]) -> list[list[str]]:
    return [[entry.date, entry.text, _cites(entry.articles, number)] for entry in brief.timeline]


def _source_line(source: BriefSource) -> str:
    parts = [source.outlet or "unknown outlet", source.title or source.id]
    if source.published:
        parts.append(source.published.date().isoformat())
    if source.url:
        parts.append(source.url)
    if source.copy_of:
        parts.append(f"copy of {source.copy_of}")
    return " — ".join(parts)


# --- HTML ----------------------------------------------------------------------------------

_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.story { color: #6e6e73; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
         border-bottom: 1px solid #ddd; }
.cite { color: #0a58ca; font-size: .8rem; vertical-align: super; }
.status { border-radius: .3rem; padding: 0 .35rem; font-size: .8rem; white-space: nowrap; }
.corroborated { background: #d8f3dc; } .single-source { background: #eee; }
.conflicting { background: #ffd6d6; }
.note { color: #6e6e73; font-style: italic; }
"""


def to_html(brief: Brief) -> str:
    """The brief as one standalone HTML page: inline CSS, no scripts, no external assets."""
    number = _source_numbers(brief)
    e = html.escape
    body = [
        f"<h1>{e(brief.title or brief.story)}</h1>",
        f'<p class="story">Story {e(brief.story)}</p>',
    ]
    body += ["<h2>Summary</h2>", "<ul>"]
    for sentence in brief.summary.sentences:
        cites = "".join(
            f'<a class="cite" href="#source-{number[s]}">[{number[s]}]</a>'
            for s in sentence.sources
        )
        body.append(f"<li>{e(sentence.text)} {cites}</li>")
    body.append("</ul>")
    if brief.key_facts:
        rows = [
            [e(fact), e(about), f'<span class="status {e(status)}">{e(status)}</span>', e(cites)]
            for fact, about, status, cites in _fact_rows(brief, number)
        ]
        body += _html_table("Key facts", ("Fact", "About", "Status", "Sources"), rows)
    body += _html_table("Quotes", ("Speaker", "Quote", "Outlets"), _escaped(_quote_rows(brief)))
    body += _html_table(
        "Timeline", ("Date", "Event", "Sources"), _escaped(_timeline_rows(brief, number))
    )
    body += ["<h2>Sources</h2>", "<ol>"]
    for source in brief.sources:
        body.append(f'<li id="source-{number[source.id]}">{e(_source_line(source))}</li>')
    body.append("</ol>")
    body += [f'<p class="note">{e(note)}</p>' for note in brief.notes]
    head = f'<meta charset="utf-8">\n<title>{e(brief.title or brief.story)}</title>\n'
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}<style>{_CSS}</style>\n</head>\n'
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _escaped(rows: list[list[str]]) -> list[list[str]]:
    return [[html.escape(cell) for cell in row] for row in rows]


def _html_table(title: str, header: Sequence[str], rows: list[list[str]]) -> list[str]:
    """A table of cells that are already escaped HTML."""
    if not rows:
        return []
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    lines = [f"<h2>{html.escape(title)}</h2>", "<table>", f"<tr>{head}</tr>"]
    lines += ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    return [*lines, "</table>"]


def export(brief: Brief, fmt: str) -> str:
    """The brief in ``fmt``: "md", "json" or "html"."""
    writers = {"md": to_markdown, "json": to_json, "html": to_html}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return writers[fmt](brief)
