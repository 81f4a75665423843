"""What tells two similar events apart: their counts, their own dates, and who came first."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.stories import ArticleVector, ClusterSettings, StoryClusterer

SETTINGS = ClusterSettings(dim=64, ann_dim=16)


def article(
    article_id: str,
    *weights: float,
    numbers: dict[str, float] | None = None,
    dates: frozenset[str] = frozenset(),
) -> ArticleVector:
    """An article whose text vector has ``weights`` on the first axes (made unit length)."""
    vector = np.zeros(SETTINGS.dim, dtype=np.float32)
    vector[: len(weights)] = weights
    return ArticleVector(
        article_id, vector / np.linalg.norm(vector), numbers=numbers or {}, dates=dates
    )


@pytest.mark.parametrize(
    ("numbers", "change"),
    [
        ({"#26 pirate": 1.0}, -SETTINGS.figure_clash_weight),  # the same count, other figure
        ({"#26 ship": 1.0}, 0.0),  # counts something else: says nothing
        ({"#26": 1.0}, 0.0),  # a bare figure: a time, an age, a day
        ({"#23 pirate": 1.0}, SETTINGS.number_weight),
        ({"#23 pirate": 0.6, "#26 pirate": 0.8}, 0.6 * SETTINGS.number_weight),  # one agrees
    ],
    ids=["other-count", "other-thing", "bare-figure", "same-count", "one-count-agrees"],
)
def test_a_story_counting_the_same_thing_otherwise_scores_lower(
    numbers: dict[str, float], change: float
) -> None:
    """A report of 26 pirates caught fits a story of 23 pirates caught less than one without."""

    def similarity(item: ArticleVector) -> float:
        clusterer = StoryClusterer(SETTINGS)
        clusterer.assign_vector(article("first", 1.0, numbers={"#23 pirate": 1.0}))
        return clusterer.assign_vector(item).similarity

    plain = similarity(article("plain", 1.0))
    counted = similarity(article("counted", 1.0, numbers=numbers))
    assert counted - plain == pytest.approx(change, abs=1e-6)


STORY_DATES = [
    frozenset({"2012-07-07", "2008"}),  # one report recalls an earlier fight's year
    frozenset({"2012-07-07"}),
    frozenset({"2012-07-07"}),
    frozenset({"2012-07-07"}),
]


@pytest.mark.parametrize(
    ("dates", "change"),
    [
        (frozenset({"2012-07-07"}), SETTINGS.date_weight),
        # named by one of four reports only (history), and years before the story's own date
        (frozenset({"2008"}), -SETTINGS.date_clash_weight),
        (frozenset({"2012-07-08"}), 0.0),  # a day apart: no clash, no agreement
        (frozenset({"2016-07-07"}), -SETTINGS.date_clash_weight),  # years later: another event
    ],
    ids=["its-date", "a-recalled-year", "a-near-date", "a-later-year"],
)
def test_only_the_dates_a_story_usually_names_count_for_it(
    dates: frozenset[str], change: float
) -> None:
    def similarity(item: ArticleVector) -> float:
        clusterer = StoryClusterer(SETTINGS)
        for number, named in enumerate(STORY_DATES):
            clusterer.assign_vector(article(f"fight{number}", 1.0, dates=named))
        return clusterer.assign_vector(item).similarity

    plain = similarity(article("plain", 1.0))
    assert similarity(article("dated", 1.0, dates=dates)) - plain == pytest.approx(change, abs=1e-6)


# b1, the first report of event B, fits a1's story (0.5) for want of its own; b2 fits that story
# of two (0.45) only through b1 (0.78), and a1 not at all.
A1 = article("a1", 1.0, 0.0, 0.0)
B1 = article("b1", 0.5, 0.866, 0.0)
B2 = article("b2", 0.0, 0.9, 0.436)


@pytest.mark.parametrize("pair_first", [True, False], ids=["pair-first", "story-first"])
def test_the_second_report_of_an_event_takes_the_first_from_a_story_of_another(
    pair_first: bool,
) -> None:
    clusterer = StoryClusterer(ClusterSettings(dim=64, ann_dim=16, pair_first=pair_first))
    clusterer.assign_vector(A1)
    assert clusterer.assign_vector(B1).story_id == "a1"
    placed = clusterer.assign_vector(B2)
    if pair_first:
        assert placed.is_new and placed.story_id == "b2"
        assert [(m.article_id, m.source, m.target) for m in placed.moved] == [("b1", "a1", "b2")]
    else:
        assert placed.story_id == "a1" and not placed.moved


@pytest.mark.parametrize(
    "joining",
    [
        article("c", 0.8, 0.6, 0.0),  # fits both articles: the story is one event
        article("d", 0.42, 0.45, 0.788),  # fits b1 best (0.6), but the story without it too
    ],
    ids=["clear-fit", "fits-the-rest-too"],
)
def test_an_article_of_the_same_event_joins_the_story(joining: ArticleVector) -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.assign_vector(A1)
    clusterer.assign_vector(B1)
    placed = clusterer.assign_vector(joining)
    assert placed.story_id == "a1" and not placed.moved
