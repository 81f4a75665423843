"""Find the headline line and boilerplate lines in an article's text, and cut them from the body.

Cleaning never rewrites text: the body is made of slices of the original, recorded as an
:class:`~storylens.model.OffsetMap`, and every removed line is kept as a
:class:`~storylens.model.Removal`, so spans found in the body map back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylens.model import OffsetMap, Removal

# Each rule matches a whole stripped line. Rules are anchored and length-capped so that a real
# sentence which merely starts with "Read" or mentions a photo is never dropped.
_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "related-link",
        re.compile(
            r"(also read|read more|read also|more to read|see also|related( stories| coverage)?"
            r"|recommended|watch|listen|more on this( story)?|top stories)\s*[|:>»\-–—]",
            re.IGNORECASE,
        ),
        300,
    ),
    (
        "share-prompt",
        re.compile(
            r"(share (this|on|via)\b|subscribe\b|sign up\b|follow us\b|click here\b|join (us|our)\b"
            r"|download (our|the)\b.*\bapp\b|get (the|our) (latest|newsletter)\b|like us on\b"
            r"|don'?t miss\b|newsletter\b)",
            re.IGNORECASE,
        ),
        160,
    ),
    (
        "photo-credit",
        re.compile(
            r"(\(?(file )?(photo|image|picture|photograph|pictured|video|graphic)s?"
            r"( credit)?\s*[:|/]|(photo|image) credit\b|credit:)",
            re.IGNORECASE,
        ),
        200,
    ),
    (
        "photo-credit",  # "(Photo by Ines Marlow)": short, or it may be a sentence about photos
        re.compile(r"\(?(file )?(photo|image|picture)s? (by|courtesy( of)?) ", re.IGNORECASE),
        80,
    ),
    (
        "advertisement",
        re.compile(
            r"(advertisement|sponsored( content)?|story continues below( advertisement)?"
            r"|article continues below)\s*$",
            re.IGNORECASE,
        ),
        60,
    ),
    (
        "copyright",
        re.compile(r"(©|\(c\)\s|copyright\b|all rights reserved)", re.IGNORECASE),
        200,
    ),
)
_SECTION_LABEL = re.compile(r"[A-Z][A-Za-z&]*( [A-Z&][A-Za-z&]*){0,2}")
_HEADLINE_MAX_CHARS = 200


@dataclass(frozen=True)
class Cleaned:
    """The outcome of cleaning: a headline if one was found, the body and what was cut."""

    title: str | None
    body: str
    body_map: OffsetMap
    removed: tuple[Removal, ...]


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one stripped line, or None for article text."""
    for kind, pattern, max_chars in _RULES:
        if len(line) <= max_chars and pattern.match(line):
            return kind
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line including its line break."""
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((start, start + len(line)))
        start += len(line)
    return spans


def _is_headline(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    line = text[slice(*lines[index])].strip()
    followed_by_blank = index + 1 < len(lines) and not text[slice(*lines[index + 1])].strip()
    return (
        followed_by_blank
        and len(line) <= _HEADLINE_MAX_CHARS
        and len(line.split()) >= 2
        and not line.endswith((".", ",", ";", ":"))
        and classify_line(line) is None
    )


def clean(text: str, *, title: str | None = None) -> Cleaned:
    """Cut the headline line (when ``title`` is unknown or repeated) and boilerplate lines."""
    lines = _lines(text)
    kinds: list[str | None] = [None] * len(lines)
    content = [i for i, span in enumerate(lines) if text[slice(*span)].strip()]
    if content:
        first = content[0]
        first_line = text[slice(*lines[first])].strip()
        if title is None and _is_headline(text, lines, first):
            title, kinds[first] = first_line, "headline"
        elif title is not None and first_line == title.strip():
            kinds[first] = "headline"
    for i in content:
        kinds[i] = kinds[i] or classify_line(text[slice(*lines[i])].strip())
    remaining = [i for i in content if kinds[i] is None]
    if len(remaining) > 1:
        last = remaining[-1]
        if _SECTION_LABEL.fullmatch(text[slice(*lines[last])].strip()):
            kinds[last] = "section-label"
    return _assemble(text, lines, kinds, title)


def _assemble(
    text: str, lines: list[tuple[int, int]], kinds: list[str | None], title: str | None
) -> Cleaned:
    removed: list[Removal] = []
    kept: list[tuple[int, int]] = []
    after_removal = True  # drops blank lines at the start and after each removed line
    for (start, end), kind in zip(lines, kinds, strict=True):
        blank = not text[start:end].strip()
        if kind is not None:
            stripped = text[start:end].strip()
            offset = text.index(stripped, start) if stripped else start
            removed.append(Removal(offset, offset + len(stripped), kind, stripped))
            after_removal = True
        elif blank and after_removal:
            continue
        else:
            kept.append((start, end))
            after_removal = False
    while kept and not text[slice(*kept[-1])].strip():
        kept.pop()
    if kept:  # no trailing line break on the body
        start, end = kept[-1]
        kept[-1] = (start, start + len(text[start:end].rstrip()))
    segments = _merge(kept)
    body = "".join(text[start:end] for start, end in segments)
    return Cleaned(title, body, OffsetMap(tuple(segments)), tuple(removed))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
