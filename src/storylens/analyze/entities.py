"""Canonical entities: the mentions of one person, organisation or place merged under one name.

Works on the NER output of one article. Repairs labels the context settles (a capital tagged
as a person, "Patriot missile" as a person, a surname tagged as an organisation), merges
spelling variants, surnames, acronyms and aliases, and names each entity by its fullest form.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storylens.analyze.gazetteer import lookup
from storylens.analyze.labels import CONFUSABLE, repair_label
from storylens.model import Entity, Mention
from storylens.names import (
    acronym,
    name_key,
    person_key,
    person_tokens,
    spelling_key,
    strip_possessive,
)

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


@dataclass(frozen=True, slots=True)
class RawMention:
    """One NER span with the bits of parse context the repairs look at."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    head_lemma: str = ""  # lemma of the syntactic head of the span's root
    root_dep: str = ""  # dependency label of the span's root


@dataclass(slots=True)
class _Working:
    raw: RawMention
    name: str  # the surface with possessive (and for people, titles) removed
    label: str
    canonical: str | None = None  # set once a rule settles it


def canonicalise(raw_mentions: Sequence[RawMention]) -> tuple[list[Mention], list[Entity]]:
    """Link each mention to a canonical entity and summarise the entities of the article."""
    work = [_prepare(m) for m in raw_mentions if m.label in NAME_LABELS]
    _apply_gazetteer(work)
    _link_people(work)
    _link_acronyms(work)
    _vote_labels(work)
    return _summarise(work)


def _prepare(raw: RawMention) -> _Working:
    name = strip_possessive(raw.text)
    label = repair_label(name, raw.label, root_dep=raw.root_dep, head_lemma=raw.head_lemma)
    if label == "PERSON":
        name = " ".join(person_tokens(name)) or name
    return _Working(raw, name, label)


def _apply_gazetteer(work: list[_Working]) -> None:
    full_person_surnames = {
        spelling_key(person_tokens(w.name)[-1])
        for w in work
        if w.raw.label == "PERSON" and len(person_tokens(w.name)) >= 2
    }
    for w in work:
        if w.label not in CONFUSABLE:
            continue
        place = lookup(w.name)
        if place is None or spelling_key(w.name) in full_person_surnames:
            continue  # a surname of someone named in full here ("Jordan") stays a person
        w.canonical, w.label = place.name, place.label


def _link_people(work: list[_Working]) -> None:
    """Give surnames and spelling variants the fullest name of the person they refer to."""
    groups: dict[str, list[_Working]] = defaultdict(list)
    for w in work:
        if w.canonical is None and w.label == "PERSON" and len(person_tokens(w.name)) >= 2:
            groups[person_key(w.name)].append(w)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        by_surname[key.split()[-1]].append(key)
    for members in groups.values():
        fullest = max(members, key=lambda w: (len(w.name.split()), len(w.name))).name
        for w in members:
            w.canonical = fullest
    for w in work:
        if w.canonical is not None or w.label not in CONFUSABLE or len(w.name.split()) != 1:
            continue
        keys = by_surname.get(spelling_key(w.name))
        if keys:
            key = _nearest_before(groups, keys, w.raw.start)
            w.canonical, w.label = groups[key][0].canonical, "PERSON"


def _nearest_before(groups: dict[str, list[_Working]], keys: list[str], offset: int) -> str:
    """Of several people sharing a surname, the one last named in full before ``offset``."""
    if len(keys) == 1:
        return keys[0]

    def last_start(key: str) -> int:
        starts = [w.raw.start for w in groups[key] if w.raw.start <= offset]
        return max(starts, default=-1)

    return max(keys, key=last_start)


def _link_acronyms(work: list[_Working]) -> None:
    """'NPA' after 'Northern Ports Authority' is the authority."""
    long_forms = {
        acronym(w.canonical or _display_name(w)): (w.canonical or _display_name(w), w.label)
        for w in work
        if w.label in {"ORG", "GPE", "LOC", "FAC"} and len(w.name.split()) >= 2
    }
    for w in work:
        short = w.name.replace(".", "")
        if w.canonical is None and short.isupper() and 2 <= len(short) <= 6:
            found = long_forms.get(short)
            if found:
                w.canonical, w.label = found


def _vote_labels(work: list[_Working]) -> None:
    """One label per entity: the majority among its mentions' (repaired) labels."""
    for w in work:
        w.canonical = w.canonical or _display_name(w)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for w in work:
        if w.label in CONFUSABLE:
            votes[name_key(w.canonical or w.name)][w.label] += 1
    for w in work:
        counter = votes.get(name_key(w.canonical or w.name))
        if counter:
            w.label = counter.most_common(1)[0][0]


def _display_name(w: _Working) -> str:
    """The name without the article running text puts before it: "the Narrow Sea"."""
    if w.label != "PERSON" and w.name.lower().startswith("the "):
        return w.name[4:]
    return w.name


def _summarise(work: list[_Working]) -> tuple[list[Mention], list[Entity]]:
    mentions: list[Mention] = []
    grouped: dict[tuple[str, str], list[_Working]] = defaultdict(list)
    for w in work:
        canonical = w.canonical or w.name
        grouped[(w.label, name_key(canonical))].append(w)
    names: dict[tuple[str, str], str] = {}
    for key, members in grouped.items():
        counts = Counter(m.canonical or m.name for m in members)
        names[key] = max(counts, key=lambda n: (counts[n], len(n)))
    for w in work:
        key = (w.label, name_key(w.canonical or w.name))
        raw = w.raw
        mentions.append(Mention(raw.start, raw.end, raw.text, w.label, names[key], raw.sentence))
    entities = [
        Entity(
            name=names[key],
            label=key[0],
            mentions=len(members),
            variants=tuple(sorted({m.raw.text for m in members})),
        )
        for key, members in grouped.items()
    ]
    entities.sort(key=lambda e: (-e.mentions, e.name))
    return mentions, entities


class EntityIndex:
    """The canonical mentions of one parsed text, looked up by character offset.

    Stages that read the parse (quotes, events) use it to name a speaker or an actor: the
    mention at a span, or the last person named before a pronoun.
    """

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping ``[start, end)``, preferring the longest."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        overlapping = [
            m for m in self.mentions[first : bisect.bisect_left(self._starts, end)] if m.end > start
        ]
        return max(overlapping, key=lambda m: m.end - m.start, default=None)

    def last_before(self, offset: int, *, label: str = "PERSON") -> Mention | None:
        """The last mention of this label that ends before ``offset``."""
        for mention in reversed(self.mentions[: bisect.bisect_left(self._starts, offset)]):
            if mention.label == label and mention.end <= offset:
                return mention
        return None

    def people(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == "PERSON"]
