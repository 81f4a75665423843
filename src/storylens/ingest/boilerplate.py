"""Find the headline line and boilerplate lines in an article's text, and cut them from the body.

Cleaning never rewrites text: the body is made of slices of the original, recorded as an
:class:`~storylens.model.OffsetMap`, and every removed line is kept as a
:class:`~storylens.model.Removal`, so spans found in the body map back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylens.model import OffsetMap, Removal


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of boilerplate line: a pattern anchored at the line start, and a length cap.

    The cap keeps a real sentence that merely starts like boilerplate ("Read the full
    statement ...") in the body; ``whole`` rules must match the entire line.
    """

    kind: str
    pattern: re.Pattern[str]
    max_chars: int
    whole: bool = False

    def matches(self, line: str) -> bool:
        if len(line) > self.max_chars:
            return False
        found = self.pattern.fullmatch(line) if self.whole else self.pattern.match(line)
        return found is not None


def _rule(kind: str, pattern: str, max_chars: int, *, whole: bool = False) -> Rule:
    return Rule(kind, re.compile(pattern, re.IGNORECASE), max_chars, whole)


RULES: tuple[Rule, ...] = (
    _rule(
        "related-link",
        r"\[?(also read|read more|read also|more to read|see also|see more|related( stories"
        r"| coverage| post)?|recommended|watch|listen|more on this( story)?|top stories|more"
        r"|also on [\w.]+)\s*[|:>»\-–—]",
        300,
    ),
    _rule(
        "related-link",  # a header line introducing a list of links
        r"(you may also like|you might also like|most (read|popular|viewed|shared)( [\w ]+)?"
        r"|popular on [\w .]+|explore further|related (stories|articles|content|coverage)"
        r"|more (stories|from [\w .]+)|recommended( for you)?|trending( now)?|top stories"
        r"|latest news|read next)\W*",
        60,
        whole=True,
    ),
    _rule(
        "share-prompt",
        r"(share (this|on|via|it)\b|subscribe\b|sign up\b|follow us\b|click here\b"
        r"|join (us|our)\b|download (our|the)\b.*\bapp\b|get (the|our) (latest|newsletter)\b"
        r"|like us on\b|don'?t miss\b|newsletter\b|thanks for signing up|like this story\b)",
        160,
    ),
    _rule(
        "share-prompt",  # "Follow AP's coverage on Twitter", "Follow Newsbeat on Instagram"
        r"follow\b.{0,100}\b(twitter|facebook|instagram|tiktok|youtube|linkedin|threads|x)\b.*",
        200,
        whole=True,
    ),
    _rule(
        "credit",
        r"(\((additional )?(reporting|writing|editing|research) by\b|contributing:"
        r"|(additional )?(reporting|writing|editing) by\b(?=.*;|[^.]*$)"  # not a sentence
        r"|with .{1,40} wires\.?$|.{1,120}\bcontributed (to )?this (report|story)\.?\)?$)",
        300,
    ),
    _rule(
        "contact",
        r"((write to|reach|contact|email) .{1,80}\b(at|on|via)\b.{0,80}(@|https?://).*"
        r"|\S+@\S+\.\w+)",  # bare links stay: shopping and resource lists are content
        200,
        whole=True,
    ),
    _rule(
        "photo-credit",
        r"(\(?(file )?(photo|image|picture|photograph|pictured|video|graphic)s?"
        r"( credit)?\s*[:|/]|(photo|image) credit\b|credit:)",
        200,
    ),
    _rule(  # "(Photo by Ines Marlow)": short, or it may be a sentence about photos
        "photo-credit", r"\(?(file )?(photo|image|picture)s? (by|courtesy( of)?) ", 80
    ),
    _rule(
        "advertisement",
        r"(advertisement|sponsored( content)?|story continues below( advertisement)?"
        r"|article continues below)\s*",
        60,
        whole=True,
    ),
    _rule(
        "site-tool",
        r"(-\s*)?(order reprints|print article|print this (page|article)|this copy is for your"
        r" personal, non-commercial use)\b.*",
        300,
        whole=True,
    ),
    _rule("separator", r"[_\-=*~•·]{3,}", 200, whole=True),
    _rule("copyright", r"(©|\(c\)\s|copyright\b|all rights reserved)", 200),
)
_LIST_ITEM = re.compile(r"[-•*·]\s")

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
    for rule in RULES:
        if rule.matches(line):
            return rule.kind
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
    in_link_list = False
    for i in content:
        line = text[slice(*lines[i])].strip()
        kinds[i] = kinds[i] or classify_line(line)
        if kinds[i] is None and in_link_list and _LIST_ITEM.match(line):
            kinds[i] = "related-link"  # the links listed under a "Most read" header
        in_link_list = kinds[i] == "related-link"
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
