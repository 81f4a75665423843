"""Quote marks: the spans between double (and, inside those, single) quote marks.

Pure text work, no parse needed. Marks are paired one paragraph at a time, so an unbalanced
mark spoils at most its own paragraph; a quote left open at a paragraph end whose successor
opens with a mark is the classic multi-paragraph quote. Curly marks say which way they face
unless their place says otherwise; a straight mark's direction comes from its place alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# NYT archives write '' for both marks.
DOUBLE_MARK = re.compile(r"''|``|‘‘|’’|[\"“”„«»]")
_OPENING = frozenset({"“", "„", "«", "``", "‘‘"})
_CLOSING = frozenset({"”", "»", "’’"})
_BEFORE_OPENING = frozenset("([{—–/")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–…")
_OPEN, _CLOSE, _EITHER = 1, -1, 0

_ATTRIBUTE = re.compile(r'\w=(")[^"\n]*(")')  # markup left in the text: author="..."


@dataclass(frozen=True, slots=True)
class Marked:
    """A stretch of text between quote marks: the content and where the marks are."""

    start: int
    end: int
    open_at: int  # the opening mark
    close_end: int  # just past the closing mark; ``end`` when the quote is left open
    paragraph: int
    continues: bool = False  # left open at a paragraph end, the next paragraph re-opens


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Content spans between double quote marks; unbalanced marks never raise."""
    return [(m.start, m.end) for m in scan(text, split_paragraphs(text))]


def scan(text: str, paragraphs: list[tuple[int, int]]) -> list[Marked]:
    """The quotes of a text, paragraph by paragraph, with where their marks are."""
    found: list[Marked] = []
    for index, (start, end) in enumerate(paragraphs):
        closed, open_mark = _scan_paragraph(text, start, end, index)
        found.extend(closed)
        if open_mark is not None:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            continues = following is not None and _opens_with_mark(text, *following)
            left_open = _content(text, open_mark.end(), end, open_mark.start(), end, index)
            if left_open is not None:
                found.append(_with_continues(left_open, continues))
    return found


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines: news text keeps one paragraph per line."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _scan_paragraph(
    text: str, start: int, end: int, paragraph: int
) -> tuple[list[Marked], re.Match[str] | None]:
    """Pair the marks of one paragraph; returns the quotes and a mark left open, if any.

    An opening mark of the other style inside an open quote (curly inside straight, or the
    reverse) starts a quote within the quote, which stays part of its text; a closing mark
    of the other style closes the quote, as careless typing mixes them.
    """
    found: list[Marked] = []
    open_mark: re.Match[str] | None = None
    inner: str | None = None  # the style of a quote open inside the open one
    markup = {m.start(1) for m in _ATTRIBUTE.finditer(text, start, end)}
    markup |= {m.start(2) for m in _ATTRIBUTE.finditer(text, start, end)}
    for mark in DOUBLE_MARK.finditer(text, start, end):
        if mark.start() in markup:
            continue
        role = _mark_role(text, mark.start(), mark.end())
        style = _style(mark.group())
        if open_mark is None:
            if role != _CLOSE:  # a stray closing mark opens nothing
                open_mark = mark
            continue
        if style != _style(open_mark.group()):
            if inner is None and role == _OPEN:
                inner = style
                continue
            if inner == style:
                if role != _OPEN:
                    inner = None
                continue
            # a closing mark of the other style closes the quote: “...," she said
        if role == _OPEN:  # a second opening: the first was never closed
            found.extend(_contents(text, open_mark, mark.start(), mark.start(), paragraph))
        else:
            found.extend(_contents(text, open_mark, mark.start(), mark.end(), paragraph))
        open_mark = None if role != _OPEN else mark
        inner = None
    return found, open_mark


def _style(mark: str) -> str:
    return "straight" if mark in ('"', "''", "``") else "typographic"


def _contents(
    text: str, open_mark: re.Match[str], end: int, close_end: int, paragraph: int
) -> list[Marked]:
    found = _content(text, open_mark.end(), end, open_mark.start(), close_end, paragraph)
    return [found] if found is not None else []


def _mark_role(text: str, start: int, end: int) -> int:
    """Whether a mark opens or closes a quote, judged by the mark and its neighbours."""
    mark = text[start:end]
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    opens = before.isspace() or before in _BEFORE_OPENING
    closes = after.isspace() or after in _AFTER_CLOSING
    if mark in _OPENING:
        return _CLOSE if closes and not opens else _OPEN
    if mark in _CLOSING:
        return _OPEN if opens and not closes else _CLOSE
    if opens != closes:
        return _OPEN if opens else _CLOSE
    return _EITHER


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    mark = DOUBLE_MARK.match(text, start, end)
    return mark is not None and _mark_role(text, mark.start(), mark.end()) != _CLOSE


def _content(
    text: str, start: int, end: int, open_at: int, close_end: int, paragraph: int
) -> Marked | None:
    """The stripped content between two positions, or None when it holds no word."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return Marked(start, end, open_at, max(close_end, end), paragraph)


def _with_continues(marked: Marked, continues: bool) -> Marked:
    return Marked(marked.start, marked.end, marked.open_at, marked.end, marked.paragraph, continues)


def single_quoted(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Content spans between single quote marks, telling them from apostrophes (it's,
    Democrats' plan) by the letters around them."""
    position = start
    while position < end:
        char = text[position]
        opens = position == start or not text[position - 1].isalnum()
        if char in "‘'" and opens and position + 1 < end and text[position + 1].isalnum():
            close = _single_close(text, position + 1, end)
            if close is None:
                return
            yield position + 1, close
            position = close
        position += 1


def _single_close(text: str, start: int, end: int) -> int | None:
    for position in range(start, end):
        closes = position + 1 >= end or not text[position + 1].isalnum()
        if text[position] in "’'" and not text[position - 1].isspace() and closes:
            return position
    return None
