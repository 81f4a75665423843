"""Events: who did what to whom, where and when, as the article states it.

Outlets agree on events more often than on wording, so the compare stage lines articles up on
events as well as on quotes and numbers. :func:`find_events` reads the dependency parse and
keeps only clauses a reader would call a stated fact:

- a content verb (not a speech verb: quotes are read elsewhere; not a light verb such as "be",
  "have", "seem") with a named actor: a known entity, a group named after one ("NATO
  leaders"), "who" standing for one, or "he"/"she" when the person was named in this sentence
  or the one before (:meth:`EntityIndex.last_before`);
- stated as having happened or as decided: not a simple present ("Siemens employs 2,000
  people" is a state), not an infinitive, not "would" outside reported speech, not hedged
  ("allegedly"), and not a relative clause that describes ("who leads the team");
- not inside quotation marks, not a question, not a condition ("if ..."), not a
  possibility ("may", "might", "could", "should"), and not in a clause reported by a speech
  or opinion verb ("Trump said Putin is seeking ..."). Clauses reported by verbs of
  announcement ("announced the U.K. would contribute ...") are kept: they state a decision.

Conventions of the :class:`~storylens.model.Event` fields:

- ``actor`` and ``target`` are canonical entity names when the phrase is (or ends in) a known
  entity ("his Ukrainian counterpart Volodymyr Zelenskyy" -> "Volodymyr Zelenskyy"), else the
  phrase as written without a leading determiner ("collective defense spending goals").
  Coordinated named actors are joined: "Lucan Ardery and Anneliese Kjaergaard". An event
  without a target is kept only for verbs that stand alone ("resigned", "died") or when the
  clause says when or where.
- ``predicate`` is the verb group as written: auxiliaries, negation, the verb, its particle
  and any "to"-infinitive chain ("agreed to raise", "would contribute", "did not meet"),
  adverbs left out. For "meet with X" the "with" is dropped, so both phrasings read "met".
  A passive with a named agent is turned round and keeps only its participle: "the boat was
  spotted by Rhys Ollerton" -> Rhys Ollerton, "spotted", boat.
- a recipient or end point goes at the end of ``target`` after "to": "350 air defense missiles
  to Ukraine", "collective defense spending goals to 5% of GDP". ``place`` holds only where
  it happened (a place, region or building after "in", "at", "near", ...).
- ``date`` is the resolved value (ISO date or interval) of the first dated time expression in
  the clause, or in the main clause for an "as"/"when"/"while" clause.
- ``negated`` is set by "not", "n't", "never" and by "refused/declined/failed to".
- ``start``/``end`` span the clause (subordinate clauses cut off), ``text`` is that span.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylens.analyze.doc_text import doc_text
from storylens.analyze.entities import EntityIndex
from storylens.model import Event, Fact, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SPEECH = frozenset(
    "say tell explain add note write claim assert insist suggest argue warn believe think hope "
    "fear hint allege ask reply respond comment predict recall describe acknowledge admit "
    "concede stress emphasise emphasize state declare tweet post share wonder feel know expect "
    "estimate accuse urge quote cite mention complain caution repeat recount joke testify "
    "speculate guess assume suppose imagine doubt deny call observe remind conclude recognize "
    "recognise profess speak talk reiterate recapitulate answer question criticise criticize "
    "praise thank blame".split()
)
_ANNOUNCE = frozenset("announce confirm reveal disclose report find show decide".split())
_LIGHT = frozenset(
    "be have do get become remain seem appear go come keep let look sound stay happen "
    "include involve mean continue start begin try need want like".split()
)
_OBJECT_PREPOSITIONS = frozenset(
    {"with", "against", "by", "for", "into", "on", "onto", "from", "toward", "towards", "over",
     "through", "across"}
)  # fmt: skip
#: Verbs that make an event without an object ("Vantelle resigned").
_INTRANSITIVE_EVENTS = frozenset(
    "resign quit die arrive leave depart retire collapse crash explode strike erupt flee escape "
    "surrender win lose land sink close open reopen fall rise launch withdraw return vote "
    "step".split()
)
_CHAIN_ONLY = frozenset("continue start begin try need want like".split())  # only with an xcomp
_CONDITIONS = frozenset({"if", "unless", "whether", "than", "once"})
_HYPOTHETICAL = frozenset({"may", "might", "could", "should", "would've", "could've", "must"})
_NEGATING_VERBS = frozenset({"refuse", "decline", "fail"})
_HEDGES = frozenset(
    "allegedly reportedly purportedly apparently possibly perhaps probably likely maybe "
    "supposedly seemingly".split()
)
_VAGUE = frozenset("something anything everything nothing what thing things one".split())
_PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "within", "around"}
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_GROUP_NOUNS = frozenset(
    "leaders officials ministers forces troops lawmakers negotiators authorities diplomats "
    "members representatives workers police soldiers governments delegates delegation "
    "prosecutors investigators regulators ministry".split()
)
_CLAUSE_CUTS = frozenset({"ccomp", "advcl", "parataxis", "relcl", "csubj", "mark", "cc", "dep"})
_NOUN_COMPLEMENTS = frozenset({"of", "with", "for", "on", "against", "about", "over", "from"})
_DETERMINERS = frozenset(
    "the a an their its his her our your my this that these those some".split()
)
_NOUN_MODIFIERS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "punct",
     "advmod"}
)  # fmt: skip
_DROPPED_PREPOSITION = {"meet": "with"}
_TIME_CLAUSE_MARKS = frozenset({"as", "when", "while", "after", "before"})
_OPENING = '“"«'
_CLOSING = '”"»'
_MAX_PHRASE = 12


@dataclass(frozen=True, slots=True)
class _Clause:
    """The pieces of one event before it becomes an Event."""

    verbs: tuple[Token, ...]  # the verb chain: "agreed" -> "raise"
    actor: str
    actor_tokens: tuple[int, int]  # token span of the actor phrase
    target: str | None
    target_tokens: tuple[int, int] | None
    preposition: Token | None = None  # of a prepositional object: "abide by"
    passive: bool = False  # turned round: the predicate is the participle alone


def find_events(doc: Doc, entities: EntityIndex, times: Sequence[Fact]) -> list[Event]:
    """The events the text states, in order (see the module docstring for what is kept)."""
    quoted = _quoted_regions(doc_text(doc))
    starts = [sent.start for sent in doc.sents if sent.text.strip()]
    events: list[Event] = []
    seen: set[tuple[int, str | None, str, str | None]] = set()
    for verb in doc:
        if not _is_candidate(verb, quoted):
            continue
        try:
            event = _event(verb, entities, times, starts)
        except (ValueError, IndexError, KeyError):  # an odd parse must not cost the other events
            event = None
        if event is None:
            continue
        key = (event.sentence, event.actor, event.predicate, event.target)
        if key not in seen:
            seen.add(key)
            events.append(event)
    return events


# -- which verbs -------------------------------------------------------------------------------


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks, where the words are a speaker's, not a fact."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if opened is None and char in _OPENING:
            opened = index
        elif opened is not None and char in _CLOSING and (char != '"' or index > opened):
            regions.append((opened, index + 1))
            opened = None
        elif opened is not None and char == "\n" and text[index + 1 : index + 2] == "\n":
            opened = None  # a quote never spans paragraphs without reopening
    return regions


def _inside(offset: int, regions: list[tuple[int, int]]) -> bool:
    starts = [start for start, _ in regions]
    index = bisect_right(starts, offset) - 1
    return index >= 0 and regions[index][0] <= offset < regions[index][1]


def _is_candidate(verb: Token, quoted: list[tuple[int, int]]) -> bool:
    """A content verb heading a clause the article states as fact."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "conj", "ccomp", "advcl", "relcl"):
        return False
    if not verb.text[:1].isalpha() or verb.text.isupper():
        return False  # punctuation read as a verb, or a headline in capitals
    lemma = verb.lemma_.lower()
    if lemma in _SPEECH or lemma in _ANNOUNCE:
        return False
    has_chain = any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children)
    if lemma in _LIGHT and not (lemma in _CHAIN_ONLY and has_chain):
        return False
    if _inside(verb.idx, quoted) or verb.sent.text.rstrip().endswith("?"):
        return False
    return _is_stated(verb) and not _reported_by_speech(verb)


def _is_stated(verb: Token) -> bool:  # noqa: PLR0911 - one reason a line
    """Whether the verb's form states that something happened (or will, as announced)."""
    auxiliaries = _auxiliaries(verb)
    if verb.tag_ in ("VB", "VBG") and not auxiliaries:
        return False  # an imperative, or a noun read as a verb ("harbour master")
    if any(a.tag_ == "TO" for a in auxiliaries):
        return False  # "for Democrats to accomplish": an infinitive states no fact
    if verb.tag_ in ("VBZ", "VBP") and not auxiliaries:
        return False  # simple present: a state or habit ("Republicans control"), not an event
    if verb.dep_ != "ccomp" and any(a.lower_ in ("would", "'d") for a in auxiliaries):
        return False  # "Clinton would beat Trump": a conditional outside reported speech
    if verb.dep_ == "relcl" and _is_description(verb):
        return False
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in _SPEECH for c in verb.subtree):
        return False  # "declined to say"
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in verb.children):
        return False
    # "If Siemens closes the plant, Germany will lose jobs"
    return not any(_is_condition(c) for c in verb.children if c.dep_ == "advcl")


def _is_condition(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _is_description(verb: Token) -> bool:
    """ "who leads the team", "which runs the harbour": a standing fact, not an event."""
    auxiliaries = {a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")}
    if verb.tag_ in ("VBZ", "VBP") and not auxiliaries:
        return True
    return verb.tag_ == "VBG" and bool(auxiliaries & {"is", "are", "am", "'s", "'re"})


def _reported_by_speech(verb: Token) -> bool:
    """Whether the clause is what someone said or thought rather than what happened."""
    current = verb
    while current.head.i != current.i:
        head = current.head
        if current.dep_ in ("ccomp", "parataxis"):
            lemma = head.lemma_.lower()
            if lemma in _SPEECH:
                return True
            if lemma in _ANNOUNCE:
                return False
        current = head
    return False


# -- building one event -------------------------------------------------------------------------


def _event(
    verb: Token,
    entities: EntityIndex,
    times: Sequence[Fact],
    starts: list[int],
) -> Event | None:
    chain = _chain(verb)
    if _is_hypothetical(chain):
        return None
    sentence = max(0, bisect_right(starts, verb.i) - 1)
    clause = _parties(chain, entities, sentence)
    if clause is None:
        return None
    doc = verb.doc
    first, last = _clause_span(clause)
    span = doc[first:last]
    place = _place(clause, entities)
    if clause.target is None and not (
        clause.verbs[-1].lemma_.lower() in _INTRANSITIVE_EVENTS
        or place is not None
        or any(span.start_char <= t.start and t.end <= span.end_char for t in times)
    ):
        return None  # "Pollak observed": an intransitive verb says little without when or where
    return Event(
        actor=clause.actor,
        predicate=clause.verbs[0].text
        if clause.passive
        else _predicate(clause.verbs, clause.preposition),
        target=clause.target,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        place=place,
        date=_date(verb, span, times),
        negated=_negated(clause.verbs),
        sentence=sentence,
    )


def _chain(verb: Token) -> tuple[Token, ...]:
    """The verb and the "to"-infinitives it governs: agreed -> raise."""
    chain = [verb]
    for _ in range(3):
        current = chain[-1]
        following = [c for c in current.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        if not following:
            break
        nxt = following[0]
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children) or any(
            c.dep_ in ("dobj", "dative") and c.i < nxt.i for c in current.children
        ):
            break  # "forcing me to sleep": the object does the second verb
        chain.append(nxt)
    return tuple(chain)


def _auxiliaries(verb: Token) -> list[Token]:
    """The verb's own auxiliaries, or the first conjunct's: "will cut ... and retire"."""
    own = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    if own or verb.dep_ != "conj":
        return own
    return [c for c in verb.head.children if c.dep_ == "aux" and c.tag_ == "MD"]


def _is_hypothetical(chain: Sequence[Token]) -> bool:
    """ "may meet", "allegedly offered": not stated as fact."""
    if any(a.lower_ in _HYPOTHETICAL for a in _auxiliaries(chain[0])):
        return True
    return any(c.lower_ in _HEDGES for verb in chain for c in verb.children)


def _parties(  # noqa: PLR0911 - each way a clause fails to name its parties
    chain: Sequence[Token], entities: EntityIndex, sentence: int
) -> _Clause | None:
    """Actor and target of a verb chain, the passive turned round; None without a named actor."""
    verb, last = chain[0], chain[-1]
    found = _subject(verb)
    if found is None:
        return None
    subject, passive = found
    preposition: Token | None = None
    if passive and len(chain) == 1:
        agent = _agent(verb)
        if agent is None:
            return None
        actor_token: Token = agent
        target_token: Token | None = subject
    else:
        passive = False
        actor_token = subject
        target_token, preposition = _object(last, entities)
        if target_token is None:
            target_token = _gap_object(verb, subject)
            if target_token is None and verb.dep_ not in ("ROOT", "conj", "advcl"):
                return None  # "the worst he had seen": the object is missing, not absent
    if target_token is None and actor_token.pos_ == "PRON":
        return None  # "he returned": too little to stand as a fact on its own
    actor = _actor_name(actor_token, entities, sentence)
    if actor is None:
        return None
    target, target_tokens = None, None
    if target_token is not None:
        target = _phrase_name(target_token, entities)
        target_tokens = _phrase_tokens(target_token)
        recipient = None if passive else _recipient(last, entities, target_tokens)
        if recipient is not None:
            target = f"{target} to {recipient[0]}"
            target_tokens = (target_tokens[0], max(target_tokens[1], recipient[1]))
    if target is not None and (target == actor or not any(c.isalnum() for c in target)):
        return None
    actor_tokens = _phrase_tokens(actor_token)
    return _Clause(tuple(chain), actor, actor_tokens, target, target_tokens, preposition, passive)


def _subject(verb: Token) -> tuple[Token, bool] | None:
    """The subject and whether it is passive; borrowed from the first conjunct, or the noun a
    relative clause is about when its subject is "who", "which" or "that"."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    subjects = subjects or [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        child = subjects[-1]  # nearest: "PORT VELMAR, March 18 - Bluewake Lines will cut"
        passive = child.dep_ == "nsubjpass"
        if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head, passive
        return child, passive
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        return _subject(verb.head)
    return None


def _gap_object(verb: Token, subject: Token) -> Token | None:
    """ "the deal Trump struck", "farmland the council rezoned": the noun the clause is about."""
    if (
        verb.dep_ not in ("relcl", "ccomp")
        or subject.head.i != verb.i
        or subject.lower_ in ("who", "which", "that")
    ):
        return None
    noun = verb.head if verb.dep_ == "relcl" else None
    if verb.dep_ == "ccomp":  # "It was on farmland the council rezoned": a cleft
        objects = [t for t in verb.head.subtree if t.dep_ == "pobj" and t.i < verb.i]
        noun = objects[-1] if objects else None
    if noun is None or noun.lower_ in _VAGUE or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    return noun


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _object(verb: Token, entities: EntityIndex) -> tuple[Token | None, Token | None]:
    """The direct object, or a named entity after a preposition ("met with Zelenskyy"), with
    that preposition."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") or (child.dep_ == "oprd" and child.pos_ == "PROPN"):
            if child.lower_ in ("that", "which", "whom", "who") and verb.dep_ == "relcl":
                return verb.head, None  # "emails that Carter sent"
            if child.pos_ == "PRON" and child.lower_ not in ("them",):
                return None, None  # "reminds us": no one to name
            return child, None
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in _OBJECT_PREPOSITIONS:
            continue
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            mention = _mention(pobj, entities) or _appositive_mention(pobj, entities)
            if mention is not None and mention.label in _ACTOR_LABELS | {"LAW", "EVENT"}:
                return pobj, child
    return None, None


def _recipient(
    verb: Token, entities: EntityIndex, target: tuple[int, int]
) -> tuple[str, int] | None:
    """ "... to Ukraine", "... to 5% of GDP": where the object goes, and the token end."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "to" and child.i >= target[1]:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            if objects:
                return _phrase_name(objects[0], entities), _phrase_tokens(objects[0])[1]
        if child.dep_ == "dative" and child.i < target[0] and child.pos_ != "PRON":
            return _phrase_name(child, entities), child.i + 1
    return None


# -- naming the parties ------------------------------------------------------------------------


def _mention(token: Token, entities: EntityIndex) -> Mention | None:
    return entities.at(token.idx, token.idx + len(token.text))


def _appositive_mention(token: Token, entities: EntityIndex) -> Mention | None:
    """ "his counterpart Volodymyr Zelenskyy": the named person beside a description."""
    for child in token.children:
        if child.dep_ in ("appos", "compound") and child.i > token.i:
            mention = _mention(child, entities)
            if mention is not None and mention.label == "PERSON":
                return mention
    return None


def _actor_name(token: Token, entities: EntityIndex, sentence: int) -> str | None:
    """A canonical name for the actor, or None when the actor is not a named one."""
    if token.pos_ == "PRON":
        if token.lower_ not in ("he", "she"):
            return None
        person = entities.last_before(token.idx)
        if person is not None and person.sentence >= sentence - 1:
            return person.entity
        return None
    mention = _mention(token, entities) if token.pos_ == "PROPN" else None
    mention = mention or _appositive_mention(token, entities)
    if mention is not None and mention.label == "NORP" and token.tag_ != "NNPS":
        mention = None  # "the Kentucky Republican": a description, not a group acting
    if mention is not None and mention.label in _ACTOR_LABELS and not _is_dateline(token):
        names = [mention.entity]
        for conjunct in (c for c in token.children if c.dep_ == "conj" and c.pos_ == "PROPN"):
            other = _mention(conjunct, entities) or _appositive_mention(conjunct, entities)
            if other is not None and other.label in _ACTOR_LABELS and other.entity not in names:
                names.append(other.entity)
        return " and ".join(names)
    if token.lower_ in _GROUP_NOUNS:
        for child in token.children:
            if child.dep_ in ("compound", "amod", "poss") and child.i < token.i:
                named = _mention(child, entities)
                if named is not None and named.label in ("ORG", "GPE", "NORP"):
                    return f"{named.entity} {token.text}"
    return None


def _is_dateline(token: Token) -> bool:
    """ "PORT VELMAR, March 18 (MPA) -": the place a wire story was filed from."""
    return (
        token.text.isupper()
        and len(token.text) > 3
        and token.i - token.sent.start <= 3
        and (any(t.text in ("-", "–", "—", "(") for t in token.doc[token.i : token.i + 8]))
    )


def _phrase_tokens(head: Token) -> tuple[int, int]:
    """Token span of a noun phrase: its left modifiers, the head, "of"/"with" complements."""
    doc = head.doc
    left = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in _NOUN_MODIFIERS or child.right_edge.i != left - 1:
            break
        if child.dep_ == "punct" and child.text not in ("-", "–"):
            break
        left = child.left_edge.i
    while left < head.i and doc[left].lower_ in _DETERMINERS | {"'s", "’s"}:
        left += 1
    right = head.i
    for child in head.rights:
        keep = (
            child.dep_ in ("compound", "nummod", "appos")
            or (child.dep_ == "prep" and child.lower_ in _NOUN_COMPLEMENTS)
            or (child.dep_ in ("conj", "cc") and child.pos_ in ("NOUN", "PROPN", "CCONJ"))
        )
        if not keep or (child.i != right + 1 and doc[right + 1 : child.i].text.strip(" ,")):
            break
        right = _right_edge(child)
    if right + 1 - left > _MAX_PHRASE:
        right = head.i
    while right > head.i and (doc[right].is_punct or doc[right].pos_ == "CCONJ"):
        right -= 1
    return left, right + 1


def _right_edge(token: Token) -> int:
    """The last token of a phrase, not following it into a clause ("... flooding covering")."""
    right = token.i
    for child in token.rights:
        if child.pos_ in ("VERB", "AUX") or child.dep_ in ("relcl", "acl", "punct", "appos"):
            break
        right = max(right, _right_edge(child))
    return right


def _phrase_name(head: Token, entities: EntityIndex) -> str:
    """The canonical name of an entity phrase, else the phrase as written."""
    mention = _mention(head, entities) or _appositive_mention(head, entities)
    if mention is not None:
        return mention.entity
    start, end = _phrase_tokens(head)
    return head.doc[start:end].text


# -- the rest of the event -----------------------------------------------------------------------


def _predicate(verbs: Sequence[Token], preposition: Token | None) -> str:
    """The verb group as written: "would contribute", "agreed to raise", "did not meet"."""
    tokens: list[Token] = []
    for index, verb in enumerate(verbs):
        auxiliaries = _auxiliaries(verb) if index == 0 else [
            c for c in verb.children if c.dep_ in ("aux", "neg")
        ]  # fmt: skip
        tokens.extend(auxiliaries)
        tokens.append(verb)
        tokens.extend(c for c in verb.children if c.dep_ == "prt")
    last = verbs[-1].lemma_.lower()
    if preposition is not None and _DROPPED_PREPOSITION.get(last) != preposition.lower_:
        tokens.append(preposition)
    words: list[str] = []
    for token in sorted(set(tokens), key=lambda t: t.i):
        if words and token.lower_.replace("’", "'") in ("n't", "'ll", "'d", "'s", "'ve", "'re"):
            words[-1] += token.text
        else:
            words.append(token.text)
    return " ".join(words)


def _negated(verbs: Sequence[Token]) -> bool:
    if verbs[0].lemma_.lower() in _NEGATING_VERBS and len(verbs) > 1:
        return True
    return any(
        c.dep_ == "neg" or c.lower_ == "never" for verb in verbs for c in verb.children
    ) or any(a.dep_ == "neg" for a in _auxiliaries(verbs[0]))


def _clause_span(clause: _Clause) -> tuple[int, int]:
    """Tokens of the clause: the verb's words without its subordinate clauses, plus the actor."""
    verb = clause.verbs[0]
    indices = [verb.i, *clause.actor_tokens]
    indices.extend(t.i for t in _clause_tokens(verb))
    if clause.target_tokens is not None:
        indices.extend(clause.target_tokens)
    first, last = min(indices), max(indices)
    doc = verb.doc
    while last > first and (
        (doc[last].is_punct and doc[last].text != "%")
        or doc[last].pos_ in ("ADP", "CCONJ", "SCONJ")
        or doc[last].is_space
        or doc[last].lower_ in ("who", "which", "that")
    ):
        last -= 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return first, last + 1


def _clause_tokens(verb: Token) -> Iterable[Token]:
    """The verb's subtree without subordinate clauses, coordinated clauses and participles."""
    stack = [verb]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if not _cut(c, token, verb))


def _cut(child: Token, parent: Token, verb: Token) -> bool:
    """Whether a dependent starts something outside the clause of ``verb``."""
    if child.dep_ in _CLAUSE_CUTS or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
        return True
    if child.pos_ == "VERB" and child.dep_ != "xcomp":
        return True  # "funded by £70 million"
    if child.dep_ == "advmod" and any(t.pos_ == "VERB" for t in child.subtree):
        return True  # "more than doubling the target"
    after_comma = child.i > 0 and child.doc[child.i - 1].text == ","
    if child.dep_ == "appos" and after_comma and parent.i != verb.i:
        return parent.dep_ not in ("nsubj", "nsubjpass")  # ", the clearest sign yet of a thaw"
    return child.dep_ == "punct" and child.i > verb.i and child.text in (".", ";", "?", "!")


def _place(clause: _Clause, entities: EntityIndex) -> str | None:
    """Where it happened: the first place named after "in", "at", "near" ... in the clause."""
    for token in sorted(_clause_tokens(clause.verbs[0]), key=lambda t: t.i):
        if token.dep_ != "pobj" or token.head.lower_ not in _PLACE_PREPOSITIONS:
            continue
        mention = _mention(token, entities)
        if mention is not None and mention.label in _PLACE_LABELS:
            if mention.entity in (clause.actor, clause.target):
                continue
            return mention.entity
    return None


def _date(verb: Token, span: Span, times: Sequence[Fact]) -> str | None:
    """The resolved date of the clause, or of its main clause for "as"/"when" clauses."""
    found = _date_within(span.start_char, span.end_char, times)
    if found is not None:
        return found
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _TIME_CLAUSE_MARKS for c in verb.children
    ):
        main = [t for t in _clause_tokens(verb.head) if t.i < verb.left_edge.i or t.i > verb.i]
        if main:
            first = min(t.idx for t in main)
            last = max(t.idx + len(t.text) for t in main)
            return _date_within(first, last, times)
    return None


def _date_within(start: int, end: int, times: Sequence[Fact]) -> str | None:
    for fact in times:
        if fact.kind != "date" or fact.value is None or not isinstance(fact.value, str):
            continue
        if (
            start <= fact.start
            and fact.end <= end
            and not (fact.relative or "").startswith("since:")
        ):
            return fact.value
    return None
