"""What a number is about, from the words that govern it: its frame.

Two figures can only contradict each other when they fill one slot. The words around a number
say which slot when outlets use the same words, but "a 20-minute meeting" and "the two leaders
spoke for almost an hour", or "creating 1,200 jobs" and "a factory employing 1,500 people",
share almost none. A :class:`Frame` reads three things instead:

- the *topic*: the noun the number counts or measures (``Fact.of``, from the analysis's
  parse, else the unit), or for a duration the verb it lasts ("spoke for an hour"), put into
  a class by a small synonym table (jobs, workers, staff and people count people; talks, a
  call and meeting are one meeting);
- the *action*: the verb the count is the object of, by class ("create" and "employ" jobs are
  one slot, "cut" jobs another);
- the *stance*: whether the figure is demanded, offered or expected rather than stated: a
  union's demand and an employer's offer are two slots, not a contradiction.

The compare stage has no parse of its own (it does not re-parse), so the action and stance are
read from the words of the sentence around the number with small tables of cue words; the
topic uses the parse's ``Fact.of`` where the analysis found one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from storylens.compare.similarity import stem
from storylens.model import Fact
from storylens.names import entity_key, fold, surname_key

__all__ = ["Frame", "frame_of", "topic_class"]

_WORD = re.compile(r"[a-z]+")
# Words between a verb and its count that do not change what the count is of.
_FILLER = frozenset(
    "a an the some about around roughly nearly almost over more than up to at least just "
    "another further extra new additional only".split()
)
# How many words before a count its verb may stand ("creating some 1,200 new jobs").
_ACTION_REACH = 3
# How many words after a number a participle may say its stance ("the 3.5 percent offered").
_STANCE_AFTER = 3


def _classes(table: str) -> dict[str, str]:
    """``class: word word ...`` entries (which may run over several lines) as a word-stem ->
    class map."""
    classes: dict[str, str] = {}
    parts = re.split(r"(\w+):", table)
    for name, words in zip(parts[1::2], parts[2::2], strict=True):
        classes.update((stem(word), name) for word in words.split())
    return classes


# Nouns and verbs that name one kind of thing a number is about.
_TOPICS = _classes(
    """
    people: people person persons worker workers staff staffer staffers employee employees
            job jobs position positions post posts
    meeting: meeting meetings meet meets met talks talk talked speak speaks spoke spoken
             call calls conversation conversations discussion discussions negotiation
             negotiations
    """
)
# Verbs a count can be the object of, by what they do to it.
_ACTIONS = _classes(
    """
    employ: employ employs employed employing hire hires hired hiring create creates created
            creating add adds added adding provide provides provided providing support
            supports supported supporting
    cut: cut cuts cutting axe axes axed axing shed sheds shedding slash slashes slashed
         slashing eliminate eliminates eliminated eliminating lose loses lost losing scrap
         scraps scrapped scrapping
    """
)
# Words that make a figure a demand, an offer or an expectation rather than a statement.
_STANCES = _classes(
    """
    demanded: want wants wanted wanting demand demands demanded demanding seek seeks seeking
              sought
    offered: offer offers offered offering propose proposes proposed proposing proposal
    expected: expect expects expected expecting forecast forecasts predict predicts
              predicted
    """
)
# Words after which "for" introduces what is demanded ("calls for 6 percent").
_ASKING = frozenset(stem(word) for word in "call calls called calling ask asks asked".split())


@dataclass(frozen=True, slots=True)
class Frame:
    """What a number is about: its kind (count, duration, ...), topic and action classes
    (None when unknown), its stance, and what its sentence names besides: people (surname
    keys) and other names (organisations, places), quote speakers left out."""

    kind: str
    topic: str | None
    action: str | None
    stance: str = "stated"
    people: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def same_slot(self, other: Frame) -> bool | None:
        """True when both frames name one slot, False when they name different slots, None
        when the words do not tell. A count needs its action as well as its topic to make a
        slot (people counted may be staff, strikers or marchers); a duration's topic is an
        event ("meeting") and makes one alone."""
        if self.stance != other.stance or _differ(self.topic, other.topic):
            return False
        if _differ(self.action, other.action):
            return False
        needs_action = "count" in (self.kind, other.kind)
        if None in (self.topic, other.topic) or (
            needs_action and None in (self.action, other.action)
        ):
            return None
        # Meetings of different people are different meetings.
        if self.people and other.people and not _nested(self.people, other.people):
            return False
        # Jobs at one company and at another: the frame alone cannot join them.
        if self.names and other.names and self.names.isdisjoint(other.names):
            return None
        return True


def _nested(first: frozenset[str], second: frozenset[str]) -> bool:
    return first <= second or second <= first


def _differ(first: str | None, second: str | None) -> bool:
    return first is not None and second is not None and first != second


def topic_class(noun: str) -> str:
    """The class of what a noun counts: "jobs", "staff" -> "people"; others their stem."""
    words = _WORD.findall(fold(noun))
    if not words:
        return ""
    head = stem(words[-1])
    return _TOPICS.get(head, head)


def frame_of(fact: Fact, before: str, after: str, named: Iterable[tuple[str, str]] = ()) -> Frame:
    """The frame of ``fact`` from the words of its sentence ``before`` and ``after`` it and the
    entities its sentence names, as (canonical name, label)."""
    words_before = _words(before)
    named = list(named)
    return Frame(
        kind=fact.kind,
        topic=_topic(fact, words_before),
        action=_action(words_before) if fact.kind == "count" else None,
        stance=_stance(words_before, _words(after)[:_STANCE_AFTER]),
        people=frozenset(surname_key(name) for name, label in named if label == "PERSON") - {""},
        names=frozenset(entity_key(name, label) for name, label in named if label != "PERSON"),
    )


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text).replace("’", "'")))


def _topic(fact: Fact, before: tuple[str, ...]) -> str | None:
    # "€20 million per year" is a rate, not what the money is about.
    if fact.of and not fact.of.startswith("per "):
        return topic_class(fact.of)
    if fact.kind == "count" and fact.unit:
        return topic_class(fact.unit)
    if fact.kind == "duration" and len(before) >= 2 and before[-1] == "for":
        # "spoke for almost an hour": the verb it lasts, when the table knows it.
        return _TOPICS.get(stem(before[-2]))
    return None


def _action(before: tuple[str, ...]) -> str | None:
    """The class of the verb a count is the object of, a few words before it at most."""
    reach = 0
    for word in reversed(before):
        if word in _FILLER:
            continue
        found = _ACTIONS.get(stem(word))
        if found is not None:
            return found
        reach += 1
        if reach >= _ACTION_REACH:
            return None
    return None


def _stance(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    """The stance from the nearest cue word: demanded, offered, expected, else stated.

    A participle right after the number says it first ("the 3 percent offered by the board");
    otherwise the nearest cue before it in its sentence ("the union wants pay raised to €19").
    """
    for word in after:
        found = _STANCES.get(stem(word))
        if found is not None:
            return found
    for index in range(len(before) - 1, -1, -1):
        word = stem(before[index])
        found = _STANCES.get(word)
        if found is not None:
            return found
        if word == "for" and index > 0 and stem(before[index - 1]) in _ASKING:
            return "demanded"
    return "stated"
