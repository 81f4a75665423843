"""A brief on the terminal: the cited summary, then key facts, quotes, timeline and sources."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storylens.model import Brief
from storylens.render import counted

__all__ = ["print_brief"]

STATUS_STYLES = {"corroborated": "green", "single-source": "dim", "conflicting": "bold red"}


def print_brief(brief: Brief, console: Console) -> None:
    """Print ``brief`` with Rich; citations are numbers into the closing source list."""
    number = {source.id: k for k, source in enumerate(brief.sources, start=1)}
    console.print(Text(brief.title or brief.story, style="bold"))
    console.print(
        Text(f"story {brief.story} · {counted(len(brief.sources), 'article')}", style="dim")
    )
    console.print()
    for sentence in brief.summary.sentences:
        line = Text("• ")
        line.append(sentence.text)
        line.append(" " + _cites(sentence.sources, number), style="cyan")
        console.print(line)
    if not brief.summary.sentences:
        console.print(Text("no sentence fits the summary", style="dim"))
    facts = [
        [
            Text(fact.text + (f" ({' / '.join(fact.variants)})" if fact.variants else "")),
            Text(fact.about or ""),
            Text(fact.status, style=STATUS_STYLES.get(fact.status, "")),
            Text(_cites(fact.articles, number)),
        ]
        for fact in brief.key_facts
    ]
    _table(console, "Key facts", ("fact", "about", "status", "sources"), facts)
    quotes = [
        [Text(q.speaker or "unknown"), Text(q.text), Text(", ".join(q.outlets or q.articles))]
        for q in brief.quotes
    ]
    _table(console, "Quotes", ("speaker", "quote", "outlets"), quotes)
    events = [
        [Text(e.date), Text(e.text), Text(_cites(e.articles, number))] for e in brief.timeline
    ]
    _table(console, "Timeline", ("date", "event", "sources"), events)
    console.print()
    for source in brief.sources:
        outlet = source.outlet or "unknown outlet"
        console.print(Text(f"[{number[source.id]}] {outlet}: {source.title or source.id}"))
    for note in brief.notes:
        console.print(Text(note, style="dim italic"))


def _cites(ids: Sequence[str], number: dict[str, int]) -> str:
    return "".join(f"[{number[i]}]" if i in number else f"[{i}]" for i in ids)


def _table(console: Console, title: str, header: Sequence[str], rows: list[list[Text]]) -> None:
    if not rows:
        return
    table = Table(title=title, header_style="bold", title_justify="left")
    for column in header:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
