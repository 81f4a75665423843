"""Quotes and attributions: who said what, in direct and in reported speech.

spaCy's small English model has no quote component, so this reads what it does give: the quote
marks in the text and the dependency parse.

- Direct quotes come from the marks, scanned one paragraph at a time so that an unbalanced mark
  spoils at most its own paragraph. A quote left open at the end of a paragraph whose successor
  opens with a mark is the classic multi-paragraph quote: each paragraph's part is a Quote.
- A direct quote's speaker is the subject of a speech verb in its frame, the words between it
  and the next sentence end or quote (``..., Trump said.``, ``Caddell continued: "...``). A
  quote with no cue of its own takes the speaker of the quote before it in the paragraph (a
  quote split around its cue), then of the nearest statement before it.
- Reported speech comes from the parse: the clausal complement of a reporting verb ("Trump
  suggested that ..."), the clause an "according to X" phrase hangs on, and the two halves of
  a clause around a parenthetical cue ("The deal, he said, is done").
- Speakers written as pronouns or descriptions ("he", "the harbour master") are resolved to
  the person named earlier, so a Quote carries a canonical name wherever the article gives one.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storylens.analyze.entities import EntityIndex
from storylens.model import Mention, Quote
from storylens.names import TITLES, person_tokens, surname_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Verbs that introduce a quote or report speech ("said", "told", "wrote", "insisted").
SPEECH_VERBS = frozenset(
    """
    say tell add write explain insist assert claim argue state declare note remark reply
    respond answer ask warn announce continue conclude recall admit acknowledge concede
    confirm deny complain joke quip muse observe point tweet post share testify stress
    emphasize emphasise repeat reiterate predict promise vow pledge urge caution boast brag
    comment describe call shout yell scream whisper mutter exclaim recount report suggest
    allege contend maintain counter retort plead lament agree interject chime mention
    reveal disclose concur protest object grumble sigh laugh marvel wonder speculate
    """.split()
)
#: Verbs whose clausal complement is an attributed statement or belief, besides speech.
REPORT_VERBS = SPEECH_VERBS | frozenset(
    """
    believe think feel know hope fear worry expect estimate suspect understand learn show
    find indicate signal hint imply guarantee assure decide doubt question assume determine
    realize realise recognize recognise remember notice hear read acknowledge project
    forecast prove demonstrate conclude charge accuse
    """.split()
)
#: Verbs whose object (with what follows it) is the statement: "urged Congress to act".
OBJECT_VERBS = frozenset(
    """
    announce praise criticize criticise mock thank blame accuse endorse back deny reject
    condemn dismiss defend describe discuss mention propose recommend demand urge question
    request cite slam blast attack applaud welcome hail predict promise warn call ask
    congratulate credit fault challenge dispute acknowledge admit reveal disclose unveil
    show express recall denounce list tout repeat reiterate stress emphasize emphasise note
    tweet post share write report identify portray reference name outline detail highlight
    echo voice
    """.split()
)
#: Verbs whose infinitive is the statement: "vowed to fight".
INTENT_VERBS = frozenset(
    """
    promise vow pledge refuse decline threaten agree offer plan hope intend seek urge
    ask vote demand
    """.split()
)
#: A verb and preposition whose object is the statement: "called for a ban".
PREP_CUES = frozenset(
    tuple(pair.split())
    for pair in """
    call for, ask about, talk about, speak about, speak of, speak on, speak to, comment on,
    complain about, warn about, warn of, warn against, refer to, argue for, argue against,
    push for, advocate for, apologize for, testify about, write about, joke about, point to,
    call on, focus on, agree with, respond to, reply to, ask for, rail against, hint at,
    weigh on, side with, vouch for
    """.split(",")
)
_OBJECT_DEPS = frozenset({"dobj", "dative", "xcomp", "ccomp", "oprd", "prep"})
_SUBJECT_DEPS = frozenset({"nsubj"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_PERSONAL = frozenset({"he", "she"})
_PRONOUNS = _PERSONAL | frozenset({"i", "we", "they", "it", "you", "him", "her", "them"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"})
_NOT_PEOPLE = _PLACE_LABELS | {"ORG"}
_TERMINALS = frozenset({".", "!", "?", ";"})
_FRAME_TOKENS = 30
_ANTECEDENTS = 3  # people looked at for a pronoun, latest first
_MIN_BARE_WORDS = 4  # a shorter quote with no cue of its own is a scare quote or a title
_TITLE_WORDS = 6  # a quote this short in title case names a book, show or slogan
_MINOR_WORDS = frozenset("a an and at by for in of on or the to with".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

# Quote marks. Curly marks say which way they face unless their place says otherwise; a
# straight mark's direction comes from its place alone. NYT archives write '' for both.
_DOUBLE_MARK = re.compile(r"''|``|‘‘|’’|[\"“”„«»]")
_OPENING = frozenset({"“", "„", "«", "``", "‘‘"})
_CLOSING = frozenset({"”", "»", "’’"})
_BEFORE_OPENING = frozenset("([{—–/")
_EDGE_PUNCTUATION = frozenset(",;:.!?—–-")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–…")
_OPEN, _CLOSE, _EITHER = 1, -1, 0
_ATTRIBUTE = re.compile(r'\w=(")[^"\n]*(")')  # markup left in the text: author="..."
_LABELLED_LINE = re.compile(r"^[ \t]*([^:\n]{2,60}?):[ \t]+([^\n]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Marked:
    """A stretch of text between quote marks: the content and where the marks are."""

    start: int
    end: int
    open_at: int  # the opening mark
    close_end: int  # just past the closing mark; ``end`` when the quote is left open
    paragraph: int
    continues: bool = False  # left open at a paragraph end, the next paragraph re-opens


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A speaker as written, with the canonical name it resolves to (if any)."""

    start: int
    end: int
    text: str
    canonical: str | None


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: _Speaker | None
    cue: str | None


@dataclass(frozen=True, slots=True)
class _Role:
    """Words that describe an entity where it is named: "Ukrainian President", "the mayor"."""

    start: int
    entity: str
    label: str
    words: frozenset[str]


@dataclass(slots=True)
class _Context:
    """Per-document lookups shared by the steps below; built once per call."""

    doc: Doc
    text: str
    entities: EntityIndex
    token_starts: list[int]
    paragraphs: list[tuple[int, int]]  # spans of the non-blank lines
    paragraph_starts: list[int]
    mention_starts: list[int]  # of entities.mentions, which are sorted by start
    quoted: list[_Marked] = field(default_factory=list)
    quoted_starts: list[int] = field(default_factory=list)
    cue_tokens: list[int] = field(default_factory=list)
    speakers: dict[int, _Speaker | None] = field(default_factory=dict)
    roles: list[_Role] | None = None
    people: list[tuple[int, int, str]] | None = None  # (start, end, canonical) of people
    surnames: dict[str, str] | None = None  # surname key -> full name of a person named

    def token_at(self, char: int) -> int:
        """Index of the token holding character ``char`` (the one before, in whitespace)."""
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding ``char`` (the one before, between paragraphs)."""
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def in_quote(self, char: int) -> bool:
        """Whether ``char`` lies inside the content of a direct quote."""
        index = bisect.bisect_right(self.quoted_starts, char) - 1
        return index >= 0 and char < self.quoted[index].end


def find_quotes(doc: Doc, entities: EntityIndex) -> list[Quote]:
    """Direct and reported statements in a parsed text, with offsets into ``doc.text``.

    Never raises: a step that fails on odd input gives up its own findings, not the others'.
    """
    ctx = _context(doc, entities)
    quotes: list[Quote] = []
    try:
        quotes.extend(_direct_quotes(ctx))
    except Exception:  # noqa: BLE001 - odd input must not cost the reported statements
        ctx.quoted, ctx.quoted_starts = [], []
    with contextlib.suppress(Exception):  # nor the direct quotes already found
        quotes.extend(_reported_statements(ctx))
    quotes.sort(key=lambda q: (q.start, q.end))
    with contextlib.suppress(Exception):  # sentence indices are a convenience
        return _with_sentences(doc, quotes)
    return quotes


def _context(doc: Doc, entities: EntityIndex) -> _Context:
    paragraphs = _paragraphs(doc.text)
    starts = [start for start, _ in paragraphs]
    mention_starts = [m.start for m in entities.mentions]
    tokens = [t.idx for t in doc]
    return _Context(doc, doc.text, entities, tokens, paragraphs, starts, mention_starts)


def _with_sentences(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """Give each quote the index of its sentence among the non-blank sentences."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return quotes
    starts = [s.start_char for s in doc.sents if s.text.strip()]
    if not starts:
        return quotes
    return [replace(q, sentence=max(0, bisect.bisect_right(starts, q.start) - 1)) for q in quotes]


# --- finding the quote marks -------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Content spans between double quote marks; unbalanced marks never raise."""
    return [(m.start, m.end) for m in _scan(text, _paragraphs(text))]


def _scan(text: str, paragraphs: list[tuple[int, int]]) -> list[_Marked]:
    found: list[_Marked] = []
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


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines: news text keeps one paragraph per line."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _scan_paragraph(
    text: str, start: int, end: int, paragraph: int
) -> tuple[list[_Marked], re.Match[str] | None]:
    """Pair the marks of one paragraph; returns the quotes and a mark left open, if any.

    An opening mark of the other style inside an open quote (curly inside straight, or the
    reverse) starts a quote within the quote, which stays part of its text; a closing mark
    of the other style closes the quote, as careless typing mixes them.
    """
    found: list[_Marked] = []
    open_mark: re.Match[str] | None = None
    inner: str | None = None  # the style of a quote open inside the open one
    markup = {m.start(1) for m in _ATTRIBUTE.finditer(text, start, end)}
    markup |= {m.start(2) for m in _ATTRIBUTE.finditer(text, start, end)}
    for mark in _DOUBLE_MARK.finditer(text, start, end):
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
) -> list[_Marked]:
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
    mark = _DOUBLE_MARK.match(text, start, end)
    return mark is not None and _mark_role(text, mark.start(), mark.end()) != _CLOSE


def _content(
    text: str, start: int, end: int, open_at: int, close_end: int, paragraph: int
) -> _Marked | None:
    """The stripped content between two positions, or None when it holds no word."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return _Marked(start, end, open_at, max(close_end, end), paragraph)


def _with_continues(marked: _Marked, continues: bool) -> _Marked:
    return _Marked(
        marked.start, marked.end, marked.open_at, marked.end, marked.paragraph, continues
    )


# --- direct quotes -----------------------------------------------------------------------


def _direct_quotes(ctx: _Context) -> Iterator[Quote]:
    marked = _scan(ctx.text, ctx.paragraphs)
    ctx.quoted = marked
    ctx.quoted_starts = [m.start for m in marked]
    ctx.cue_tokens = [t.i for t in ctx.doc if _is_cue(t) and not ctx.in_quote(t.idx)]
    worth = [_worth_a_quote(ctx.text[q.start : q.end]) for q in marked]
    own = [
        _safe_frame_attribution(ctx, marked, i) if worth[i] else None for i in range(len(marked))
    ]
    previous: dict[int, _Attribution] = {}  # the last attributed quote of each paragraph
    for index, quote in enumerate(marked):
        if not worth[index]:
            continue
        found = own[index] or _chain_attribution(marked, own, index)
        if found is None:
            with contextlib.suppress(Exception):  # a quote without its speaker still counts
                found = _borrowed_attribution(ctx, marked, index, previous)
        if found is None and _word_count(ctx.text, quote) < _MIN_BARE_WORDS:
            continue
        found = found or _Attribution(None, None)
        if found.speaker is not None:
            previous[quote.paragraph] = found
        yield _quote(ctx, quote.start, quote.end, "direct", found)
        with contextlib.suppress(Exception):  # a quote within is a bonus, never a failure
            yield from list(_inner_quotes(ctx, quote, found))


def _inner_quotes(ctx: _Context, outer: _Marked, found: _Attribution) -> Iterator[Quote]:
    """Quotes inside a quote that someone else said: "She said to me, 'If we cannot ...'".

    Only when the inner speaker resolves to a named person other than the outer speaker;
    "I said, 'No ...'" is the outer speaker again and stays part of the outer quote.
    """
    outer_name = found.speaker.canonical if found.speaker else None
    for start, end in _single_quoted(ctx.text, outer.start, outer.end):
        if not _worth_a_quote(ctx.text[start:end]):
            continue
        cue = _inner_cue(ctx, outer, start)
        subject = _subject(cue) if cue is not None else None
        if subject is None or cue is None:
            continue
        speaker = _inner_speaker(ctx, subject, outer, outer_name)
        if speaker is not None and speaker.canonical not in (None, outer_name):
            yield _quote(ctx, start, end, "direct", _Attribution(speaker, _cue_text(ctx, cue)))


def _single_quoted(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
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


def _inner_cue(ctx: _Context, outer: _Marked, start: int) -> Token | None:
    """A speech verb inside the outer quote, just before the inner one."""
    doc = ctx.doc
    first = ctx.token_at(start)
    for position in range(first - 1, max(ctx.token_at(outer.start) - 1, first - 12), -1):
        token = doc[position]
        if token.text in _TERMINALS:
            break
        if _is_cue(token):
            return token
    return None


def _inner_speaker(
    ctx: _Context, subject: Token, outer: _Marked, outer_name: str | None
) -> _Speaker | None:
    """Who a subject inside a quote is: a name, or "he"/"she" named before the quote."""
    end = subject.idx + len(subject.text)
    if subject.lower_ in _PERSONAL:
        canonical = _antecedent(ctx, outer.open_at, excluding=outer_name)
        return _Speaker(subject.idx, end, subject.text, canonical)
    mention = ctx.entities.at(subject.idx, end)
    if mention is not None and mention.label == "PERSON":
        return _Speaker(mention.start, mention.end, mention.text, mention.entity)
    return None


def _worth_a_quote(content: str) -> bool:
    """Not a lone word ("a 'mess'") nor a title ("Saturday Night Live"): marks used so are
    no one's words."""
    words = _WORD.findall(content)
    if len(words) < 2:
        return False
    if len(words) > _TITLE_WORDS:
        return True
    return not all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words)


def _word_count(text: str, quote: _Marked) -> int:
    return len(text[quote.start : quote.end].split())


def _safe_frame_attribution(
    ctx: _Context, marked: list[_Marked], index: int
) -> _Attribution | None:
    """The frame attribution, or None where an odd parse trips it: the quote still counts."""
    with contextlib.suppress(Exception):
        return _frame_attribution(ctx, marked, index)
    return None


def _frame_attribution(ctx: _Context, marked: list[_Marked], index: int) -> _Attribution | None:
    """The cue and speaker next to a quote: after it first, as news writes "...," she said."""
    ended = ctx.text[marked[index].start : marked[index].end].rstrip()[-1:] == "."
    for token in _after_frame(ctx, marked, index):
        if ended and _reports_something(token):
            break  # "...done." He said the plan ... : a new sentence with its own report
        found = _attribution_at(ctx, token)
        if found is not None:
            return found
    before = _before_frame(ctx, marked, index)
    for token in reversed(before):
        found = _attribution_at(ctx, token)
        if found is not None:
            return found
    return _colon_attribution(ctx, before)


def _reports_something(token: Token) -> bool:
    return _is_cue(token) and any(c.dep_ in ("ccomp", "dobj") for c in token.children)


def _after_frame(ctx: _Context, marked: list[_Marked], index: int) -> list[Token]:
    """Tokens after the closing mark up to the sentence end, the next quote or paragraph end."""
    doc = ctx.doc
    limit = marked[index + 1].open_at if index + 1 < len(marked) else len(ctx.text)
    first = ctx.token_at(marked[index].close_end)
    if first < len(doc) and doc[first].idx < marked[index].close_end:
        first += 1
    frame: list[Token] = []
    for token in doc[first : first + _FRAME_TOKENS]:
        if token.idx >= limit or "\n" in token.text or token.text in _TERMINALS:
            break
        frame.append(token)
    return frame


def _before_frame(ctx: _Context, marked: list[_Marked], index: int) -> list[Token]:
    """Tokens before the opening mark back to the sentence start, last quote or paragraph."""
    doc = ctx.doc
    limit = marked[index - 1].close_end if index > 0 else 0
    last = ctx.token_at(marked[index].open_at) - 1
    frame: list[Token] = []
    for position in range(last, max(-1, last - _FRAME_TOKENS), -1):
        token = doc[position]
        if token.idx < limit or "\n" in token.text or token.text in _TERMINALS:
            break
        frame.append(token)
    frame.reverse()
    return frame


def _attribution_at(ctx: _Context, token: Token) -> _Attribution | None:
    """The attribution a cue token makes, or None when the token is no cue or has no speaker."""
    if not _is_cue(token):
        return None
    speaker = _speaker_of(ctx, token)
    if speaker is None:
        return None
    return _Attribution(speaker, _cue_text(ctx, token))


def _colon_attribution(ctx: _Context, before: list[Token]) -> _Attribution | None:
    """ "Pat Caddell: ..." - a name and a colon right before the quote."""
    if not before or before[-1].text != ":":
        return None
    mention = _last_mention(ctx, before[0].idx, before[-1].idx)
    if mention is None:
        return None
    speaker = _Speaker(mention.start, mention.end, mention.text, mention.entity)
    return _Attribution(speaker, ":")


def _chain_attribution(
    marked: list[_Marked], own: list[_Attribution | None], index: int
) -> _Attribution | None:
    """The cue of a later part of a quote running over several paragraphs, whose first
    paragraph often has none: the cue comes after the quote's last words."""
    while index < len(marked) - 1 and marked[index].continues:
        index += 1
        if own[index] is not None:
            return own[index]
    return None


def _borrowed_attribution(
    ctx: _Context, marked: list[_Marked], index: int, previous: dict[int, _Attribution]
) -> _Attribution | None:
    """For a quote with no cue of its own: the quote before it, else the statement before."""
    quote = marked[index]
    if quote.paragraph in previous:
        return previous[quote.paragraph]
    if index > 0 and marked[index - 1].continues and quote.paragraph - 1 in previous:
        return previous[quote.paragraph - 1]
    if _word_count(ctx.text, quote) < _MIN_BARE_WORDS:
        return None
    return _statement_before(ctx, quote)


def _statement_before(ctx: _Context, quote: _Marked) -> _Attribution | None:
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


# --- reported speech ---------------------------------------------------------------------


def _reported_statements(ctx: _Context) -> Iterator[Quote]:
    for token in ctx.doc:
        if ctx.in_quote(token.idx):
            continue
        try:
            found = list(_statements_at(ctx, token))
        except Exception:  # noqa: BLE001 - an odd parse costs only its own statements
            continue
        yield from found
    yield from _labelled_lines(ctx)


def _statements_at(ctx: _Context, token: Token) -> Iterator[Quote]:
    if token.lower_ == "according":
        yield from _according_to(ctx, token)
    elif token.pos_ in ("VERB", "AUX"):
        yield from _verb_statements(ctx, token)


def _labelled_lines(ctx: _Context) -> Iterator[Quote]:
    """ "Pat Caddell: Democrat Voters Worried ...": a line that names its speaker first."""
    for match in _LABELLED_LINE.finditer(ctx.text):
        label_start, label_end = match.span(1)
        mention = _last_mention(ctx, label_start, label_end)
        if mention is None or len(ctx.text[label_start : mention.start].split()) > 2:
            continue
        start, end = _trim_chars(ctx.text, *match.span(2))
        if _DOUBLE_MARK.match(ctx.text, start) or len(ctx.text[start:end].split()) < 3:
            continue  # a quote after the colon is a direct quote, found as such
        speaker = _Speaker(mention.start, mention.end, mention.text, mention.entity)
        yield _quote(ctx, start, end, "indirect", _Attribution(speaker, ":"))


def _verb_statements(ctx: _Context, verb: Token) -> Iterator[Quote]:
    """What a verb reports: its clause ("said that ..."), its object ("urged Congress to
    act"), its infinitive ("vowed to fight") - or the clause it interrupts."""
    content = _reported_content(verb)
    speaker = _speaker_of(ctx, verb) if content or verb.dep_ == "parataxis" else None
    if content is None:
        if verb.dep_ == "parataxis" and verb.lemma_.lower() in SPEECH_VERBS and speaker:
            found = _Attribution(speaker, _cue_text(ctx, verb))
            yield from _interrupted_clause(ctx, verb, found)
        return
    kind, parts = content
    if speaker is None and (kind != "ccomp" or verb.tag_ == "VB"):
        return  # only a clause may go unattributed ("it was reported that"), not a command
    found = _Attribution(speaker, _cue_text(ctx, verb))
    for first, last in parts:
        span = _reported_span(ctx, first, last, verb)
        if span is not None:
            yield _quote(ctx, span[0], span[1], "indirect", found)


def _reported_content(verb: Token) -> tuple[str, list[tuple[int, int]]] | None:
    """The token ranges a verb reports, by the kind of verb and the shape of its arguments."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp" and (
            lemma in REPORT_VERBS or (lemma != "be" and _introduced_by_that(child))
        ):
            return "ccomp", _clause_parts(verb, child)
    if lemma in SPEECH_VERBS:
        clause = _clause_after_phrase(verb)
        if clause is not None:
            return "ccomp", _clause_parts(verb, clause)
    if lemma in INTENT_VERBS:
        for child in children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                return "xcomp", [(child.left_edge.i, child.right_edge.i)]
    if lemma in OBJECT_VERBS:
        objects = [c for c in children if c.i > verb.i and c.dep_ in _OBJECT_DEPS]
        if objects and objects[0].dep_ in ("dobj", "dative"):
            return "dobj", [(objects[0].left_edge.i, objects[-1].right_edge.i)]
    for child in children:
        if child.dep_ == "prep" and (lemma, child.lower_) in PREP_CUES:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return "pobj", [(objects[0].left_edge.i, objects[-1].right_edge.i)]
    return None


def _clause_after_phrase(verb: Token) -> Token | None:
    """ "said in a statement that ...": a that-clause the parser hung on the phrase."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for noun in prep.children:
            for clause in noun.children:
                if clause.dep_ in ("acl", "relcl", "ccomp") and _introduced_by_that(clause):
                    return clause
    return None


def _clause_parts(verb: Token, clause: Token) -> list[tuple[int, int]]:
    """A reported clause as token ranges: "said that X and that Y" reports two things, and
    "said X and said Y" stops before the second cue, which the parser often hangs on X."""
    start = _clause_start(verb, clause)
    for child in clause.subtree:
        if child.i <= clause.i or child.dep_ != "conj":
            continue
        if _introduced_by_that(child):
            return [(start, child.left_edge.i - 1), (child.left_edge.i, child.right_edge.i)]
        if child.head is clause and child.lemma_.lower() in SPEECH_VERBS:
            return [(start, child.left_edge.i - 1)]
    return [(start, clause.right_edge.i)]


def _clause_start(verb: Token, clause: Token) -> int:
    """Where a clause starts, taking back a subject the parser gave to the verb instead:
    "said around a quarter of ticket holders lived ..." """
    if _introduced_by_that(clause) or clause.left_edge.lower_ in ("that", "whether", "if"):
        return clause.left_edge.i
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)
    doc = clause.doc
    for sibling in verb.children:
        if not verb.i < sibling.i < clause.i or sibling.dep_ == "punct":
            continue
        gap = doc[sibling.right_edge.i + 1 : clause.left_edge.i]
        long_enough = sibling.right_edge.i - sibling.left_edge.i >= 3
        if all(t.is_punct for t in gap) and (not has_subject or long_enough):
            return sibling.left_edge.i
    return clause.left_edge.i


def _introduced_by_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in clause.children)


def _interrupted_clause(ctx: _Context, verb: Token, found: _Attribution) -> Iterator[Quote]:
    """ "The deal, he said, is done": the parts of the clause on either side of the cue."""
    head = verb.head
    inner_start, inner_end = verb.left_edge.i, verb.right_edge.i
    for first, last in ((head.left_edge.i, inner_start - 1), (inner_end + 1, head.right_edge.i)):
        if last - first < 1:
            continue
        span = _reported_span(ctx, first, last, verb)
        if span is not None:
            yield _quote(ctx, span[0], span[1], "indirect", found)


def _according_to(ctx: _Context, according: Token) -> Iterator[Quote]:
    """ "..., according to the Associated Press": the source and the clause it vouches for."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return
    sentence = according.sent  # the parse of the clause around it is often broken
    phrase = (according.left_edge.i, according.right_edge.i)
    before = (sentence.start, phrase[0] - 1)
    after = (phrase[1] + 1, sentence.end - 1)
    first, last = max(before, after, key=lambda part: part[1] - part[0])
    span = _reported_span(ctx, first, last, according) if last > first else None
    if span is None:
        return
    speaker = _speaker_from_token(ctx, source)
    found = _Attribution(speaker, _cue_text(ctx, according))
    yield _quote(ctx, span[0], span[1], "indirect", found)


def _reported_span(ctx: _Context, first: int, last: int, cue: Token) -> tuple[int, int] | None:
    """The character span of a reported clause (tokens ``first..last``), or None.

    Kept to the cue's paragraph; cut before a direct quote that runs past it; None when it
    starts inside a direct quote or is mostly one (the direct quote already says it), or when
    fewer than two words are left.
    """
    span = _token_span(ctx, first, last)
    if span is None:
        return None
    floor, ceiling = ctx.paragraphs[ctx.paragraph_of(cue.idx)] if ctx.paragraphs else (0, 0)
    start, end = max(span[0], floor), min(span[1], ceiling)
    for quote in _quotes_overlapping(ctx, start, end):
        if quote.open_at <= start < quote.end:
            return None  # it starts inside the quote: the quote is what was said
        if ctx.text[end : quote.end].strip(" .,;:!?…"):  # the quote runs on past the clause
            end = min(end, quote.open_at)
    start, end = _trim_chars(ctx.text, start, end)
    if len(ctx.text[start:end].split()) < 2 or _mostly_quoted(ctx, (start, end)):
        return None
    return start, _with_closing_mark(ctx.text, start, end)


def _token_span(ctx: _Context, first: int, last: int) -> tuple[int, int] | None:
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


def _quotes_overlapping(ctx: _Context, start: int, end: int) -> list[_Marked]:
    """The direct quotes, marks included, that overlap ``[start, end)``. Quotes never overlap
    one another, so the search back stops at the first that ends before ``start``."""
    found: list[_Marked] = []
    index = bisect.bisect_right(ctx.quoted_starts, end)
    while index > 0 and ctx.quoted[index - 1].close_end > start:
        index -= 1
        if ctx.quoted[index].open_at < end:
            found.append(ctx.quoted[index])
    return found


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        end -= 1
    return start, end


def _with_closing_mark(text: str, start: int, end: int) -> int:
    """Keep the closing mark of a partial quote that ends the clause: 'found him "charming"'."""
    if end < len(text) and len(_DOUBLE_MARK.findall(text, start, end)) % 2 == 1:
        closing = _DOUBLE_MARK.match(text, end)
        if closing is not None:
            return closing.end()
    return end


def _mostly_quoted(ctx: _Context, span: tuple[int, int]) -> bool:
    """Whether a reported clause is mostly a direct quote found already."""
    start, end = span
    index = bisect.bisect_right(ctx.quoted_starts, end) - 1
    covered = 0
    while index >= 0 and ctx.quoted[index].end > start:
        quote = ctx.quoted[index]
        covered += min(end, quote.end) - max(start, quote.start)
        index -= 1
    return covered * 2 >= end - start


# --- cues and speakers -------------------------------------------------------------------


def _is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS


def _cue_text(ctx: _Context, verb: Token) -> str:
    """The cue as written: the verb, with a particle or the people told ("told reporters")."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), verb)
        return ctx.text[verb.idx : to.idx + len(to.text)]
    last = verb
    for child in verb.rights:
        adjacent = child.i == last.i + 1
        if adjacent and child.dep_ == "prt":
            last = child
        elif adjacent and verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative"):
            if child.right_edge.i - child.i <= 2:
                last = child.right_edge
        else:
            break
    return ctx.text[verb.idx : last.idx + len(last.text)]


def _speaker_of(ctx: _Context, cue: Token) -> _Speaker | None:
    """The speaker of a cue, cached per cue token."""
    if cue.i not in ctx.speakers:
        ctx.speakers[cue.i] = _find_speaker(ctx, cue)
    return ctx.speakers[cue.i]


def _find_speaker(ctx: _Context, cue: Token) -> _Speaker | None:
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        return _speaker_from_token(ctx, source) if source is not None else None
    subject = _subject(cue) or _adjacent_name(ctx, cue) or _leftmost_name(ctx, cue)
    return _speaker_from_token(ctx, subject) if subject is not None else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, climbing from "saying" or "went on to say" to the clause's own."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:  # "Supporters' trust chair Jonah Weekes said": two subjects, one a name
            chosen = next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
            return _antecedent_of_relative(chosen) if chosen.lower_ in _RELATIVE else chosen
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ not in _CLIMB_DEPS or verb.head is verb:
            return None
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp":
            verb = verb.head  # "said X and said Y" parsed with the second "said" inside X
        verb = verb.head
    return None


def _antecedent_of_relative(relative: Token) -> Token:
    """The noun a "who" refers to: the word before it, past a comma or a dash."""
    doc = relative.doc
    position = relative.i - 1
    while position >= 0 and doc[position].is_punct:
        position -= 1
    if position >= 0 and doc[position].pos_ in ("PROPN", "NOUN", "PRON"):
        return doc[position]
    return relative.head.head if relative.head.dep_ == "relcl" else relative


def _adjacent_name(ctx: _Context, cue: Token) -> Token | None:
    """A name right before or after a cue the parser gave no subject: "..., Trump said"."""
    doc = ctx.doc
    for position in (cue.i - 1, cue.i + 1):
        if 0 <= position < len(doc):
            token = doc[position]
            if token.pos_ in ("PROPN", "PRON") and not ctx.in_quote(token.idx):
                return token
    return None


def _leftmost_name(ctx: _Context, cue: Token) -> Token | None:
    """The first name in the words before a subjectless cue, back to the sentence start or a
    quote: ``"...," Callum Ferrand, head of the union (URSW), told reporters``."""
    doc = ctx.doc
    found = None
    floor = max(cue.sent.start, cue.i - _FRAME_TOKENS)
    for position in range(cue.i - 1, floor - 1, -1):
        token = doc[position]
        if ctx.in_quote(token.idx) or _DOUBLE_MARK.fullmatch(token.text):
            break
        if token.lower_ in _PERSONAL or _is_name(ctx, token):
            found = token
    return found


def _is_name(ctx: _Context, token: Token) -> bool:
    mention = ctx.entities.at(token.idx, token.idx + len(token.text))
    if mention is not None:
        return mention.label not in _PLACE_LABELS
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def _speaker_from_token(ctx: _Context, token: Token) -> _Speaker | None:
    """The speaker a subject token names: a name, a pronoun or a description."""
    if ctx.in_quote(token.idx):
        return None
    named = _named_speaker(ctx, token)
    if named is not None:
        return named
    end = token.idx + len(token.text)
    if token.lower_ in _PRONOUNS:
        canonical = _antecedent(ctx, token.idx) if token.lower_ in _PERSONAL else None
        return _Speaker(token.idx, end, token.text, canonical)
    start, end = _noun_phrase(ctx, token)
    return _Speaker(start, end, ctx.text[start:end], _resolve_description(ctx, token))


def _named_speaker(ctx: _Context, token: Token) -> _Speaker | None:
    """The name a subject gives: a mention at it or at its appositive ("the economist Jared
    Bernstein"), else a run of proper nouns the NER missed."""
    while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
        token = token.head  # "Calum" in "Calum Ferrand": the name's head
    for candidate in (token, *(c for c in token.children if c.dep_ == "appos")):
        mention = ctx.entities.at(candidate.idx, candidate.idx + len(candidate.text))
        if mention is not None:
            return _Speaker(mention.start, mention.end, mention.text, mention.entity)
    if not token.text[:1].isupper() or token.pos_ not in ("PROPN", "NOUN"):
        return None
    first = token
    while first.i > 0 and _continues_name(ctx.doc[first.i - 1]):
        first = ctx.doc[first.i - 1]
    start, end = first.idx, token.idx + len(token.text)
    text = ctx.text[start:end]
    canonical = _known_person(ctx, token.text)
    if canonical is None and token.pos_ == "PROPN":
        canonical = " ".join(person_tokens(text)) or text
    return _Speaker(start, end, text, canonical) if canonical else None


def _continues_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.text[:1].isupper()


def _known_person(ctx: _Context, surname: str) -> str | None:
    """The person named in full whose surname this is ("Zelenskyy" -> Volodymyr Zelenskyy)."""
    if ctx.surnames is None:
        ctx.surnames = {
            surname_key(m.entity): m.entity
            for m in ctx.entities.mentions
            if m.label == "PERSON" and " " in m.entity
        }
    return ctx.surnames.get(surname_key(surname))


def _noun_phrase(ctx: _Context, head: Token) -> tuple[int, int]:
    """A description as written: the head noun, its left modifiers and an "of ..." phrase."""
    first = head.left_edge
    while first.i < head.i and (first.is_punct or first.is_space or ctx.in_quote(first.idx)):
        first = ctx.doc[first.i + 1]
    last = head
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - head.i <= 6:
            last = child.right_edge
        break
    return first.idx, last.idx + len(last.text)


def _antecedent(ctx: _Context, offset: int, excluding: str | None = None) -> str | None:
    """Whom "he" or "she" at ``offset`` means: of the last few people named before it outside
    quotes, the latest who was a subject ("Adler met Lind. He said"), else the latest.
    ``excluding`` is a quote's own speaker, whom "she" inside the quote cannot mean."""
    people = _people(ctx)
    position = bisect.bisect_left(people, (offset,))
    candidates = list(reversed(people[max(0, position - 50) : position]))
    candidates = [p for p in candidates if not ctx.in_quote(p[0]) and p[2] != excluding]
    candidates = candidates[:_ANTECEDENTS]
    if not candidates:
        return None
    floor = _sentence_start_before(ctx, offset, sentences=2)
    for start, end, name in candidates:
        if start >= floor and _is_subject(ctx.doc[ctx.token_at(end - 1)]):
            return name
    return candidates[0][2]


def _is_subject(token: Token) -> bool:
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _sentence_start_before(ctx: _Context, offset: int, sentences: int) -> int:
    """Where the sentence ``sentences`` back from the one at ``offset`` starts."""
    sentence = ctx.doc[ctx.token_at(offset)].sent
    for _ in range(sentences - 1):
        if sentence.start == 0:
            break
        sentence = ctx.doc[sentence.start - 1].sent
    return sentence.start_char


def _people(ctx: _Context) -> list[tuple[int, int, str]]:
    """People named in the text: PERSON mentions, and names that are the subject of a verb
    whatever the NER made of them ("Alexei Voronek" as a PRODUCT, or missed)."""
    if ctx.people is None:
        found = {
            m.start: (m.start, m.end, m.entity)
            for m in ctx.entities.mentions
            if m.label == "PERSON"
        }
        for token in ctx.doc:
            if _may_name_a_person(ctx, token):
                named = _named_speaker(ctx, token)
                if named is not None and named.canonical is not None:
                    found.setdefault(named.start, (named.start, named.end, named.canonical))
        ctx.people = sorted(found.values())
    return ctx.people


def _may_name_a_person(ctx: _Context, token: Token) -> bool:
    """A verb's proper-noun subject, or a full name the NER missed, that no mention calls a
    place or an organisation."""
    if token.pos_ != "PROPN" or token.dep_ == "compound":
        return False
    mention = ctx.entities.at(token.idx, token.idx + len(token.text))
    if mention is not None:
        return mention.label not in _NOT_PEOPLE
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        return True
    return token.i > 0 and _continues_name(ctx.doc[token.i - 1]) and token.text[:1].isupper()


def _last_mention(ctx: _Context, start: int, end: int) -> Mention | None:
    """The last person or organisation named within ``[start, end)``."""
    mentions = ctx.entities.mentions
    first = bisect.bisect_left(ctx.mention_starts, start)
    last = bisect.bisect_left(ctx.mention_starts, end)
    found = [m for m in mentions[first:last] if m.end <= end and m.label in ("PERSON", "ORG")]
    return found[-1] if found else None


def _resolve_description(ctx: _Context, head: Token) -> str | None:
    """The entity a description means: the last one named with that role ("the mayor"), or
    failing that with the same qualifier ("the harbour master" after "harbour boss X")."""
    words = {head.lower_, head.lemma_.lower()}
    modifiers = {
        c.lower_ for c in head.children if c.dep_ in ("amod", "compound", "nmod", "poss")
    } - TITLES
    best: tuple[bool, int, int, str] | None = None
    for role in _roles(ctx):
        if role.start >= head.idx:
            break
        named_so = bool(words & role.words)
        shared = len(modifiers & role.words) if role.label == "PERSON" else 0
        if named_so or shared:
            score = (named_so, shared, role.start, role.entity)
            if best is None or score[:3] >= best[:3]:
                best = score
    return best[3] if best else None


def _roles(ctx: _Context) -> list[_Role]:
    """Role words of each named person or organisation, in text order (built once)."""
    if ctx.roles is None:
        people = [_Role(a, name, "PERSON", _role_words(ctx, a, b)) for a, b, name in _people(ctx)]
        organisations = [
            _Role(m.start, m.entity, m.label, _role_words(ctx, m.start, m.end, m.text))
            for m in ctx.entities.mentions
            if m.label == "ORG"
        ]
        ctx.roles = sorted(people + organisations, key=lambda role: role.start)
    return ctx.roles


def _role_words(ctx: _Context, start: int, end: int, name: str = "") -> frozenset[str]:
    """ "Ukrainian President <name>", "<name>, the harbour master", an organisation's name."""
    doc = ctx.doc
    first = ctx.token_at(start)
    words = {w.lower() for w in name.split()}  # an organisation is described by its name
    position = first - 1
    while position >= max(0, first - 5):
        token = doc[position]
        if token.is_punct or token.is_space or token.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        words.add(token.lower_)
        position -= 1
    root = doc[ctx.token_at(max(start, end - 1))]
    related = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        related.append(root.head)
    for other in related:
        words.add(other.lower_)
        words.update(c.lower_ for c in other.children if c.dep_ in ("amod", "compound"))
    for prep in root.children:  # "Anneliese Kjaergaard of Alberney"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words.update(c.lower_ for c in prep.subtree if c.pos_ in ("PROPN", "NOUN"))
    return frozenset(words)


# --- building Quotes ---------------------------------------------------------------------


def _quote(ctx: _Context, start: int, end: int, kind: str, found: _Attribution) -> Quote:
    speaker = found.speaker
    return Quote(
        start=start,
        end=end,
        text=ctx.text[start:end],
        kind=kind,
        speaker=speaker.text if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        speaker_canonical=speaker.canonical if speaker else None,
        cue=found.cue,
    )
