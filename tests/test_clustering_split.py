"""A story that turns out to hold two events of one kind splits in two.

The articles are invented: the ferry Marla runs aground off Port Quillan twice, years apart.
The first report of the second grounding comes while only the first has a story, fits it well
enough to join (the same ship, the same kind of event), and the next reports of the second
grounding follow it there. Article to article the two groundings stay apart: the first's
reports share their date and their captain, the second's their own captain.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from storylens.stories import ArticleVector, ClusterSettings, StoryClusterer
from storylens.stories.bisection import spectral_split

SETTINGS = ClusterSettings(dim=64, ann_dim=16)
KIND, FIRST, SECOND = 0, 1, 2  # axes of the text vectors: the kind of event, each grounding


def report(
    article_id: str,
    grounding: int,
    captain: str,
    dates: tuple[str, ...] = (),
    *,
    kind: float = 0.6,
    own: float = 0.5,
) -> ArticleVector:
    """A report with ``kind`` of its text on the shared axis, ``own`` on its grounding's axis
    and the rest on words of its own; it names the ship and a captain."""
    vector = np.zeros(SETTINGS.dim, dtype=np.float32)
    vector[KIND], vector[grounding] = kind, own
    vector[10 + int(article_id[1:]) + (20 if article_id[0] == "b" else 0)] = np.sqrt(
        1.0 - kind**2 - own**2
    )
    entities = {"marla": 0.6, captain: 1.0}
    return ArticleVector(article_id, vector, entities=entities, dates=frozenset(dates))


FIRST_GROUNDING = [report(f"a{n}", FIRST, "ivo dren", ("2019-03-04", "2019")) for n in range(3)]
SECOND_GROUNDING = [report(f"b{n}", SECOND, "seda oru") for n in range(3)]
FIRST_IDS = {item.article_id for item in FIRST_GROUNDING}
SECOND_IDS = {item.article_id for item in SECOND_GROUNDING}


def stories_after(clusterer: StoryClusterer, items: list[ArticleVector]) -> set[frozenset[str]]:
    """The stories of the articles once all are placed, following every move."""
    story_of = {}
    for item in items:
        placed = clusterer.assign_vector(item)
        story_of[item.article_id] = placed.story_id
        for move in placed.moved:
            story_of[move.article_id] = move.target
    return {
        frozenset(a for a, story in story_of.items() if story == s) for s in set(story_of.values())
    }


ORDERS = {
    "first grounding, then second": FIRST_GROUNDING + SECOND_GROUNDING,
    "interleaved": [
        *FIRST_GROUNDING[:2],
        SECOND_GROUNDING[0],
        FIRST_GROUNDING[2],
        *SECOND_GROUNDING[1:],
    ],
}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
def test_two_groundings_merged_in_one_story_are_split_into_two_related_stories(
    order: list[ArticleVector],
) -> None:
    clusterer = StoryClusterer(SETTINGS)
    assert stories_after(clusterer, order) == {frozenset(FIRST_IDS), frozenset(SECOND_IDS)}
    assert clusterer.topic_of("a0") == clusterer.topic_of("b0") == "a0"
    assert clusterer.open_stories == 2


def test_the_split_is_reported_as_moves_into_a_story_named_after_its_first_article() -> None:
    clusterer = StoryClusterer(SETTINGS)
    placed = [clusterer.assign_vector(item) for item in FIRST_GROUNDING + SECOND_GROUNDING]
    assert [p.story_id for p in placed] == ["a0"] * 6  # each joined the first grounding's story
    assert placed[3].similarity < SETTINGS.split_gate  # b0 joined it with a weak score
    assert all(not p.moved for p in placed[:5])
    moves = placed[5].moved  # at six articles the story splits, b2 (just placed) included
    assert [(m.article_id, m.source, m.target) for m in moves] == [
        ("b0", "a0", "b0"),
        ("b1", "a0", "b0"),
        ("b2", "a0", "b0"),
    ]
    assert all(m.similarity > SETTINGS.threshold for m in moves)
    assert clusterer.title_of("b0") is None  # the reports have no titles
    restored = StoryClusterer.from_bytes(clusterer.to_bytes())
    assert restored.to_bytes() == clusterer.to_bytes()


@pytest.mark.parametrize(
    "change",
    [
        {"split_sizes": ()},  # never tested
        {"split_gate": 0.4},  # every article joined above the gate
        {"split_ratio": 0.3},  # the two parts are not apart enough for this bar
    ],
    ids=["no split sizes", "low gate", "strict ratio"],
)
def test_without_a_clear_reason_to_split_the_merged_story_stays_whole(
    change: dict[str, object],
) -> None:
    clusterer = StoryClusterer(replace(SETTINGS, **change))  # type: ignore[arg-type]
    stories = stories_after(clusterer, FIRST_GROUNDING + SECOND_GROUNDING)
    assert stories == {frozenset(FIRST_IDS | SECOND_IDS)}


def test_one_event_with_a_loosely_worded_report_stays_one_story() -> None:
    """Six reports of the first grounding; the third, in other words and quoting the
    harbourmaster instead of the captain, joins weakly, so the story is tested, and found
    whole."""
    loose = report("a2", FIRST, "harbourmaster", kind=0.45, own=0.3)
    reports = [report(f"a{n}", FIRST, "ivo dren", ("2019-03-04",)) for n in (0, 1, 3, 4, 5)]
    reports.insert(2, loose)
    clusterer = StoryClusterer(SETTINGS)
    placed = [clusterer.assign_vector(item) for item in reports]
    assert SETTINGS.threshold <= placed[2].similarity < SETTINGS.split_gate
    assert {p.story_id for p in placed} == {"a0"} and not any(p.moved for p in placed)


@pytest.mark.parametrize(
    "scores",
    [
        pytest.param(-np.ones((6, 6)), id="every pair scores below zero"),
        pytest.param(np.zeros((6, 6)), id="every pair scores zero"),
        pytest.param(np.full((6, 6), 0.4), id="every pair scores the same"),
    ],
)
def test_articles_with_no_pair_closer_than_another_are_never_cut(
    scores: np.ndarray,
) -> None:
    assert spectral_split(scores, 3, 0.6) is None


def test_two_blocks_that_score_well_inside_and_badly_across_are_cut_between_them() -> None:
    scores = np.full((6, 6), 0.05)
    scores[np.ix_([0, 2, 4], [0, 2, 4])] = 0.8
    scores[np.ix_([1, 3, 5], [1, 3, 5])] = 0.7
    side = spectral_split(scores, 3, 0.6)
    assert side in ([0, 2, 4], [1, 3, 5])
