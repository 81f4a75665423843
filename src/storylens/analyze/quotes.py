"""Quotes and attributions: who said what, in direct and in reported speech.

spaCy's small English model has no quote component, so this reads what it does give: the quote
marks in the text and the dependency parse. This module finds the direct quotes and their
speakers and puts them together with the reported statements:

- ``quote_marks``: the spans between quote marks, one paragraph at a time, so an unbalanced
  mark spoils at most its own paragraph; a multi-paragraph quote gives one Quote per part.
- here: a direct quote's speaker is the subject of a speech verb in its frame, the words
  between it and the next sentence end or quote (``..., Trump said.``, ``Caddell continued:
  "...``). A quote with no cue of its own takes the speaker of the quote before it in the
  paragraph (a quote split around its cue), then of the nearest statement before it.
- ``reported``: statements without quote marks, read from the parse (``quote_cues`` holds the
  words that introduce them). A partial quote inside a reported clause ('said the plan was
  "a mess from the start"') is part of that one statement, not a second one;
  :func:`quoted_parts` gives its words in marks back as direct quotes for the compare stage.
- ``speakers``: a cue's speaker, with pronouns and descriptions ("he", "the harbour master")
  resolved to the person named earlier, so a Quote carries a canonical name wherever the
  article gives one.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from storylens.analyze.entities import EntityIndex
from storylens.analyze.quote_context import (
    MINOR_WORDS,
    Attribution,
    Context,
    Speaker,
    build_context,
    make_quote,
)
from storylens.analyze.quote_cues import (
    CUE_VERBS,
    NOUN_CUES,
    cue_lemma,
    cue_text,
    is_cue,
)
from storylens.analyze.quote_marks import Marked, quote_spans, scan, single_quoted
from storylens.analyze.reported import noun_speaker, outermost, reported_statements
from storylens.analyze.speakers import (
    FRAME_TOKENS,
    PEOPLE_PRONOUNS,
    PERSONAL,
    antecedent_of,
    last_mention,
    speaker_from_token,
    speaker_of,
    subject_of,
)
from storylens.model import Quote

__all__ = ["find_quotes", "quote_spans", "quoted_parts", "with_quoted_parts"]

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TERMINALS = frozenset({".", "!", "?", ";"})
_MIN_BARE_WORDS = 4  # a shorter quote with no cue of its own is a scare quote or a title
_TITLE_WORDS = 6  # a quote this short in title case names a book, show or slogan
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def find_quotes(doc: Doc, entities: EntityIndex) -> list[Quote]:
    """Direct and reported statements in a parsed text, with offsets into ``doc.text``.

    Never raises: a step that fails on odd input gives up its own findings, not the others'.
    """
    ctx = build_context(doc, entities)
    direct: list[Quote] = []
    try:
        direct.extend(_direct_quotes(ctx))
    except Exception:  # noqa: BLE001 - odd input must not cost the reported statements
        ctx.quoted, ctx.quoted_starts = [], []
    reported: list[Quote] = []
    with contextlib.suppress(Exception):  # nor the direct quotes already found
        reported = outermost(list(reported_statements(ctx)))
    quotes = _without_partial_quotes(direct, reported) + reported
    quotes.sort(key=lambda q: (q.start, q.end))
    with contextlib.suppress(Exception):  # sentence indices are a convenience
        return _with_sentences(doc, quotes)
    return quotes


def _without_partial_quotes(direct: list[Quote], reported: list[Quote]) -> list[Quote]:
    """The direct quotes that are not part of a reported statement: in 'He said the plan
    was "a mess from the start"' the statement is the clause, and the words in marks are
    part of it (:func:`quoted_parts` gives them back), not a second statement."""
    ordered = sorted(reported, key=lambda q: (q.start, q.end))
    starts = [q.start for q in ordered]
    kept = []
    for quote in direct:
        # statements never overlap one another, so only the last one starting before counts
        index = bisect.bisect_right(starts, quote.start) - 1
        statement = ordered[index] if index >= 0 else None
        if statement is None or statement.end < quote.end or not _same_voice(quote, statement):
            kept.append(quote)
    return kept


def _same_voice(quote: Quote, statement: Quote) -> bool:
    """Whether a quote inside a statement is part of what the statement reports: not when
    the statement runs on over the quote's own frame ("Boats: ... “...,” he said")."""
    speaker = quote.speaker_start
    return speaker is None or not quote.end <= speaker < statement.end


def quoted_parts(quote: Quote) -> list[Quote]:
    """The words in quote marks inside a reported statement, as direct quotes of the same
    speaker: 'said the plan was "a mess from the start"' gives "a mess from the start".

    The compare stage and the brief read these: quoted words are what outlets copy, and
    what drifts between them. A direct quote has no parts; a lone word in marks is none.
    """
    if quote.kind != "indirect":
        return []
    return [
        replace(
            quote,
            start=quote.start + start,
            end=quote.start + end,
            kind="direct",
            text=quote.text[start:end],
        )
        for start, end in quote_spans(quote.text)
        if _worth_a_quote(quote.text[start:end])
    ]


def with_quoted_parts(quotes: Iterable[Quote]) -> list[Quote]:
    """Every quote, each followed by the direct quotes inside it (:func:`quoted_parts`)."""
    return [part for quote in quotes for part in (quote, *quoted_parts(quote))]


def _with_sentences(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """Give each quote the index of its sentence among the non-blank sentences."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return quotes
    starts = [s.start_char for s in doc.sents if s.text.strip()]
    if not starts:
        return quotes
    return [replace(q, sentence=max(0, bisect.bisect_right(starts, q.start) - 1)) for q in quotes]


def _direct_quotes(ctx: Context) -> Iterator[Quote]:
    marked = scan(ctx.text, ctx.paragraphs)
    ctx.quoted = marked
    ctx.quoted_starts = [m.start for m in marked]
    ctx.cue_tokens = [t.i for t in ctx.doc if is_cue(t) and not ctx.in_quote(t.idx)]
    worth = [_worth_a_quote(ctx.text[q.start : q.end]) for q in marked]
    own = [
        _safe_frame_attribution(ctx, marked, i) if worth[i] else None for i in range(len(marked))
    ]
    previous: dict[int, Attribution] = {}  # the last attributed quote of each paragraph
    for index, quote in enumerate(marked):
        if not worth[index]:
            continue
        found = own[index] or _chain_attribution(marked, own, index)
        if found is None:
            with contextlib.suppress(Exception):  # a quote without its speaker still counts
                found = _borrowed_attribution(ctx, marked, index, previous)
        if found is None and _word_count(ctx.text, quote) < _MIN_BARE_WORDS:
            continue
        found = found or Attribution(None, None)
        if found.speaker is not None:
            previous[quote.paragraph] = found
        yield make_quote(ctx, quote.start, quote.end, "direct", found)
        with contextlib.suppress(Exception):  # a quote within is a bonus, never a failure
            yield from list(_inner_quotes(ctx, quote, found))


def _inner_quotes(ctx: Context, outer: Marked, found: Attribution) -> Iterator[Quote]:
    """Quotes inside a quote that someone else said: "She said to me, 'If we cannot ...'".

    Only when the inner speaker resolves to a named person other than the outer speaker;
    "I said, 'No ...'" is the outer speaker again and stays part of the outer quote.
    """
    outer_name = found.speaker.canonical if found.speaker else None
    for start, end in single_quoted(ctx.text, outer.start, outer.end):
        if not _worth_a_quote(ctx.text[start:end]):
            continue
        cue = _inner_cue(ctx, outer, start)
        subject = subject_of(cue) if cue is not None else None
        if subject is None or cue is None:
            continue
        speaker = _inner_speaker(ctx, subject, outer, outer_name)
        if speaker is not None and speaker.canonical not in (None, outer_name):
            yield make_quote(ctx, start, end, "direct", Attribution(speaker, cue_text(ctx, cue)))


def _inner_cue(ctx: Context, outer: Marked, start: int) -> Token | None:
    """A speech verb inside the outer quote, just before the inner one."""
    doc = ctx.doc
    first = ctx.token_at(start)
    for position in range(first - 1, max(ctx.token_at(outer.start) - 1, first - 12), -1):
        token = doc[position]
        if token.text in _TERMINALS:
            break
        if is_cue(token):
            return token
    return None


def _inner_speaker(
    ctx: Context, subject: Token, outer: Marked, outer_name: str | None
) -> Speaker | None:
    """Who a subject inside a quote is: a name, or "he"/"she" named before the quote."""
    end = subject.idx + len(subject.text)
    if subject.lower_ in PERSONAL:
        canonical = antecedent_of(ctx, outer.open_at, excluding=outer_name)
        return Speaker(subject.idx, end, subject.text, canonical)
    mention = ctx.entities.at(subject.idx, end)
    if mention is not None and mention.label == "PERSON":
        return Speaker(mention.start, mention.end, mention.text, mention.entity)
    return None


def _worth_a_quote(content: str) -> bool:
    """Not a lone word ("a 'mess'") nor a title ("Saturday Night Live"): marks used so are
    no one's words."""
    words = _WORD.findall(content)
    if len(words) < 2:
        return False
    if len(words) > _TITLE_WORDS:
        return True
    return not all(w[0].isupper() or w.lower() in MINOR_WORDS for w in words)


def _word_count(text: str, quote: Marked) -> int:
    return len(text[quote.start : quote.end].split())


def _safe_frame_attribution(ctx: Context, marked: list[Marked], index: int) -> Attribution | None:
    """The frame attribution, or None where an odd parse trips it: the quote still counts."""
    with contextlib.suppress(Exception):
        return _frame_attribution(ctx, marked, index)
    return None


def _frame_attribution(ctx: Context, marked: list[Marked], index: int) -> Attribution | None:
    """The cue and speaker next to a quote: after it first, as news writes "...," she said."""
    ended = ctx.text[marked[index].start : marked[index].end].rstrip()[-1:] == "."
    for token in _after_frame(ctx, marked, index):
        if ended and _reports_something(token):
            break  # "...done." He said the plan ... : a new sentence with its own report
        if is_cue(token) and _names_what_follows(token):
            break  # '"...," and what she calls "real solutions"': the cue of the next words
        found = _attribution_at(ctx, token)
        if found is not None:
            return found
    before = _before_frame(ctx, marked, index)
    verb = _verb_taking_the_quote(before, marked[index])
    if verb is not None:
        found = _attribution_at(ctx, verb, any_cue=True)
        if found is not None:
            return found  # 'a statement condemning "a cowardly attack"'
    for token in reversed(before):
        found = _attribution_at(ctx, token)
        if found is not None:
            return found
    return _colon_attribution(ctx, before) or _noun_taking_the_quote(ctx, before, marked[index])


def _noun_taking_the_quote(ctx: Context, before: list[Token], quote: Marked) -> Attribution | None:
    """ "her remark that "there is a special place ..."": a statement noun whose clause is
    the quote speaks through its owner, or whoever made it."""
    words = [token for token in before if not token.is_punct]
    if len(words) < 2 or words[-1].lower_ != "that":
        return None
    noun = words[-2]
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
        return None
    clause = words[-1].head  # the parser may hang it on the sentence's verb, not the noun
    if words[-1].dep_ != "mark" or not quote.start <= clause.idx < quote.end:
        return None
    speaker = noun_speaker(ctx, noun)
    return Attribution(speaker, noun.text) if speaker is not None else None


def _verb_taking_the_quote(before: list[Token], quote: Marked) -> Token | None:
    """The verb of stance or belief right before a quote that is its object or its clause:
    'condemned "a cowardly attack"', 'Pew found that "twice as many ..."' - the head of
    the object or clause is in the quote."""
    if not before:
        return None
    verb = before[-1]
    if verb.lower_ == "that" and verb.dep_ == "mark" and len(before) > 1:
        verb = before[-2]
    lemma = cue_lemma(verb)
    if verb.pos_ != "VERB" or lemma not in CUE_VERBS:
        return None
    taken = any(
        c.dep_ in ("dobj", "ccomp") and quote.start <= c.idx < quote.end for c in verb.rights
    )
    return verb if taken else None


def _names_what_follows(token: Token) -> bool:
    """ "what she calls", "which he described as": a cue whose object is a relative word
    names the words after it, not the quote before it."""
    return any(c.dep_ in ("dobj", "nsubj") and c.tag_ in ("WP", "WDT") for c in token.children)


def _reports_something(token: Token) -> bool:
    return is_cue(token) and any(c.dep_ in ("ccomp", "dobj") for c in token.children)


def _after_frame(ctx: Context, marked: list[Marked], index: int) -> list[Token]:
    """Tokens after the closing mark up to the sentence end, the next quote or paragraph end."""
    doc = ctx.doc
    limit = marked[index + 1].open_at if index + 1 < len(marked) else len(ctx.text)
    first = ctx.token_at(marked[index].close_end)
    if first < len(doc) and doc[first].idx < marked[index].close_end:
        first += 1
    frame: list[Token] = []
    for token in doc[first : first + FRAME_TOKENS]:
        if token.idx >= limit or "\n" in token.text or token.text in _TERMINALS:
            break
        frame.append(token)
    return frame


def _before_frame(ctx: Context, marked: list[Marked], index: int) -> list[Token]:
    """Tokens before the opening mark back to the sentence start, last quote or paragraph."""
    doc = ctx.doc
    limit = marked[index - 1].close_end if index > 0 else 0
    last = ctx.token_at(marked[index].open_at) - 1
    frame: list[Token] = []
    for position in range(last, max(-1, last - FRAME_TOKENS), -1):
        token = doc[position]
        if token.idx < limit or "\n" in token.text or token.text in _TERMINALS:
            break
        frame.append(token)
    frame.reverse()
    return frame


def _attribution_at(ctx: Context, token: Token, any_cue: bool = False) -> Attribution | None:
    """The attribution a cue token makes, or None when the token is no cue or has no speaker.
    With ``any_cue`` the caller has found the token to be a cue of its own."""
    if not (any_cue or is_cue(token)):
        return None
    speaker = speaker_of(ctx, token)
    if speaker is None:
        return None
    return Attribution(speaker, cue_text(ctx, token))


def _colon_attribution(ctx: Context, before: list[Token]) -> Attribution | None:
    """ "Pat Caddell: ..." - a name and a colon right before the quote. Where the words
    before the colon are a clause ("Moll gave it a try in an interview with the Courier:")
    or a name with more ("Kell of the Harbour Union:"), their subject or head speaks, not
    the last name in them."""
    if not before or before[-1].text != ":":
        return None
    speaker = _colon_speaker(ctx, before[-1].head)
    if speaker is not None:
        return Attribution(speaker, ":")
    mention = last_mention(ctx, before[0].idx, before[-1].idx)
    if mention is None:
        return None
    speaker = Speaker(mention.start, mention.end, mention.text, mention.entity)
    return Attribution(speaker, ":")


def _colon_speaker(ctx: Context, head: Token) -> Speaker | None:
    """Who speaks through the words a colon closes: the subject of their verb, or the name
    they are about ("Kell of the Harbour Union:"), where that names someone or is a
    person's pronoun. "It" or "this" introduce the writer's own quotation, and a
    description ("Signs of a shift:") is more often a heading than a speaker."""
    if head.pos_ in ("VERB", "AUX"):
        subject = subject_of(head)
    else:
        subject = head if head.pos_ == "PROPN" else None
    if subject is None:
        return None
    speaker = speaker_from_token(ctx, subject)
    if speaker is None or not (speaker.canonical or subject.lower_ in PEOPLE_PRONOUNS):
        return None
    return speaker


def _chain_attribution(
    marked: list[Marked], own: list[Attribution | None], index: int
) -> Attribution | None:
    """The cue of a later part of a quote running over several paragraphs, whose first
    paragraph often has none: the cue comes after the quote's last words."""
    while index < len(marked) - 1 and marked[index].continues:
        index += 1
        if own[index] is not None:
            return own[index]
    return None


def _borrowed_attribution(
    ctx: Context, marked: list[Marked], index: int, previous: dict[int, Attribution]
) -> Attribution | None:
    """For a quote with no cue of its own: the quote before it, else the statement before."""
    quote = marked[index]
    if quote.paragraph in previous:
        return previous[quote.paragraph]
    if index > 0 and marked[index - 1].continues and quote.paragraph - 1 in previous:
        return previous[quote.paragraph - 1]
    if _word_count(ctx.text, quote) < _MIN_BARE_WORDS:
        return None
    if any(not token.is_punct for token in _before_frame(ctx, marked, index)):
        return None  # the writer's own sentence quotes it: no one's statement carries over
    return _statement_before(ctx, quote)


def _statement_before(ctx: Context, quote: Marked) -> Attribution | None:
    """The nearest cue before a quote standing alone, within this paragraph or the last."""
    paragraph = ctx.paragraph_of(quote.open_at)
    floor = ctx.paragraph_starts[max(0, paragraph - 1)]
    position = bisect.bisect_left(ctx.cue_tokens, ctx.token_at(quote.open_at))
    for cue_index in reversed(ctx.cue_tokens[:position]):
        token = ctx.doc[cue_index]
        if token.idx < floor:
            return None
        found = _attribution_at(ctx, token)
        if found is not None:
            return found
    return None
