"""Reported speech: statements attributed without quote marks, read from the parse.

- The clausal complement of a reporting verb ("Ivo Strand suggested that ..."), split where
  it reports two things ("that X and that Y") or where a second cue joins it.
- The object of a verb of stance or speech ("endorsed the plan", "urged Congress to act"),
  the infinitive of a verb of intent ("vowed to fight"), the object of a cue and preposition
  ("called for a recount", "accused them of lying").
- The complement of a statement noun ("her claim that ...", "concerns about the budget")
  or of a stance adjective ("critical of the plan", "confident that ...").
- Judgements credited to no one named, from what is judged to the judgement's end: "the
  team seemed paralyzed", "Trump is expected to win", "the deal is seen as a victory", and
  hearsay ("the group is reportedly spending ...").
- The clause an "according to X" phrase vouches for, the clause after a source that opens
  its sentence ("In a survey, ..."), the two halves of a clause around a parenthetical cue
  ("The deal, he said, is done", "As Kell noted, the deal is done") and a line that names its
  speaker first ("Poll: ...").

A statement inside another one is part of what was said and is not reported again. A quote
that opens inside a reported clause belongs to it, marks and all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storylens.analyze.quote_context import MINOR_WORDS, Attribution, Context, Speaker, make_quote
from storylens.analyze.quote_cues import (
    APPEARANCE_VERBS,
    BELIEF_PASSIVES,
    HEARSAY_ADVERBS,
    NOUN_CUES,
    REPORT_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    cue_lemma,
    cue_text,
    is_cue,
)
from storylens.analyze.quote_marks import DOUBLE_MARK
from storylens.analyze.reported_content import (
    comma_after,
    introduced_by_that,
    reported_content,
    says_when,
)
from storylens.analyze.reported_span import reported_span, trim_chars
from storylens.analyze.speakers import last_mention, speaker_from_token, speaker_of, subject_of
from storylens.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_TOPIC_PREPOSITIONS = frozenset({"about", "for", "of", "on", "over", "against", "to"})
_SOURCE_PREPOSITIONS = frozenset({"from", "by"})
_FRAMING_PREPOSITIONS = frozenset({"in", "with"})
_TIME_NOUNS = frozenset("era age time period day week month year decade century".split())
_WORD_CUES = HEARSAY_ADVERBS | {"according"}
_JUDGEMENT_DEPS = frozenset({"xcomp", "acomp", "oprd", "attr", "ccomp"})
_JUDGEMENT_PREPOSITIONS = frozenset({"as", "like"})
_LABEL_WORDS = 4  # "NY Daily News: ...": a longer label is a heading or a sentence
_HEADINGS = frozenset(
    "the latest|update|updated|editor's note|editor’s note|note|watch|exclusive|breaking|"
    "correction|news guide|read more|related|photos|video|q|a".split("|")
)

_LABELLED_LINE = re.compile(r"^[ \t]*([^:\n]{2,60}?):[ \t]+([^\n]+)", re.MULTILINE)


def outermost(statements: list[Quote]) -> list[Quote]:
    """Reported statements that start outside every earlier one: "said the mayor had
    praised the plan" reports one statement, and the praise inside it is part of what was
    said - even where that runs on past the statement's end, which stops before a closing
    aside ("said she would vote for Strand, the mayor since 2019")."""
    statements.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quote] = []
    reach = -1
    for statement in statements:
        if statement.start < reach:
            continue
        kept.append(statement)
        reach = max(reach, statement.end)
    return kept


def reported_statements(ctx: Context) -> Iterator[Quote]:
    """Every reported statement outside the direct quotes; an odd parse costs only its own."""
    for token in ctx.doc:
        if token.pos_ not in _CUE_POS and token.lower_ not in _WORD_CUES:
            continue  # most words can be no cue: skip them first, this runs on every token
        if ctx.in_quote(token.idx):
            continue
        try:
            found = list(_statements_at(ctx, token))
        except Exception:  # noqa: BLE001 - an odd parse costs only its own statements
            continue
        yield from found
    yield from _labelled_lines(ctx)


def _statements_at(ctx: Context, token: Token) -> Iterator[Quote]:
    if token.lower_ == "according":
        yield from _according_to(ctx, token)
    elif token.lower_ in HEARSAY_ADVERBS:
        yield from _hearsay(ctx, token)
    elif token.pos_ in ("VERB", "AUX"):
        perceived = list(_perceived_statements(ctx, token))
        yield from perceived or _verb_statements(ctx, token)
    elif token.pos_ == "ADJ":
        yield from _stance_statements(ctx, token)
    elif token.pos_ == "NOUN":
        lemma = token.lemma_.lower()
        if lemma in NOUN_CUES:
            yield from _noun_statements(ctx, token)
        if lemma in SOURCE_NOUNS and token.dep_ == "pobj":
            yield from _sourced_clause(ctx, token)


def _hearsay(ctx: Context, adverb: Token) -> Iterator[Quote]:
    """ "The group is reportedly spending $1.5 million": the clause, vouched for by no one
    named, as one statement (PolNeAR marks the parts around the adverb apart; "The group is"
    alone says nothing). A clause that itself reports ("reportedly said that ...") is the
    verb's."""
    clause = adverb.head
    if adverb.dep_ != "advmod" or clause.pos_ not in ("VERB", "AUX") or is_cue(clause):
        return
    span = reported_span(ctx, clause.left_edge.i, clause.right_edge.i, adverb, 3)
    if span is not None:
        yield make_quote(ctx, span[0], span[1], "indirect", Attribution(None, adverb.text))


def _stance_statements(ctx: Context, adjective: Token) -> Iterator[Quote]:
    """What a stance in an adjective reports: "was confident that the vote would pass",
    "is critical of the plan", "was eager to leave". Its speaker is the subject of the verb
    it completes; "it is unclear whether ..." is no one's."""
    if adjective.dep_ not in ("acomp", "oprd") or adjective.head.pos_ not in ("AUX", "VERB"):
        return
    content = _stance_content(adjective)
    if content is None:
        return
    subject = subject_of(adjective.head)
    speaker = None
    if subject is not None and subject.dep_ != "expl" and subject.lower_ != "it":
        speaker = speaker_from_token(ctx, subject)
    if speaker is None and content.dep_ != "ccomp":
        return
    span = reported_span(ctx, content.left_edge.i, content.right_edge.i, adjective, 1)
    if span is not None:
        found = Attribution(speaker, adjective.text)
        yield make_quote(ctx, span[0], span[1], "indirect", found)


def _stance_content(adjective: Token) -> Token | None:
    """The clause after any adjective ("clear that ..."), the infinitive or the object of
    the preposition after one of stance ("eager to ...", "critical of ...")."""
    stance = adjective.lemma_.lower() in STANCE_ADJECTIVES
    for child in adjective.rights:
        if child.dep_ == "ccomp":
            return child
        if stance and child.dep_ == "xcomp":
            return child
        if stance and child.dep_ == "prep" and child.i == adjective.i + 1:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _sourced_clause(ctx: Context, source: Token) -> Iterator[Quote]:
    """ "In a statement, the council said ..." is the verb's; but "In the poll, Marsh leads
    by six points" or "In his memoir, he is harsh on ..." - a sentence opening with the
    source it comes from - reports the clause after it."""
    prep = source.head
    clause = prep.head
    if prep.lower_ != "in" or not _opens_sentence(prep):
        return
    if prep.i > clause.i or clause.pos_ not in ("VERB", "AUX") or _reports(clause):
        return  # "In a study, they estimated that ...": the verb's own statement
    if any(is_cue(c) for c in clause.children if c.dep_ in ("conj", "ccomp")):
        return
    span = reported_span(ctx, prep.right_edge.i + 1, clause.right_edge.i, source)
    if span is not None:
        found = Attribution(speaker_from_token(ctx, source), prep.text)
        yield make_quote(ctx, span[0], span[1], "indirect", found)


def _reports(verb: Token) -> bool:
    """Whether a verb reports something of its own: a speech verb, or a verb of belief with
    its clause ("estimated that ...")."""
    if is_cue(verb):
        return True
    return cue_lemma(verb) in REPORT_VERBS and any(c.dep_ == "ccomp" for c in verb.children)


def _opens_sentence(token: Token) -> bool:
    """Whether a token starts its sentence, or follows only a mark or a dash there."""
    if token.is_sent_start:
        return True
    before = token.doc[token.i - 1]
    return bool(before.is_sent_start and before.is_punct)


def _noun_statements(ctx: Context, noun: Token) -> Iterator[Quote]:
    """What a statement noun reports: "her claim that the vote was rigged", "his plan to
    cut taxes", "the call for a recount". Its speaker is the owner ("her"), else the subject
    of the verb it is the object of ("Abara repeated the claim that ...")."""
    content = next((c for c in noun.children if _complement_clause(noun, c)), None)
    if content is None:
        content = _topic_of(noun)
    if content is None:
        return
    speaker = noun_speaker(ctx, noun)
    span = reported_span(ctx, content.left_edge.i, content.right_edge.i, noun)
    if span is not None:
        yield make_quote(ctx, span[0], span[1], "indirect", Attribution(speaker, noun.text))


def _complement_clause(noun: Token, clause: Token) -> bool:
    """Whether a clause after a statement noun says what the statement is: "the claim that
    ...", "a plan to ...". A participle only describes the noun: "a statement issued late
    Tuesday", "the plan rejected on Monday", "criticism following the address"."""
    if clause.dep_ != "acl" or clause.i < noun.i:
        return False
    return clause.tag_ not in ("VBN", "VBG") or introduced_by_that(clause)


def _topic_of(noun: Token) -> Token | None:
    """What a statement is about or calls for: "concerns about the budget", "a call for
    calm" - the object of the preposition right after the noun."""
    prep = next((c for c in noun.rights if c.dep_ == "prep"), None)
    if prep is None or prep.i != noun.i + 1 or prep.lower_ not in _TOPIC_PREPOSITIONS:
        return None
    topic = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    return None if topic is None or says_when(topic) else topic


def noun_speaker(ctx: Context, noun: Token) -> Speaker | None:
    """Whose statement a noun names: its owner ("her claim"), the source its "from" or
    "by" names ("criticism from rivals"), else who made it ("Berg made the claim")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = _source_named_after(noun)
    if owner is not None:
        return speaker_from_token(ctx, owner)
    subject = None
    if noun.dep_ == "dobj":
        subject = subject_of(noun.head)
    elif _framing_phrase(noun):  # "In a rare endorsement of Berg, Holm added ..."
        subject = subject_of(noun.head.head)
        if subject is not None and subject.pos_ not in ("PROPN", "PRON"):
            subject = None  # "in criticism of the plan, the vote ..." names no one
    return speaker_from_token(ctx, subject) if subject is not None else None


def _framing_phrase(noun: Token) -> bool:
    """Whether a statement noun heads an "in" or "with" phrase on a verb, which makes
    what the verb's subject does a statement of that kind."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in _FRAMING_PREPOSITIONS
        and prep.head.pos_ in ("VERB", "AUX")
    )


def _source_named_after(noun: Token) -> Token | None:
    """Who a "from" or "by" after a statement noun names, unless it is a time: "accusations
    from that era" came from no era."""
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in _SOURCE_PREPOSITIONS:
            source = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if source is None or says_when(source) or source.lemma_ in _TIME_NOUNS:
                return None
            return source
    return None


def _labelled_lines(ctx: Context) -> Iterator[Quote]:
    """ "Pat Caddell: Democrat Voters Worried ...": a line that names its speaker first."""
    for match in _LABELLED_LINE.finditer(ctx.text):
        speaker = _label_speaker(ctx, *match.span(1))
        if speaker is None:
            continue
        start, end = trim_chars(ctx.text, *match.span(2))
        if DOUBLE_MARK.match(ctx.text, start) or len(ctx.text[start:end].split()) < 3:
            continue  # a quote after the colon is a direct quote, found as such
        yield make_quote(ctx, start, end, "indirect", Attribution(speaker, ":"))


def _label_speaker(ctx: Context, start: int, end: int) -> Speaker | None:
    """Who a line's label names: a person or organisation at its end ("Ohio Gov. Lena
    Marsh"), else a short label in capitals ("Poll", "NY Daily News") - not a section
    heading such as "The Latest" or "Update"."""
    mention = last_mention(ctx, start, end)
    if mention is not None and len(ctx.text[start : mention.start].split()) <= 2:
        # the name must end the label: "Trump has won several states:" is a sentence
        if ctx.text[mention.end : end].strip():
            return None
        return Speaker(mention.start, mention.end, mention.text, mention.entity)
    label = ctx.text[start:end].strip()
    words = label.split()
    if not words or len(words) > _LABEL_WORDS or label.lower() in _HEADINGS:
        return None
    if label.isupper() or _names_a_place(ctx, start, end):
        return None  # "BOOM:", "Nevada:": a heading or a place, no one speaking
    if not all(w[:1].isupper() or w.lower() in MINOR_WORDS for w in words):
        return None
    first = start + ctx.text[start:end].find(label)
    return Speaker(first, first + len(label), label, None)


def _names_a_place(ctx: Context, start: int, end: int) -> bool:
    """Whether a place is named within ``[start, end)``."""
    return any(
        m.label in ("GPE", "LOC", "FAC") for m in ctx.entities.mentions if start <= m.start < end
    )


def _verb_statements(ctx: Context, verb: Token) -> Iterator[Quote]:
    """What a verb reports: its clause ("said that ..."), its object ("urged Congress to
    act"), its infinitive ("vowed to fight") - or the clause it interrupts."""
    content = reported_content(verb)
    aside = content is None and _aside_cue(verb)
    speaker = speaker_of(ctx, verb) if content or aside else None
    if content is None:
        if aside and speaker:
            found = Attribution(speaker, cue_text(ctx, verb))
            yield from _interrupted_clause(ctx, verb, found)
        return
    kind, parts = content
    if speaker is None and (kind != "ccomp" or verb.tag_ == "VB"):
        return  # only a clause may go unattributed ("it was reported that"), not a command
    found = Attribution(speaker, cue_text(ctx, verb))
    for first, last in parts:
        named = kind in ("dobj", "pobj") and _names_something(ctx.doc[first : last + 1])
        words = 1 if kind == "said" or named else 2  # "said no", "endorsed Okafor"
        span = reported_span(ctx, first, last, verb, words)
        if span is not None:
            yield make_quote(ctx, span[0], span[1], "indirect", found)


def _perceived_statements(ctx: Context, verb: Token) -> Iterator[Quote]:
    """How something looks, to no one named: "the team seemed paralyzed", "Trump is
    expected to win", "the deal is seen as a victory by his allies". One statement from what
    is judged (the subject) to the judgement's end, so that it reads as a sentence (PolNeAR
    marks the two apart, but "Mayor Varga" alone says nothing); an expletive "it" ("it seems
    that ...") or a relative pronoun ("which is expected to draw crowds"), which say nothing
    of their own, leave the judgement alone. The "by" phrase, if any, is the speaker."""
    subject = _judged_subject(verb)
    judgement = _judgement(verb) if subject is not None else None
    if subject is None or judgement is None:
        return
    agent = _agent_of(verb, judgement)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    speaker = speaker_from_token(ctx, source) if source is not None else None
    found = Attribution(speaker, cue_text(ctx, verb))
    end = judgement.right_edge.i
    if agent is not None and judgement.i < agent.i <= end:
        end = agent.left_edge.i - 1  # the believers are not part of the belief
    expletive = subject.dep_ == "expl" or (subject.lower_ == "it" and judgement.dep_ == "ccomp")
    relative = subject.lower_ in ("who", "which", "that")
    first = judgement.left_edge.i if expletive or relative else subject.left_edge.i
    span = reported_span(ctx, first, end, verb, 3)
    if span is not None:
        yield make_quote(ctx, span[0], span[1], "indirect", found)


def _judged_subject(verb: Token) -> Token | None:
    """The subject of a verb of appearance, or of a belief verb in the passive."""
    lemma = cue_lemma(verb)
    if lemma in APPEARANCE_VERBS:
        wanted = ("nsubj", "expl")
    elif lemma in BELIEF_PASSIVES and any(c.dep_ == "auxpass" for c in verb.children):
        wanted = ("nsubjpass", "expl")
    else:
        return None
    return next((c for c in verb.children if c.dep_ in wanted and c.i < verb.i), None)


def _agent_of(verb: Token, judgement: Token) -> Token | None:
    """The "by" phrase of a passive belief: the verb's agent, or a "by" the parser hung on
    the judgement's noun ("seen as a failure by most residents")."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None or verb.lemma_ not in BELIEF_PASSIVES:
        return agent
    nouns = [judgement, *(c for c in judgement.children if c.dep_ == "pobj")]
    return next((c for n in nouns for c in n.rights if c.lower_ == "by"), None)


def _judgement(verb: Token) -> Token | None:
    """What a verb of appearance or belief says of its subject: "to win", "paralyzed", "as
    a victory"."""
    for child in verb.rights:
        if child.dep_ in _JUDGEMENT_DEPS:
            return child
        if child.dep_ == "prep" and child.lower_ in _JUDGEMENT_PREPOSITIONS:
            return child
    return None


def _aside_cue(verb: Token) -> bool:
    """Whether a speech verb with nothing of its own to report is an aside to the clause it
    reports: "The deal, he said, is done" (a parataxis to the parser) or "As Kell noted, the
    deal is done" and "As reported by the Gazette, ..." (an "as" clause set off by a comma)."""
    if cue_lemma(verb) not in SPEECH_VERBS:
        return False
    if verb.dep_ == "parataxis":
        return True
    if verb.dep_ != "advcl" or verb.left_edge.lower_ != "as" or verb.left_edge.dep_ != "mark":
        return False
    deps = {c.dep_ for c in verb.children}
    if not deps & {"nsubj", "agent"} or deps & {"dobj", "dative", "ccomp", "xcomp"}:
        return False  # "as he was told", "as she said goodbye": no aside to the clause
    doc = verb.doc
    first, last = verb.left_edge, verb.right_edge
    if first.is_sent_start:  # the comma closing it may be its own last token
        return last.text == "," or (last.i + 1 < len(doc) and doc[last.i + 1].text == ",")
    return doc[first.i - 1].text == ","


def _interrupted_clause(ctx: Context, verb: Token, found: Attribution) -> Iterator[Quote]:
    """ "The deal, he said, is done": the parts of the clause on either side of the cue.
    The parser may hang the aside on an auxiliary ("is" in "is closed"): the clause is
    the verb's."""
    head = verb.head.head if verb.head.dep_ in ("aux", "auxpass") else verb.head
    inner_start, inner_end = _aside_start(verb), verb.right_edge.i
    for first, last in ((head.left_edge.i, inner_start - 1), (inner_end + 1, head.right_edge.i)):
        if last - first < 1:
            continue
        span = reported_span(ctx, first, last, verb)
        if span is not None:
            yield make_quote(ctx, span[0], span[1], "indirect", found)


def _aside_start(verb: Token) -> int:
    """Where an aside cue's own words begin: at its subject. What comes before it ("After
    the court ruled, Berg said, most stalls ...") opens the clause the aside interrupts,
    even where the parser hung it on the cue."""
    subjects = [c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ != "parataxis" or not subjects or _words_before(verb.head, verb):
        return verb.left_edge.i  # "He left, and when asked, he said, ...": not an opener
    start = subjects[0].left_edge.i
    set_off = start > verb.left_edge.i and verb.doc[start - 1].text == ","
    closed = verb.right_edge.text == "," or comma_after(verb.right_edge)
    return start if set_off and closed else verb.left_edge.i


def _words_before(head: Token, aside: Token) -> bool:
    """Whether a clause has words of its own before the aside that interrupts it."""
    return any(c.i < aside.i and c != aside and not c.is_punct for c in head.children)


def _according_to(ctx: Context, according: Token) -> Iterator[Quote]:
    """ "..., according to the Associated Press": the source and the clause it vouches for.

    The clause before the phrase, within its sentence (the clause parse is often broken);
    the words after it too where the phrase interrupts a clause ("His criticism, according
    to ..., was ..."), but not a clause of its own joined after it (", and there were ...").
    A phrase opening its sentence vouches for what follows.
    """
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return
    speaker = speaker_from_token(ctx, source)
    found = Attribution(speaker, cue_text(ctx, according))
    for first, last in _vouched_parts(according):
        span = reported_span(ctx, first, last, according)
        if span is not None:
            yield make_quote(ctx, span[0], span[1], "indirect", found)


def _vouched_parts(according: Token) -> list[tuple[int, int]]:
    """The token ranges an "according to" phrase vouches for (see :func:`_according_to`)."""
    doc = according.doc
    low, high = according.sent.start, according.sent.end - 1
    phrase_start, phrase_end = according.left_edge.i, according.right_edge.i
    before = [t for t in doc[low:phrase_start] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[phrase_end + 1 : high + 1] if not (t.is_punct or t.is_space)]
    if len(before) < 2:
        return [(phrase_end + 1, high)] if after else []
    parts = [(low, phrase_start - 1)]
    if len(after) >= 2 and after[0].dep_ != "cc" and after[0].pos_ != "CCONJ":
        parts.append((phrase_end + 1, high))
    return parts


def _names_something(tokens: Span) -> bool:
    """Whether an object is a name or a noun phrase, not a pronoun: "endorsed Okafor" says
    whom the endorsement is for, "endorsed him" needs the sentence before it."""
    return any(t.pos_ in ("PROPN", "NOUN") for t in tokens)
