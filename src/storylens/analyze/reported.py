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

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storylens.analyze.quote_context import MINOR_WORDS, Attribution, Context, Speaker, make_quote
from storylens.analyze.quote_cues import (
    APPEARANCE_VERBS,
    BELIEF_PASSIVES,
    HEARSAY_ADVERBS,
    INTENT_VERBS,
    NOUN_CUES,
    OBJECT_VERBS,
    PREP_CUES,
    REPORT_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    cue_lemma,
    cue_text,
    is_cue,
)
from storylens.analyze.quote_marks import DOUBLE_MARK, Marked
from storylens.analyze.speakers import last_mention, speaker_from_token, speaker_of, subject_of
from storylens.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_EDGE_PUNCTUATION = frozenset(",;:.!?—–-")
_CIRCUMSTANTIAL = frozenset("at during after before since while".split())
_OBJECT_DEPS = frozenset({"dobj", "dative", "xcomp", "ccomp", "oprd", "prep"})
_TOPIC_PREPOSITIONS = frozenset({"about", "for", "of", "on", "over", "against", "to"})
_ASIDE_DEPS = frozenset({"relcl", "appos"})
_WORD_CUES = HEARSAY_ADVERBS | {"according"}
_SAID_WORDS = frozenset({"so", "yes", "no"})
_TOPIC_OF_CUE = frozenset({"about", "of"})
_ANY_CUE_VERB = SPEECH_VERBS | REPORT_VERBS | OBJECT_VERBS
_NOTHING_SAID = frozenset({"nothing", "anything", "little", "much", "goodbye", "hello", "grace"})
_JUDGEMENT_DEPS = frozenset({"xcomp", "acomp", "oprd", "attr", "ccomp"})
_JUDGEMENT_PREPOSITIONS = frozenset({"as", "like"})
_LABEL_WORDS = 4  # "NY Daily News: ...": a longer label is a heading or a sentence
_HEADINGS = frozenset(
    "the latest|update|updated|editor's note|editor’s note|note|watch|exclusive|breaking|"
    "correction|news guide|read more|related|photos|video|q|a".split("|")
)

_ELABORATION = re.compile(r"[ \t]*:[ \t]+(?=[a-z0-9$])")
_UNTENSED = frozenset({"VBG", "VBN", "VB", "JJ", "NN", "NNS", "NNP"})
_CARRIES_ON = re.compile(r"(and|or|but)\b")
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
    span = _reported_span(ctx, clause.left_edge.i, clause.right_edge.i, adverb, 3)
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
    span = _reported_span(ctx, content.left_edge.i, content.right_edge.i, adjective, 1)
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
    if prep.i > clause.i or clause.pos_ not in ("VERB", "AUX") or is_cue(clause):
        return
    if any(is_cue(c) for c in clause.children if c.dep_ in ("conj", "ccomp")):
        return
    span = _reported_span(ctx, prep.right_edge.i + 1, clause.right_edge.i, source)
    if span is not None:
        found = Attribution(speaker_from_token(ctx, source), prep.text)
        yield make_quote(ctx, span[0], span[1], "indirect", found)


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
    speaker = _noun_speaker(ctx, noun)
    span = _reported_span(ctx, content.left_edge.i, content.right_edge.i, noun)
    if span is not None:
        yield make_quote(ctx, span[0], span[1], "indirect", Attribution(speaker, noun.text))


def _complement_clause(noun: Token, clause: Token) -> bool:
    """Whether a clause after a statement noun says what the statement is: "the claim that
    ...", "a plan to ...". A participle only describes the noun: "a statement issued late
    Tuesday", "the plan rejected on Monday", "criticism following the address"."""
    if clause.dep_ != "acl" or clause.i < noun.i:
        return False
    return clause.tag_ not in ("VBN", "VBG") or _introduced_by_that(clause)


def _topic_of(noun: Token) -> Token | None:
    """What a statement is about or calls for: "concerns about the budget", "a call for
    calm" - the object of the preposition right after the noun."""
    prep = next((c for c in noun.rights if c.dep_ == "prep"), None)
    if prep is None or prep.i != noun.i + 1 or prep.lower_ not in _TOPIC_PREPOSITIONS:
        return None
    topic = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    return None if topic is None or _says_when(topic) else topic


def _says_when(phrase: Token) -> bool:
    """Whether a preposition's object is a time, not a topic: "pushed for months", "his
    statement on Tuesday morning", "spoke for the first time" say when or how long."""
    if phrase.ent_type_ in ("DATE", "TIME"):
        return True
    return phrase.lower_ == "time" and any(
        c.ent_type_ == "ORDINAL" or c.lower_ in ("last", "next") for c in phrase.children
    )


def _noun_speaker(ctx: Context, noun: Token) -> Speaker | None:
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return speaker_from_token(ctx, owner)
    if noun.dep_ == "dobj":
        subject = subject_of(noun.head)
        if subject is not None:
            return speaker_from_token(ctx, subject)
    return None


def _labelled_lines(ctx: Context) -> Iterator[Quote]:
    """ "Pat Caddell: Democrat Voters Worried ...": a line that names its speaker first."""
    for match in _LABELLED_LINE.finditer(ctx.text):
        speaker = _label_speaker(ctx, *match.span(1))
        if speaker is None:
            continue
        start, end = _trim_chars(ctx.text, *match.span(2))
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
    content = _reported_content(verb)
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
        span = _reported_span(ctx, first, last, verb, words)
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
    span = _reported_span(ctx, first, end, verb, 3)
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
    deal is done" (an "as" clause set off by a comma)."""
    if cue_lemma(verb) not in SPEECH_VERBS:
        return False
    if verb.dep_ == "parataxis":
        return True
    if verb.dep_ != "advcl" or verb.left_edge.lower_ != "as" or verb.left_edge.dep_ != "mark":
        return False
    deps = {c.dep_ for c in verb.children}
    if "nsubj" not in deps or deps & {"dobj", "dative", "ccomp", "xcomp"}:
        return False  # "as he was told", "as she said goodbye": no aside to the clause
    doc = verb.doc
    first, last = verb.left_edge, verb.right_edge
    if first.is_sent_start:  # the comma closing it may be its own last token
        return last.text == "," or (last.i + 1 < len(doc) and doc[last.i + 1].text == ",")
    return doc[first.i - 1].text == ","


def _reported_content(verb: Token) -> tuple[str, list[tuple[int, int]]] | None:
    """The token ranges a verb reports, by the kind of verb and the shape of its arguments."""
    lemma = cue_lemma(verb)
    children = list(verb.children)
    clauses = [
        child
        for child in children
        if child.dep_ == "ccomp"
        and (lemma in REPORT_VERBS or (lemma != "be" and _introduced_by_that(child)))
        and _same_paragraph(verb, child)
    ]
    if clauses:
        clause = _reported_clause(verb, clauses)
        parts = _with_run_on(_clause_parts(verb, clause), clause, clauses)
        return "ccomp", _interrupted_start(verb, clause, clauses) + parts
    if lemma in SPEECH_VERBS:
        after_phrase = _clause_after_phrase(verb)
        if after_phrase is not None:
            return "ccomp", _clause_parts(verb, after_phrase)
    if lemma == "say":
        said = _said_object(verb)
        if said is not None:
            return "said", [(said.left_edge.i, said.right_edge.i)]
    return _reported_object(verb, lemma, children)


def _reported_object(
    verb: Token, lemma: str, children: list[Token]
) -> tuple[str, list[tuple[int, int]]] | None:
    """What a verb with no clause to report says: its infinitive ("vowed to fight"), the
    object of its preposition ("called for a recount") or its own object ("endorsed Cole")."""
    if lemma in INTENT_VERBS:
        for child in children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                return "xcomp", [(child.left_edge.i, child.right_edge.i)]
    for child in children:  # "accused Ebert of lying": the charge, and whom it is laid on
        if child.dep_ == "prep" and child.i > verb.i and _prep_cue(lemma, child):
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects and not _says_when(objects[0]):
                start = _charged_start(verb, child, objects[0])
                end = _called_to(verb, child, objects[-1].right_edge.i)
                return "pobj", [(start, _with_completion(verb, end))]
    if lemma in OBJECT_VERBS:
        objects = [c for c in children if c.i > verb.i and c.dep_ in _OBJECT_DEPS]
        if objects and objects[0].dep_ in ("dobj", "dative"):
            start, end = _object_range(objects)
            return "dobj", [(start, _with_completion(verb, end))]
    return None


def _prep_cue(lemma: str, prep: Token) -> bool:
    """Whether a verb and a preposition after it name a statement's topic: a pair known as
    one ("called for", "accused of"), or a cue verb of speech or stance with "about" or "of"
    ("complained about the delays", "spoke of a crisis")."""
    if (lemma, prep.lower_) in PREP_CUES:
        return True
    return prep.lower_ in _TOPIC_OF_CUE and prep.i > prep.head.i and lemma in _ANY_CUE_VERB


def _said_object(verb: Token) -> Token | None:
    """What "say" has in place of a clause: "said yes", "said so", "said the same of
    Sanders", or a clause the parser took for an object ("said legalizing it could ...")."""
    for child in verb.rights:
        if child.lower_ in _NOTHING_SAID:
            return None  # "said nothing", "said goodbye": no statement
        if child.dep_ in ("dobj", "xcomp") or child.lower_ in _SAID_WORDS:
            return child
    return None


def _reported_clause(verb: Token, clauses: list[Token]) -> Token:
    """Which of a verb's clausal complements it reports: the one after it where there is
    one. The parser hangs a sentence's earlier clause on the last verb ("Six in 10 said X;
    46 percent said Y", "He ripped them: he said Y"), and that clause is not what it said."""
    after = [clause for clause in clauses if clause.i > verb.i]
    return after[0] if after else clauses[0]


def _interrupted_start(verb: Token, clause: Token, clauses: list[Token]) -> list[tuple[int, int]]:
    """The first part of a clause its cue interrupts, where the parser made it a clause of
    its own: in "There is a risk, some aides said, that the vote fails" the risk is what
    was said, and the clause after the cue alone would state the failure as certain."""
    before = [c for c in clauses if c.i < verb.i]
    if clause.i < verb.i or not before or _reports_within(before[-1]):
        return []
    first, last = before[-1].left_edge.i, before[-1].right_edge.i
    if not (_comma_after(before[-1].right_edge) and _comma_after(verb)):
        return []  # "X, he said Y": not one clause around an aside
    doc = verb.doc
    while first < last and doc[first].dep_ == "cc":
        first += 1  # "But there is a risk": the conjunction is the writer's link
    return [(first, last)]


def _reports_within(clause: Token) -> bool:
    """Whether a clause holds a cue or a quote of its own ("He said X, and when asked, he
    said, ...", "He fulminated - ''I love it,'' he said, ..."): then it is the writer's
    account, not the first half of the later cue's statement."""
    return any(
        t.is_quote or (t.pos_ == "VERB" and cue_lemma(t) in REPORT_VERBS) for t in clause.subtree
    )


def _with_run_on(
    parts: list[tuple[int, int]], clause: Token, clauses: list[Token]
) -> list[tuple[int, int]]:
    """A clause with the rest of it that the parser hung on the cue as a second clause:
    in "said the ferries delayed by the storm were back", it reads "the ferries delayed"
    as one clause and "were back" as another. A clause right after the reported one, with
    nothing between them and no "that" of its own, is the same statement."""
    end = parts[-1][1]
    for other in sorted(clauses, key=lambda c: c.i):
        first = other.left_edge
        if other.i <= clause.i or first.i != end + 1 or _introduced_by_that(other):
            continue
        if first.is_punct or first.pos_ in ("CCONJ", "SCONJ"):
            continue  # ", it showed ...", "and that ...": a clause of its own
        end = other.right_edge.i
    if end == parts[-1][1]:
        return parts
    return [*parts[:-1], (parts[-1][0], end)]


def _called_to(verb: Token, prep: Token, end: int) -> int:
    """Where a cue and preposition's statement ends: past what the one named is called on
    to do ("called on Congress to act"), which the parser hangs on the verb."""
    for child in verb.rights:
        if child.dep_ == "xcomp" and child.left_edge.i == end + 1 and child.i > prep.i:
            return child.right_edge.i
    return end


def _with_completion(verb: Token, end: int) -> int:
    """Where a statement ends with what completes its object (the object ends at ``end``):
    what the object is described as ("referred to the harbour board as a closed shop",
    "described the levy as a tax on trade") - the "as" phrase, or a clause without a tense
    ("as the town turning its back") - else the infinitive after it (:func:`_with_infinitive`).
    An "as" clause with a tense ("as the vote began") says when, not what."""
    for child in verb.rights:
        if child.left_edge.i != end + 1 or child.left_edge.lower_ != "as":
            continue
        if child.dep_ == "prep" or (child.dep_ == "advcl" and child.tag_ in _UNTENSED):
            return child.right_edge.i
    return _with_infinitive(verb, end)


def _with_infinitive(verb: Token, end: int) -> int:
    """Where a statement ends with the infinitive right after its object, which the parser
    hangs on the verb as a purpose: "praised the council's efforts to save the pier",
    "proposed $2 million in funds to repair the harbour" - what the effort or the funds are
    for is part of what was praised or proposed."""
    for child in verb.rights:
        if child.left_edge.i != end + 1 or child.dep_ not in ("advcl", "xcomp"):
            continue
        if child.tag_ == "VB" and child.left_edge.lower_ == "to":
            return child.right_edge.i
    return end


def _charged_start(verb: Token, prep: Token, first_object: Token) -> int:
    """Where a cue and preposition's statement starts: at the verb's object before the
    preposition where there is one. "blamed the storm for the delays" says the storm caused
    them; "the delays" alone loses who is held to account."""
    held = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < prep.i), None)
    return held.left_edge.i if held is not None else first_object.left_edge.i


def _same_paragraph(verb: Token, child: Token) -> bool:
    """Whether no line break lies between a verb and its argument: the parser runs a
    sentence on over a paragraph's end ("...,” he said.\n\nObama said the accord ..."), and
    a clause in another paragraph is not what this verb reports."""
    low, high = sorted((verb.i, child.i))
    return not any("\n" in t.text for t in verb.doc[low:high])


def _object_range(objects: list[Token]) -> tuple[int, int]:
    """The object with what completes it ("urged Congress to act", "called it a disaster"),
    but not where or when ("endorsed Cole at a rally"), which is no part of the stance."""
    while len(objects) > 1 and objects[-1].lower_ in _CIRCUMSTANTIAL:
        objects = objects[:-1]
    return objects[0].left_edge.i, objects[-1].right_edge.i


def _clause_after_phrase(verb: Token) -> Token | None:
    """ "said in a statement that ...", "said in one of a series of messages that ...": a
    that-clause the parser hung on a phrase after the verb, however deep."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for clause in prep.subtree:
            if clause.dep_ in ("acl", "relcl", "ccomp") and _introduced_by_that(clause):
                return clause
    return None


def _clause_parts(verb: Token, clause: Token) -> list[tuple[int, int]]:
    """A reported clause as token ranges: "said that X and that Y" reports two things, and
    "said X and said Y" stops before the second cue, which the parser often hangs on X."""
    start = _clause_start(verb, clause)
    if start < verb.i < clause.i:
        return _after_the_cue(verb, clause)
    for child in clause.subtree:
        if child.i <= clause.i or child.dep_ != "conj":
            continue
        if _introduced_by_that(child):
            return [(start, child.left_edge.i - 1), (child.left_edge.i, child.right_edge.i)]
        if child.head.i == clause.i and _reports_again(child):
            return [(start, child.left_edge.i - 1)]
    return [(start, clause.right_edge.i)]


def _after_the_cue(verb: Token, clause: Token) -> list[tuple[int, int]]:
    """A clause whose first word comes before its cue - the relative word of "a plan which
    officials say could fail" - as its words after the cue: the span must not take in the
    cue and its speaker, and a lone "which" says nothing."""
    after = min(t.i for t in clause.subtree if t.i > verb.i)
    return [(after, clause.right_edge.i)]


def _reports_again(verb: Token) -> bool:
    """A second cue joined to the clause ("... and criticized him for it"): the writer
    speaking again, not part of what was said. A bare "and continued" is no such cue."""
    lemma = cue_lemma(verb)
    if verb.pos_ != "VERB" or lemma not in REPORT_VERBS | OBJECT_VERBS:
        return False
    if verb.tag_ == "VB":
        return False  # "she would do an about-face and support the deal": what she'd do
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


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


def _interrupted_clause(ctx: Context, verb: Token, found: Attribution) -> Iterator[Quote]:
    """ "The deal, he said, is done": the parts of the clause on either side of the cue."""
    head = verb.head
    inner_start, inner_end = _aside_start(verb), verb.right_edge.i
    for first, last in ((head.left_edge.i, inner_start - 1), (inner_end + 1, head.right_edge.i)):
        if last - first < 1:
            continue
        span = _reported_span(ctx, first, last, verb)
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
    closed = verb.right_edge.text == "," or _comma_after(verb.right_edge)
    return start if set_off and closed else verb.left_edge.i


def _words_before(head: Token, aside: Token) -> bool:
    """Whether a clause has words of its own before the aside that interrupts it."""
    return any(c.i < aside.i and c != aside and not c.is_punct for c in head.children)


def _comma_after(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ","


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
        span = _reported_span(ctx, first, last, according)
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


def _reported_span(
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
    start, end = _trim_chars(ctx.text, start, end)
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


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
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
