"""Frames: what a number is about, read from the words that govern it."""

from __future__ import annotations

import pytest

from storylens.compare.frames import Frame, frame_of, topic_class
from storylens.model import Fact


def frame(
    sentence: str,
    shown: str,
    kind: str = "count",
    unit: str | None = None,
    of: str | None = None,
    named: tuple[tuple[str, str], ...] = (),
) -> Frame:
    """The frame of the number ``shown`` as it stands in ``sentence``."""
    start = sentence.index(shown)
    end = start + len(shown)
    fact = Fact(kind, shown, start, end, value=1.0, unit=unit, of=of)
    return frame_of(fact, sentence[:start], sentence[end:], named)


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("jobs", "people"),
        ("new jobs", "people"),
        ("staff", "people"),
        ("employees", "people"),
        ("workers", "people"),
        ("talks", "meeting"),
        ("phone call", "meeting"),
        ("meeting", "meeting"),
        ("sandbags", "sandbag"),
        ("households", "household"),
    ],
)
def test_frames_topic_class_joins_nouns_of_one_kind(noun: str, expected: str) -> None:
    assert topic_class(noun) == expected


@pytest.mark.parametrize(
    ("sentence", "shown", "stance"),
    [
        ("The dockers' union wants the hourly rate raised to €19.", "€19", "demanded"),
        ("The pilots are seeking a rise of 7 percent this year.", "7 percent", "demanded"),
        ("The crew's union has called for 12 percent more.", "12 percent", "demanded"),
        ("Harbour operator Kelmar has offered €17.50 an hour.", "€17.50", "offered"),
        (
            "The union wants 7 percent, against the 3 percent offered by the board.",
            "3 percent",
            "offered",
        ),
        ("The yard is expected to build 40 hulls a year.", "40 hulls", "expected"),
        ("Dockers in Orrin Bay earn €16 an hour.", "€16", "stated"),
        ("Kelmar put the cost of the repairs at €2 million.", "€2 million", "stated"),
    ],
)
def test_frames_stance_from_cue_words(sentence: str, shown: str, stance: str) -> None:
    assert frame(sentence, shown, "money").stance == stance


@pytest.mark.parametrize(
    ("sentence", "shown", "action"),
    [
        ("The Orrin Bay works will be creating 900 jobs by 2029.", "900 jobs", "employ"),
        ("A cable factory employing 640 people is coming to Orrin Bay.", "640 people", "employ"),
        ("Tessmark will hire some 300 new staff.", "300 new staff", "employ"),
        ("Tessmark will cut 240 jobs at the yard.", "240 jobs", "cut"),
        ("Tessmark is to axe about 90 posts.", "about 90 posts", "cut"),
        ("Around 200 people joined the march.", "Around 200 people", None),
        # A verb too far from the count does not govern it.
        ("Tessmark will cut its prices, its board and, at Orrin Bay, 240 jobs.", "240 jobs", None),
    ],
)
def test_frames_action_is_the_verb_the_count_is_object_of(
    sentence: str, shown: str, action: str | None
) -> None:
    assert frame(sentence, shown, unit="job").action == action


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # Jobs created and people employed: one slot, in other words.
        (
            frame("The Orrin Bay works will be creating 900 jobs.", "900 jobs", of="jobs"),
            frame("The factory will be employing 640 people.", "640 people", of="people"),
            True,
        ),
        # Jobs cut and people employed: two slots, however alike the sentences.
        (
            frame("Tessmark will cut 240 jobs at its Orrin Bay yard.", "240 jobs", of="jobs"),
            frame("Tessmark employs 410 people at its Orrin Bay yard.", "410 people", of="people"),
            False,
        ),
        # A demand and an offer.
        (
            frame("The union wants pay raised to €19 an hour.", "€19", "money"),
            frame("Kelmar has offered to raise pay to €17.50 an hour.", "€17.50", "money"),
            False,
        ),
        # An expectation and what happened.
        (
            frame("The works are expected to create 800 jobs.", "800 jobs", of="jobs"),
            frame("The works will be creating 1,200 jobs.", "1,200 jobs", of="jobs"),
            False,
        ),
        # The length of one meeting, as a noun and as the verb it lasts.
        (
            frame("It was a 20-minute meeting.", "20-minute", "duration", of="meeting"),
            frame("The two mayors spoke for almost an hour.", "almost an hour", "duration"),
            True,
        ),
        (
            frame("The talks lasted 20 minutes.", "20 minutes", "duration", of="talks"),
            frame("The two mayors met for almost an hour.", "almost an hour", "duration"),
            True,
        ),
        # Meetings of different people are different meetings.
        (
            frame(
                "Varga had a 20-minute call with Oduya.",
                "20-minute",
                "duration",
                of="call",
                named=(("Ilse Varga", "PERSON"), ("Amos Oduya", "PERSON")),
            ),
            frame(
                "Varga and Halloran met for an hour.",
                "an hour",
                "duration",
                named=(("Ilse Varga", "PERSON"), ("Petr Halloran", "PERSON")),
            ),
            False,
        ),
        # One name spelt two ways is one person; a subset of the people is the same meeting.
        (
            frame(
                "Their 20-minute meeting was the first since Kjærholm took office.",
                "20-minute",
                "duration",
                of="meeting",
                named=(("Signe Kjærholm", "PERSON"),),
            ),
            frame(
                "Varga and Kjaerholm met for an hour.",
                "an hour",
                "duration",
                named=(("Ilse Varga", "PERSON"), ("Signe Kjaerholm", "PERSON")),
            ),
            True,
        ),
        # Jobs at two different companies: the frame alone cannot tell.
        (
            frame(
                "Tessmark will be creating 900 jobs.",
                "900 jobs",
                of="jobs",
                named=(("Tessmark", "ORG"),),
            ),
            frame(
                "Harlow Cables will be employing 640 people.",
                "640 people",
                of="people",
                named=(("Harlow Cables", "ORG"),),
            ),
            None,
        ),
        # People counted with no verb to say what they do: undecided.
        (
            frame("Around 200 people joined the march.", "Around 200 people", of="people"),
            frame("Some 350 staff walked out.", "Some 350 staff", of="staff"),
            None,
        ),
        # Different things counted.
        (
            frame("Crews handed out 350 sandbags.", "350 sandbags", of="sandbags"),
            frame("Crews handed out 300 blankets.", "300 blankets", of="blankets"),
            False,
        ),
    ],
)
def test_frames_same_slot(first: Frame, second: Frame, same: bool | None) -> None:
    assert first.same_slot(second) is same
    assert second.same_slot(first) is same
