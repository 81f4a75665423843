"""What a reporting verb says, as token ranges: the clause it reports ("said that ..."),
split where it reports two things ("that X and that Y") or where a second cue joins it, and
taking in the first half of a clause the cue interrupts; the infinitive of a verb of intent
("vowed to fight"); the object of a cue and preposition ("called for a recount", "accused
them of lying"); the object of a verb of stance or speech with what completes it ("urged
Congress to act", "described the levy as a tax on trade"). Also the tests on tokens that the
cue families share: a "that" clause, a comma after a token, a phrase that says when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.analyze.quote_cues import (
    CUE_VERBS,
    INTENT_VERBS,
    OBJECT_VERBS,
    PREP_CUES,
    REPORT_VERBS,
    SPEECH_VERBS,
    cue_lemma,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

_CIRCUMSTANTIAL = frozenset("at during after before since while".split())
_OBJECT_DEPS = frozenset({"dobj", "dative", "xcomp", "ccomp", "oprd", "prep"})
_OBJECTS = frozenset({"dobj", "dative", "oprd"})
_SAID_WORDS = frozenset({"so", "yes", "no"})
_TOPIC_OF_CUE = frozenset({"about", "of"})
_NOTHING_SAID = frozenset({"nothing", "anything", "little", "much", "goodbye", "hello", "grace"})
_UNTENSED = frozenset({"VBG", "VBN", "VB", "JJ", "NN", "NNS", "NNP"})


def reported_content(verb: Token) -> tuple[str, list[tuple[int, int]]] | None:
    """The token ranges a verb reports, by the kind of verb and the shape of its arguments."""
    lemma = cue_lemma(verb)
    children = list(verb.children)
    clauses = [
        child
        for child in children
        if child.dep_ == "ccomp"
        and (lemma in REPORT_VERBS or (lemma != "be" and introduced_by_that(child)))
        and _same_paragraph(verb, child)
    ]
    if clauses and not (all(c.i < verb.i for c in clauses) and _object_after(verb)):
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


def _object_after(verb: Token) -> bool:
    """Whether a verb has an object of its own right after it. Then a clause before it is one
    the parser hung on it ("She drew his ire - he called her 'weak'"), not what it reports;
    a remark further on ("..., the office reported -- a development that ...") is no object."""
    return any(c.dep_ in _OBJECTS and c.left_edge.i == verb.i + 1 for c in verb.children)


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
            if objects and not says_when(objects[0]):
                start = _charged_start(verb, child, objects[0])
                end = _called_to(verb, child, objects[-1].right_edge.i)
                return "pobj", [(start, _with_completion(verb, end))]
    demanded = _called_for(verb, lemma)
    if demanded is not None:
        return "pobj", [demanded]
    if lemma in OBJECT_VERBS:
        objects = [c for c in children if c.i > verb.i and c.dep_ in _OBJECT_DEPS]
        if objects and _names_its_object(verb, objects[0]):
            start, end = _object_range(objects)
            return "dobj", [(start, _with_completion(verb, end))]
    return None


def _called_for(verb: Token, lemma: str) -> tuple[int, int] | None:
    """ "called for the mayor to resign": a preposition the parser read as the mark of a
    clause, which the pair ("call for", "push for") reports as a whole."""
    for child in verb.rights:
        mark = child.left_edge
        if child.dep_ == "advcl" and mark.dep_ == "mark" and mark.i == verb.i + 1:
            return (mark.i + 1, child.right_edge.i) if _prep_cue(lemma, mark) else None
    return None


def _names_its_object(verb: Token, first: Token) -> bool:
    """Whether a verb's first object is what it says: a direct object, or a predicate the
    parser hung on the verb ("called her 'weak'"), but not the name in "a group called
    the Harbour Watch", which only names it."""
    if first.dep_ == "oprd":
        return verb.dep_ != "acl"
    if first.dep_ == "xcomp":  # "denied taking bribes", not "urged on, pressing ahead"
        return first.tag_ == "VBG" and first.left_edge.i == verb.i + 1
    return first.dep_ in ("dobj", "dative")


def _prep_cue(lemma: str, prep: Token) -> bool:
    """Whether a verb and a preposition after it name a statement's topic: a pair known as
    one ("called for", "accused of"), or a cue verb of speech or stance with "about" or "of"
    ("complained about the delays", "spoke of a crisis")."""
    if (lemma, prep.lower_) in PREP_CUES:
        return True
    return prep.lower_ in _TOPIC_OF_CUE and prep.i > prep.head.i and lemma in CUE_VERBS


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
    if not (comma_after(before[-1].right_edge) and comma_after(verb)):
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
        if other.i <= clause.i or first.i != end + 1 or introduced_by_that(other):
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
            if clause.dep_ in ("acl", "relcl", "ccomp") and introduced_by_that(clause):
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
        if introduced_by_that(child):
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
    if verb.pos_ != "VERB" or lemma not in CUE_VERBS:
        return False
    if verb.tag_ == "VB":
        return False  # "she would do an about-face and support the deal": what she'd do
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def _clause_start(verb: Token, clause: Token) -> int:
    """Where a clause starts, taking back a subject the parser gave to the verb instead:
    "said around a quarter of ticket holders lived ..." """
    if introduced_by_that(clause) or clause.left_edge.lower_ in ("that", "whether", "if"):
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


def introduced_by_that(clause: Token) -> bool:
    """Whether a "that" or "whether" introduces a clause: "said that ...", "asked whether ..."."""
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in clause.children)


def comma_after(token: Token) -> bool:
    """Whether a comma follows a token."""
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ","


def says_when(phrase: Token) -> bool:
    """Whether a preposition's object is a time, not a topic: "pushed for months", "his
    statement on Tuesday morning", "spoke for the first time" say when or how long."""
    if phrase.ent_type_ in ("DATE", "TIME"):
        return True
    return phrase.lower_ == "time" and any(
        c.ent_type_ == "ORDINAL" or c.lower_ in ("last", "next") for c in phrase.children
    )
