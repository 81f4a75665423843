"""Who said it: the speaker of a cue, and what a pronoun or description stands for.

A cue's speaker is its subject (climbing from "saying" or "went on to say" to the clause's
own), else a name next to it. Speakers written as pronouns or descriptions ("he", "the
harbour master") are resolved to the person named earlier, so a Quote carries a canonical
name wherever the article gives one.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from storylens.analyze.quote_context import Context, Role, Speaker
from storylens.analyze.quote_marks import DOUBLE_MARK
from storylens.model import Mention
from storylens.names import TITLES, person_tokens, surname_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECT_DEPS = frozenset({"nsubj"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp"})
_SPOKEN_OF_DEPS = frozenset({"dobj", "dative", "pobj", "oprd"})  # whom a cue is about
_RELATIVE = frozenset({"who", "that", "which", "whom"})
PERSONAL = frozenset({"he", "she"})  # pronouns resolved to a person named before
PEOPLE_PRONOUNS = PERSONAL | frozenset({"i", "we", "they"})
_OBJECT_PEOPLE = frozenset({"him", "her", "them", "me", "us"})
_PRONOUNS = PERSONAL | frozenset({"i", "we", "they", "it", "you", "him", "her", "them", "his"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"})
_NOT_PEOPLE = _PLACE_LABELS | {"ORG"}
FRAME_TOKENS = 30  # how far from a quote or cue its speaker is looked for
_ANTECEDENTS = 3  # people looked at for a pronoun, latest first


def speaker_of(ctx: Context, cue: Token) -> Speaker | None:
    """The speaker of a cue, cached per cue token."""
    if cue.i not in ctx.speakers:
        ctx.speakers[cue.i] = _find_speaker(ctx, cue)
    return ctx.speakers[cue.i]


def _find_speaker(ctx: Context, cue: Token) -> Speaker | None:
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        return speaker_from_token(ctx, source) if source is not None else None
    subject = subject_of(cue) or _adjacent_name(ctx, cue) or _leftmost_name(ctx, cue)
    return speaker_from_token(ctx, subject) if subject is not None else None


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing from "saying" or "went on to say" to the clause's own;
    for a passive verb, its agent ("was accused by the council of ...")."""
    agent = _agent_of(verb)
    if agent is not None:
        return agent
    misread_aside = _speaker_read_as_appositive(verb)
    return misread_aside if misread_aside is not None else _climbed_subject(verb)


def _climbed_subject(verb: Token) -> Token | None:
    """The subject of a verb or of the clause it hangs on. A passive verb's subject is whom
    something was done to ("was told that ..."), except for a participle that hangs on it:
    "A suit was filed, alleging that ..." is the suit's."""
    deps = _SUBJECT_DEPS
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in deps]
        if subjects:
            chosen = _likeliest_subject(verb, subjects)
            return _antecedent_of_relative(chosen) if chosen.lower_ in _RELATIVE else chosen
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return verb.head  # "delegates who support Cole", "delegates supporting Cole"
        elsewhere = _subject_read_as_clause(verb) or _object_controller(verb) or _for_subject(verb)
        if elsewhere is not None:
            return elsewhere
        if verb.dep_ == "pcomp":
            return _participle_subject(verb)
        partner = _participle_partner(verb)
        if partner is not None:
            verb = partner
            continue
        if verb.dep_ not in _CLIMB_DEPS or verb.head.i == verb.i:
            return None
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp":
            verb = verb.head  # "said X and said Y" parsed with the second "said" inside X
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ROOT":
            deps = _SUBJECT_DEPS | {"nsubjpass"}  # not in a reported clause: ", referring to"
        verb = verb.head
    return None


def _for_subject(verb: Token) -> Token | None:
    """Who does what an infinitive says in "an opening for Berg to highlight ...": the
    object of the "for" right before its "to"."""
    if verb.tag_ != "VB" or verb.left_edge.lower_ != "to" or verb.left_edge.i < 2:
        return None
    before = verb.doc[verb.left_edge.i - 1]
    named = before.dep_ == "pobj" and before.head.lower_ == "for"
    return before if named and before.pos_ in ("PROPN", "PRON") else None


def _participle_partner(verb: Token) -> Token | None:
    """The participle a participle joined by "and" goes with, where the parser hung it on a
    verb of another form: in "warning that the gang could reach the town and implying that
    ...", "implying" hangs on "reach", but the warner implies, not the gang."""
    if verb.dep_ != "conj" or verb.tag_ != "VBG" or verb.head.tag_ == "VBG":
        return None
    return next((a for a in verb.ancestors if a.tag_ == "VBG"), None)


def _object_controller(verb: Token) -> Token | None:
    """Who does what an infinitive says, where the verb it hangs on has an object: that
    object ("forced Holm to admit ...", "asked her to explain ..."), not the
    verb's subject - except after "promise", whose subject keeps the promise."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_ == "promise":
        return None
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None or not (obj.pos_ == "PROPN" or obj.lower_ in _OBJECT_PEOPLE):
        return None  # "gave the board more time to answer": time does not answer
    return obj


def _speaker_read_as_appositive(verb: Token) -> Token | None:
    """Who speaks in "Clinton, a top aide said, is confident": the parser makes Clinton the
    aside's subject and the aide a description of her. A description running up to the cue,
    with no comma to close it, is the speaker; "Berg, the mayor, said" keeps Berg."""
    if verb.dep_ != "parataxis":
        return None
    for subject in (c for c in verb.lefts if c.dep_ in _SUBJECT_DEPS):
        for appositive in subject.rights:
            if appositive.dep_ == "appos" and appositive.right_edge.i == verb.i - 1:
                return appositive
    return None


def _agent_of(verb: Token) -> Token | None:
    """Who does what a passive verb says: "was accused by the council of ..." """
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _participle_subject(participle: Token) -> Token | None:
    """Who speaks in "After saying X, Berg left" or "Berg won by promising X": the subject of
    the verb the preposition hangs on, where that names someone. "His remarks came after
    saying X" would credit the remarks, so a subject that is a common noun is no one."""
    verb = participle.head.head
    if participle.head.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(verb)
    return subject if subject is not None and subject.pos_ in ("PROPN", "PRON") else None


def _subject_read_as_clause(verb: Token) -> Token | None:
    """The subject of a cue the parser read as a clause before it: in "One trader, who
    spoke on condition of anonymity, said the deal was off", "trader ... spoke" becomes a
    clause "said" reports, beside the one after it that it does report."""
    before = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if not before or not any(c.dep_ == "ccomp" for c in verb.rights):
        return None
    subjects = [c for c in before[0].lefts if c.dep_ in _SUBJECT_DEPS]
    has_aside = subjects and any(c.dep_ in ("relcl", "appos") for c in subjects[0].rights)
    return subjects[0] if has_aside else None


def _likeliest_subject(verb: Token, subjects: list[Token]) -> Token:
    """Of the subjects the parser gave a verb, the one that speaks: a name over a
    description ("Supporters' trust chair Jonah Weekes said"), never a place read as a
    second subject ("In Salem, New Hampshire, Trump said"), and the nearest to the verb."""
    names = [c for c in subjects if c.pos_ == "PROPN" and c.ent_type_ not in _PLACE_LABELS]
    if names:
        return min(names, key=lambda c: abs(verb.i - c.i))
    not_places = [c for c in subjects if c.ent_type_ not in _PLACE_LABELS]
    return not_places[0] if not_places else subjects[0]


def _antecedent_of_relative(relative: Token) -> Token:
    """The noun a "who" refers to: the word before it, past a comma or a dash and past a
    bracketed aside ("Sen. Ivo Strand (D-Conn.), who ...")."""
    doc = relative.doc
    position = relative.i - 1
    while position >= 0 and doc[position].is_punct:
        if doc[position].text == ")":
            position = _opening_bracket(doc, position)
        position -= 1
    if position >= 0 and doc[position].pos_ in ("PROPN", "NOUN", "PRON"):
        return doc[position]
    return relative.head.head if relative.head.dep_ == "relcl" else relative


def _opening_bracket(doc: Doc, closing: int) -> int:
    """Where the bracket closed at ``closing`` opens, within a few words; else ``closing``."""
    for position in range(closing - 1, max(-1, closing - 12), -1):
        if doc[position].text == "(":
            return position
    return closing


def _adjacent_name(ctx: Context, cue: Token) -> Token | None:
    """A name right before or after a cue the parser gave no subject: "..., Trump said"."""
    doc = ctx.doc
    for position in (cue.i - 1, cue.i + 1):
        if 0 <= position < len(doc):
            token = doc[position]
            if token.head.i == cue.i and token.dep_ in _SPOKEN_OF_DEPS:
                continue  # "calling him", "supporting Cole": whom the cue is about
            if token.dep_.startswith("nsubj") and token.head.i != cue.i:
                continue  # "saying Tamsford should wait": the subject of what was said
            if token.pos_ in ("PROPN", "PRON") and not ctx.in_quote(token.idx):
                return token
    return None


def _leftmost_name(ctx: Context, cue: Token) -> Token | None:
    """The first name in the words before a subjectless cue, back to the sentence start or a
    quote: ``"...," Callum Ferrand, head of the union (URSW), told reporters``."""
    doc = ctx.doc
    found = None
    floor = max(cue.sent.start, cue.i - FRAME_TOKENS)
    for position in range(cue.i - 1, floor - 1, -1):
        token = doc[position]
        if ctx.in_quote(token.idx) or DOUBLE_MARK.fullmatch(token.text):
            break
        if token.lower_ in PERSONAL or _is_name(ctx, token):
            found = token
    return found


def _is_name(ctx: Context, token: Token) -> bool:
    mention = ctx.entities.at(token.idx, token.idx + len(token.text))
    if mention is not None:
        return mention.label not in _PLACE_LABELS
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def speaker_from_token(ctx: Context, token: Token) -> Speaker | None:
    """The speaker a subject token names: a name, a pronoun or a description."""
    if ctx.in_quote(token.idx):
        # '"..., Madam Mayor," Ivo Strand told her': the parser made the quote's last words
        # the subject and the name after it their appositive
        outside = (c for c in token.children if c.dep_ == "appos" and not ctx.in_quote(c.idx))
        appositive = next(outside, None)
        if appositive is None:
            return None
        token = appositive
    named = _named_speaker(ctx, token)
    if named is not None:
        return named
    end = token.idx + len(token.text)
    if token.lower_ in _PRONOUNS:
        personal = token.lower_ in PERSONAL or _owner_pronoun(token)
        canonical = antecedent_of(ctx, token.idx) if personal else None
        return Speaker(token.idx, end, token.text, canonical)
    start, end = _noun_phrase(ctx, token)
    return Speaker(start, end, ctx.text[start:end], _resolve_description(ctx, token))


def _owner_pronoun(token: Token) -> bool:
    """ "his" or "her" owning a statement ("his claim that ..."), which means a person named
    before it as "he" or "she" would."""
    return token.lower_ in ("his", "her") and token.dep_ == "poss"


def _named_speaker(ctx: Context, token: Token) -> Speaker | None:
    """The name a subject gives: a mention at it or at its appositive ("the economist Jared
    Bernstein"), else a run of proper nouns the NER missed."""
    while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
        token = token.head  # "Calum" in "Calum Ferrand": the name's head
    for candidate in (token, *(c for c in token.children if c.dep_ == "appos")):
        mention = ctx.entities.at(candidate.idx, candidate.idx + len(candidate.text))
        if mention is not None:
            return Speaker(mention.start, mention.end, mention.text, mention.entity)
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
    return Speaker(start, end, text, canonical) if canonical else None


def _continues_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.text[:1].isupper()


def _known_person(ctx: Context, surname: str) -> str | None:
    """The person named in full whose surname this is ("Zelenskyy" -> Volodymyr Zelenskyy)."""
    if ctx.surnames is None:
        ctx.surnames = {
            surname_key(m.entity): m.entity
            for m in ctx.entities.mentions
            if m.label == "PERSON" and " " in m.entity
        }
    return ctx.surnames.get(surname_key(surname))


def _noun_phrase(ctx: Context, head: Token) -> tuple[int, int]:
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


def antecedent_of(ctx: Context, offset: int, excluding: str | None = None) -> str | None:
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
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _sentence_start_before(ctx: Context, offset: int, sentences: int) -> int:
    """Where the sentence ``sentences`` back from the one at ``offset`` starts."""
    sentence = ctx.doc[ctx.token_at(offset)].sent
    for _ in range(sentences - 1):
        if sentence.start == 0:
            break
        sentence = ctx.doc[sentence.start - 1].sent
    return sentence.start_char


def _people(ctx: Context) -> list[tuple[int, int, str]]:
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


def _may_name_a_person(ctx: Context, token: Token) -> bool:
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


def last_mention(ctx: Context, start: int, end: int) -> Mention | None:
    """The last person or organisation named within ``[start, end)``."""
    mentions = ctx.entities.mentions
    first = bisect.bisect_left(ctx.mention_starts, start)
    last = bisect.bisect_left(ctx.mention_starts, end)
    found = [m for m in mentions[first:last] if m.end <= end and m.label in ("PERSON", "ORG")]
    return found[-1] if found else None


def _resolve_description(ctx: Context, head: Token) -> str | None:
    """The entity a description means: the last one named with that role ("the mayor"), or
    failing that with the same qualifier ("the harbour master" after "harbour boss X")."""
    words = {head.lower_, head.lemma_.lower()}
    modifiers = {
        c.lower_ for c in head.children if c.dep_ in ("amod", "compound", "nmod", "poss")
    } - TITLES
    best: tuple[bool, int, int, str] | None = None
    # a description the parser set beside a name ("Clinton, a top aide said") is not that
    # name's: it may only mean someone named before it
    limit = head.head.left_edge.idx if head.dep_ == "appos" else head.idx
    for role in _roles(ctx):
        if role.start >= limit:
            break
        named_so = bool(words & role.words)
        shared = len(modifiers & role.words) if role.label == "PERSON" else 0
        if named_so or shared:
            score = (named_so, shared, role.start, role.entity)
            if best is None or score[:3] >= best[:3]:
                best = score
    return best[3] if best else None


def _roles(ctx: Context) -> list[Role]:
    """Role words of each named person or organisation, in text order (built once)."""
    if ctx.roles is None:
        people = [Role(a, name, "PERSON", _role_words(ctx, a, b)) for a, b, name in _people(ctx)]
        organisations = [
            Role(m.start, m.entity, m.label, _role_words(ctx, m.start, m.end, m.text))
            for m in ctx.entities.mentions
            if m.label == "ORG"
        ]
        ctx.roles = sorted(people + organisations, key=lambda role: role.start)
    return ctx.roles


def _role_words(ctx: Context, start: int, end: int, name: str = "") -> frozenset[str]:
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
