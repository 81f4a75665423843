"""A terminal view of a comparison (Rich): the facts with status and outlets, then quote drift
with its word diff coloured (dropped words red and struck through, added words green)."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storylens.model import Comparison, Drift
from storylens.render import counted

__all__ = ["render_comparison", "render_diff"]

_STATUS_STYLE = {"corroborated": "green", "single-source": "yellow", "conflicting": "bold red"}
_DIFF_PART = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")
_TEXT_CHARS = 120


def render_comparison(comparison: Comparison) -> RenderableType:
    """The facts table and, when there is any, the quote drift of one story."""
    facts = Table(title=f"story {comparison.story}: {counted(len(comparison.articles), 'article')}")
    for column in ("status", "kind", "fact", "sources", "outlets"):
        facts.add_column(column, overflow="fold")
    for fact in comparison.facts:
        facts.add_row(
            Text(fact.status, style=_STATUS_STYLE.get(fact.status, "")),
            fact.kind,
            _clip(fact.text),
            str(fact.independent_sources),
            ", ".join(fact.outlets),
        )
    parts: list[RenderableType] = [facts]
    if comparison.drift:
        parts.append(Text("quote drift", style="bold"))
        parts.extend(_drift(drift) for drift in comparison.drift)
    return Group(*parts)


def _drift(drift: Drift) -> RenderableType:
    lines: list[RenderableType] = [Text(drift.speaker or "unknown speaker", style="bold")]
    for version in drift.versions:
        lines.append(Text(f"  {version.article}: “{version.text}”"))
    for line in drift.diff.splitlines():
        lines.append(Text("  ") + render_diff(line))
    return Group(*lines)


def render_diff(diff: str) -> Text:
    """One diff line with [-dropped-] words red and struck through, {+added+} words green."""
    text, position = Text(), 0
    for match in _DIFF_PART.finditer(diff):
        text.append(diff[position : match.start()])
        if match.group(1) is not None:
            text.append(match.group(1), style="red strike")
        else:
            text.append(match.group(2), style="green")
        position = match.end()
    text.append(diff[position:])
    return text


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _TEXT_CHARS else flat[: _TEXT_CHARS - 1] + "…"
