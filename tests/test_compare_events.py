"""Events across outlets: a place the next sentence gives an event, and agreement on it."""

from __future__ import annotations

import pytest

from storylens.compare import compare_story
from storylens.compare.events import place_taken_up
from storylens.model import Analysis, Article, Event, Mention, OffsetMap, Sentence, StoryArticle


def article(
    article_id: str, sentences: list[str], places: list[str], place: str | None = None
) -> StoryArticle:
    """An article whose first sentence tells "Varga met Halloran" (at ``place``, if given);
    ``places`` are the place names its sentences mention."""
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append(Sentence(start, start + len(sentence)))
        start += len(sentence) + 1
    mentions = []
    for name in places:
        begin = text.index(name)
        index = next(k for k, s in enumerate(spans) if s.start <= begin < s.end)
        mentions.append(Mention(begin, begin + len(name), name, "GPE", name, index))
    event = Event(
        "Ilse Varga", "met", "Petr Halloran", 0, len(sentences[0]), sentences[0], place=place
    )
    analysis = Analysis(article_id, tuple(spans), tuple(mentions), (), events=(event,))
    return StoryArticle(
        Article(article_id, article_id, text, text, OffsetMap(()), outlet=f"Outlet {article_id}"),
        analysis,
    )


@pytest.mark.parametrize(
    ("second", "places", "expected"),
    [
        ("Their meeting, held in Tamsford, lasted an hour.", ["Tamsford"], "Tamsford"),
        ("They were meeting at the Lowick customs house.", ["Lowick"], "Lowick"),
        # The next sentence is about something else.
        ("Rain fell in Tamsford all day.", ["Tamsford"], None),
        # A place that is not where the meeting was.
        ("Their meeting angered Tamsford's council.", ["Tamsford"], None),
        # Two places: which one is not said.
        ("Their meeting in Tamsford followed talks at Lowick.", ["Tamsford", "Lowick"], None),
    ],
)
def test_compare_events_place_taken_up_by_the_next_sentence(
    second: str, places: list[str], expected: str | None
) -> None:
    member = article(
        "a", ["Mayor Ilse Varga met Governor Petr Halloran on Monday.", second], places
    )
    event = member.analysis.events[0]
    assert place_taken_up(event, member) == expected


@pytest.mark.parametrize(
    ("place_b", "status"),
    [("Tamsford", "corroborated"), ("Lowick", "conflicting"), (None, "corroborated")],
)
def test_compare_events_place_from_next_sentence_is_compared(
    place_b: str | None, status: str
) -> None:
    first = article(
        "a",
        [
            "Mayor Ilse Varga met Governor Petr Halloran on Monday.",
            "Their meeting, held in Tamsford, lasted an hour.",
        ],
        ["Tamsford"],
    )
    second = article(
        "b", ["Mayor Ilse Varga met Governor Petr Halloran on Monday."], [], place=place_b
    )
    (fact,) = [f for f in compare_story("s", [first, second]).facts if f.kind == "event"]
    assert fact.status == status
    assert [v.value for v in fact.variants] == ["Tamsford", place_b]
