"""Where a reported statement's characters start and end: a clause's token range as a
character span, kept to the cue's paragraph, without a closing aside or the punctuation at
its edges, with what a colon after it spells out, and with a direct quote that opens inside
it, marks and all.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from storylens.analyze.quote_context import Context
from storylens.analyze.quote_marks import DOUBLE_MARK, Marked

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_EDGE_PUNCTUATION = frozenset(",;:.!?—–-")
_ASIDE_DEPS = frozenset({"relcl", "appos"})

_ELABORATION = re.compile(r"[ \t]*:[ \t]+(?=[a-z0-9$])")
_CARRIES_ON = re.compile(r"(and|or|but)\b")


def reported_span(
    ctx: Context, first: int, last: int, cue: Token, min_words: int = 2
) -> tuple[int, int] | None:
    """The character span of a reported clause (tokens ``first..last``), or None.

    Kept to the cue's paragraph. A direct quote that opens inside the clause is part of it,
    marks and all, even where it runs on past the clause's last word ('said the plan was "a
    mess. It never worked."'). None when it starts inside a direct quote, when it has no word
    outside quote marks (the direct quote already says it) or fewer than ``min_words`` words.
    """
    span = _token_span(ctx, first, _without_aside(ctx.doc, first, last))
    if span is None:
        return None
    floor, ceiling = ctx.paragraphs[ctx.paragraph_of(cue.idx)] if ctx.paragraphs else (0, 0)
    start, end = max(span[0], floor), min(span[1], ceiling)
    end = _with_elaboration(ctx, end, ceiling)
    for quote in sorted(_quotes_overlapping(ctx, start, end), key=lambda q: q.start):
        if quote.start < start < quote.end:
            return None  # it starts inside the quote: the quote is what was said
        if _sentence_ends(ctx.text, start, quote.open_at):
            end = min(end, quote.open_at)  # a quote of its own after the clause's sentence
            break
        start = min(start, quote.open_at)  # a clause opening with a quote keeps its mark
        end = max(end, quote.close_end)  # the quote runs on past the clause, if only by a ","
        if _closes_the_statement(ctx.text, quote, end):
            end = quote.close_end
            break
    start, end = trim_chars(ctx.text, start, end)
    if len(ctx.text[start:end].split()) < min_words or not _words_outside_quotes(ctx, start, end):
        return None
    return start, _with_closing_mark(ctx.text, start, end)


def _with_elaboration(ctx: Context, end: int, ceiling: int) -> int:
    """Where a statement ends with what a colon after it spells out: in "repeated his
    pledges: a new pier, a lower levy and more ferries" the list is what was pledged. Only
    words in lower case: a quote after the colon is a direct quote of its own, and a
    sentence after it ("... the levy: The council voted ...") is most often the writer's."""
    colon = _ELABORATION.match(ctx.text, end, ceiling)
    if colon is None:
        return end
    sentence = ctx.doc[ctx.token_at(colon.end())].sent
    return max(end, min(ceiling, sentence.end_char))


def _closes_the_statement(text: str, quote: Marked, end: int) -> bool:
    """Whether a quote ending the words in marks with a comma ('"... by Cleveland,"')
    closes the statement: what follows is the writer's ("referring to the July convention",
    "though most voters ...", "Ms. Hale said"), unless another quote or a conjunction
    carries the list on ('"bad," "wrong" and "costly"')."""
    if quote.close_end >= end or text[quote.start : quote.end].rstrip()[-1:] != ",":
        return False
    rest = text[quote.close_end : end].lstrip()
    return not (DOUBLE_MARK.match(rest) or _CARRIES_ON.match(rest))


def _without_aside(doc: Doc, first: int, last: int) -> int:
    """Where a clause ends without a closing aside set off by a comma - ", which ...",
    ", the mayor since 2019", or a remark on the whole clause (", a charge the council
    denies") - that is most often the writer's own addition. After a name alone the aside
    is a description ("endorsed Ivo Strand, the mayor of Velmar") but a name or a noun after
    a noun may be the next item of a list ("thanked his wife, his children ...")."""
    for token in doc[first : last + 1]:
        if token.right_edge.i != last or not (token.dep_ in _ASIDE_DEPS or _sums_up(token)):
            continue
        comma = token.left_edge.i - 1
        describes_a_name = token.head.pos_ == "PROPN" and token.pos_ == "NOUN"
        if comma > first + (0 if describes_a_name else 2) and doc[comma].text == ",":
            return comma - 1
    return last


def _sums_up(token: Token) -> bool:
    """A noun phrase closing a clause that remarks on all of it: ", a charge the council
    denies", ", a drop of a third since May" (to the parser, a noun used as an adverb)."""
    return (
        token.dep_ == "npadvmod" and token.pos_ == "NOUN" and token.left_edge.lower_ in ("a", "an")
    )


def _token_span(ctx: Context, first: int, last: int) -> tuple[int, int] | None:
    """Tokens ``first..last`` without "that", punctuation or spaces at the edges."""
    doc = ctx.doc
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    if first <= last and doc[first].lower_ == "that" and doc[first].dep_ in ("mark", "dobj"):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space or doc[last].dep_ == "cc"):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _quotes_overlapping(ctx: Context, start: int, end: int) -> list[Marked]:
    """The direct quotes, marks included, that overlap ``[start, end)``. Quotes never overlap
    one another, so the search back stops at the first that ends before ``start``."""
    found: list[Marked] = []
    index = bisect.bisect_right(ctx.quoted_starts, end)
    while index > 0 and ctx.quoted[index - 1].close_end > start:
        index -= 1
        if ctx.quoted[index].open_at < end:
            found.append(ctx.quoted[index])
    return found


def trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without spaces or punctuation (``,;:.!?`` and dashes) at its edges."""
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        end -= 1
    return start, end


def _with_closing_mark(text: str, start: int, end: int) -> int:
    """Keep the closing mark of a partial quote that ends the clause: 'found him "charming"'."""
    if end < len(text) and len(DOUBLE_MARK.findall(text, start, end)) % 2 == 1:
        closing = DOUBLE_MARK.match(text, end)
        if closing is not None:
            return closing.end()
    return end


def _sentence_ends(text: str, start: int, end: int) -> bool:
    """Whether the words of ``[start, end)`` end a sentence: a quote after them is not the
    clause's, though a bad parse runs the clause on over it."""
    words = text[start:end].rstrip(" \t\n\"“”'’")
    return words[-1:] in (".", "!", "?")


def _words_outside_quotes(ctx: Context, start: int, end: int) -> int:
    """How many words of ``[start, end)`` lie outside the direct quotes found already."""
    words = 0
    for quote in sorted(_quotes_overlapping(ctx, start, end), key=lambda q: q.open_at):
        words += len(ctx.text[start : max(start, quote.open_at)].split())
        start = max(start, quote.close_end)
    return words + len(ctx.text[start:end].split())
