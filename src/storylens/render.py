"""Terminal output for the CLI: Rich tables for people, JSON and JSONL for programs."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storylens.model import Analysis, Article

# Markup is off: article text, quotes ("[sic]") and file names print exactly as they are, and
# styles are given explicitly (``styled``, ``labelled``), never parsed out of strings.
stdout = Console(soft_wrap=False, markup=False)
stderr = Console(stderr=True, soft_wrap=True, markup=False)  # one line per message when piped

STATEMENT_COLUMNS = {
    "quotes": ("speaker_canonical", "text", "kind", "cue"),
    "facts": ("kind", "text", "value", "unit", "of"),
}
LABEL_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "GPE": "bold green",
    "LOC": "green",
    "NORP": "yellow",
    "FAC": "blue",
}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """'1 article', '3 articles': a count with its noun, singular where it is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


def styled(text: object, style: str) -> Text:
    """``text`` shown in ``style``, exactly as written."""
    return Text(str(text), style=style)


def labelled(label: str, style: str, message: object) -> Text:
    """'label: message' with the label in ``style`` ("error", "red")."""
    return Text.assemble((f"{label}:", style), f" {message}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_jsonl(records: Sequence[Any]) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def print_records(
    records: Sequence[dict[str, Any]], columns: Sequence[str], *, fmt: str, title: str | None = None
) -> None:
    """Records as a table (only ``columns``), or every field as JSON or JSONL."""
    if fmt == "json":
        print_json(list(records))
    elif fmt == "jsonl":
        print_jsonl(records)
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(column.replace("_", " "), overflow="fold")
        for record in records:
            table.add_row(*(_cell(record.get(column)) for column in columns))
        stdout.print(table)
        if not records:
            stderr.print(styled("nothing to show", "dim"))


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value[:5]) + (" …" if len(value) > 5 else "")
    return str(value)


def highlighted_body(article: Article, analysis: Analysis | None) -> Text:
    """The cleaned body with each entity mention coloured by its label."""
    body = Text(article.body)
    for mention in analysis.mentions if analysis else ():
        start = article.body_map.to_body(mention.start)
        if start is not None:
            style = LABEL_STYLES.get(mention.label, "underline")
            body.stylize(style, start, start + mention.end - mention.start)
    return body


def print_article(article: Article, analysis: Analysis | None) -> None:
    """Metadata, the highlighted body, entities and what cleaning removed."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    for name, value in (
        ("id", article.id),
        ("external id", article.external_id),
        ("title", article.title),
        ("outlet", article.outlet),
        ("author", article.author),
        ("published", article.published.isoformat() if article.published else None),
        ("url", article.url),
        ("language", article.language),
        ("origin", article.origin),
    ):
        meta.add_row(name, _cell(value))
    stdout.print(meta)
    stdout.print()
    stdout.print(highlighted_body(article, analysis))
    if analysis and analysis.entities:
        stdout.print()
        table = _table("Entities", "entity", "type", "mentions", "as written")
        for entity in analysis.entities:
            table.add_row(
                Text(entity.name, LABEL_STYLES.get(entity.label, "")),
                entity.label,
                str(entity.mentions),
                ", ".join(entity.variants),
            )
        stdout.print(table)
    if analysis:
        print_statements(article, analysis)
    if article.removed:
        stdout.print()
        stdout.print(styled("Removed from the body", "bold"))
        for removal in article.removed:
            stdout.print(Text.assemble("  ", (removal.kind, "dim"), f" {removal.text}"))
    for note in analysis.notes if analysis else ():
        stderr.print(labelled("note", "yellow", note))


def print_statements(article: Article, analysis: Analysis) -> None:
    """Quotes, facts and events of one article, as tables."""
    if analysis.quotes:
        table = _table("Quotes", "speaker", "quote", "kind", "cue")
        for q in analysis.quotes:
            table.add_row(q.speaker_canonical or q.speaker or "—", q.text, q.kind, q.cue or "—")
        stdout.print(table)
    if analysis.facts:
        table = _table("Facts", "kind", "as written", "value", "unit", "of")
        for f in analysis.facts:
            value = f"{'~' if f.approx else ''}{_cell(f.value)}"
            table.add_row(f.kind, f.text, value, _cell(f.unit), _cell(f.of))
        stdout.print(table)
    if analysis.events:
        table = _table("Events", "actor", "action", "target", "where", "when")
        for e in analysis.events:
            action = f"not {e.predicate}" if e.negated else e.predicate
            table.add_row(_cell(e.actor), action, _cell(e.target), _cell(e.place), _cell(e.date))
        stdout.print(table)


def print_statement_tables(records: Sequence[dict[str, Any]], what: str) -> None:
    """The output of ``storylens quotes`` or ``storylens facts`` without --json."""
    for record in records:
        title = f"{record['article']} ({record['id']})"
        print_records(record[what], STATEMENT_COLUMNS[what], fmt="table", title=title)


def _table(title: str, *columns: str) -> Table:
    return Table(*columns, title=title, header_style="bold")
