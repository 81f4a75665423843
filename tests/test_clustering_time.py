"""Published times in story placement: near in time counts for little when many similar
stories run at once, and a week away counts against a story."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.stories import ArticleVector, ClusterSettings, StoryClusterer

SETTINGS = ClusterSettings(dim=64, ann_dim=16)
HOUR = 3_600.0
DAY = 24 * HOUR


def article(article_id: str, axes: dict[int, float], published: float) -> ArticleVector:
    """An article whose text vector has the given weights on the given axes (unit length)."""
    vector = np.zeros(SETTINGS.dim, dtype=np.float32)
    for axis, weight in axes.items():
        vector[axis] = weight
    return ArticleVector(article_id, vector / np.linalg.norm(vector), published=published)


def running_stories(count: int) -> list[ArticleVector]:
    """``count`` same-day stories, each its own axis plus a little of a shared subject (axis 0:
    too little for two of them to count as similar)."""
    return [article(f"s{n}", {0: 0.3, n + 1: 0.954}, published=n * HOUR) for n in range(count)]


@pytest.mark.parametrize(("running", "joins"), [(1, True), (4, False)], ids=["sparse", "feed"])
def test_a_same_day_article_joins_a_similar_story_only_when_few_run_at_once(
    running: int, joins: bool
) -> None:
    """Text cosine 0.3 with each story (below the threshold alone): when it is the only similar
    story of the day, being published then tips it in; among four, the time tells nothing."""
    clusterer = StoryClusterer(SETTINGS)
    for story in running_stories(running):
        assert clusterer.assign_vector(story).is_new
    other = article("x", {0: 1.0}, published=5 * HOUR)
    placed = clusterer.assign_vector(other)
    assert placed.is_new is not joins


def test_the_same_text_scores_less_the_further_its_time_from_the_story() -> None:
    scores = []
    for days in (0.0, 3.0, 6.0):
        clusterer = StoryClusterer(SETTINGS)
        clusterer.assign_vector(article("a", {0: 1.0}, published=0.0))
        placed = clusterer.assign_vector(article("b", {0: 0.8, 1: 0.6}, published=days * DAY))
        assert not placed.is_new
        scores.append(placed.similarity)
    text_cosine = 0.8
    assert scores[0] > scores[1] > scores[2]
    # near a week away the time counts against the story, not merely for it less
    assert scores[2] < text_cosine
