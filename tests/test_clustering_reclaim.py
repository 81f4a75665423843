"""A young story takes back earlier articles that joined a rival story only because it came late."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.stories import ArticleVector, ClusterSettings, StoryClusterer

SETTINGS = ClusterSettings(dim=64, ann_dim=16, reclaim_floor=0.0)  # any rival may give


def article(article_id: str, *weights: float, title: str | None = None) -> ArticleVector:
    """An article whose text vector has ``weights`` on the first axes (made unit length)."""
    vector = np.zeros(SETTINGS.dim, dtype=np.float32)
    vector[: len(weights)] = weights
    return ArticleVector(article_id, vector / np.linalg.norm(vector), title=title)


# b1 is nearer a1 than nothing when it comes, so it joins a1's story; b2, its own event's next
# article, scores too low against that story of two and starts its own, which b1 fits better.
A1 = article("a1", 1.0, 0.0, 0.0, title="A one")
B1 = article("b1", 0.5, 0.866, 0.0, title="B one")
B2 = article("b2", -0.3, 0.9, 0.316, title="B two")


def test_a_new_story_takes_back_the_article_that_fits_it_better() -> None:
    clusterer = StoryClusterer(SETTINGS)
    assert clusterer.assign_vector(A1).is_new
    joined = clusterer.assign_vector(B1)
    assert joined.story_id == "a1" and not joined.moved
    placed = clusterer.assign_vector(B2)
    assert placed.is_new and placed.story_id == "b2"
    assert [(m.article_id, m.source, m.target) for m in placed.moved] == [("b1", "a1", "b2")]
    assert placed.moved[0].similarity == pytest.approx(float(B1.vector @ B2.vector), abs=1e-4)
    stories = {story.id: story for story in clusterer._open.values()}
    assert (stories["a1"].size, stories["b2"].size) == (1, 2)
    assert np.allclose(clusterer._sums[stories["a1"].slot], A1.vector)  # b1 left its sums
    assert clusterer.title_of("a1") == "A one"


def test_an_article_that_stood_alone_joins_a_story_it_now_fits_and_its_story_goes() -> None:
    """x is a little too far from y1, y2 and y3 for a story; their story of four is near."""
    common, share = 0.42, 0.38  # cosine of any two y articles; of x with each
    x = article("x", share / common**0.5, 0.0, 0.0, 0.0, 0.0, (1 - share**2 / common) ** 0.5)
    ys = [
        article(f"y{n}", common**0.5, *[(1 - common) ** 0.5 if k == n else 0.0 for k in range(4)])
        for n in range(4)
    ]
    clusterer = StoryClusterer(SETTINGS)
    assert clusterer.assign_vector(x).is_new
    placed = [clusterer.assign_vector(y) for y in ys]
    assert [p.story_id for p in placed] == ["y0"] * 4
    assert [p.moved for p in placed[:3]] == [(), (), ()]  # below reclaim_alone until y3
    [move] = placed[3].moved
    assert (move.article_id, move.source, move.target) == ("x", "x", "y0")
    assert clusterer.open_stories == 1  # x's story closed with its one article gone


def test_a_story_keeps_an_article_that_fits_it_best() -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.assign_vector(A1)
    clusterer.assign_vector(article("a2", 0.9, 0.436, 0.0))
    placed = clusterer.assign_vector(B2)
    assert placed.is_new and not placed.moved


def test_a_rival_unrelated_to_the_article_keeps_its_articles() -> None:
    """b2 scores 0.19 against a1's story: under the default floor (0.2), it is not a rival."""
    clusterer = StoryClusterer(ClusterSettings(dim=64, ann_dim=16))
    for item in (A1, B1):
        clusterer.assign_vector(item)
    assert clusterer.assign_vector(B2).moved == ()


def test_the_original_of_a_copy_stays_with_its_copy() -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.assign_vector(A1)
    clusterer.assign_vector(B1)
    copy = article("b1-copy", 0.5, 0.866, 0.0)
    assert clusterer.assign_vector(copy, copy_of="a1", original="b1").story_id == "a1"
    assert not clusterer.assign_vector(B2).moved


def test_saved_state_remembers_which_articles_may_still_move() -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.assign_vector(A1)
    clusterer.assign_vector(B1)
    restored = StoryClusterer.from_bytes(clusterer.to_bytes())
    assert restored.to_bytes() == clusterer.to_bytes()
    assert restored.assign_vector(B2) == clusterer.assign_vector(B2)
    assert restored.to_bytes() == clusterer.to_bytes()  # b1 remembered in its new story


def test_only_the_latest_articles_are_remembered() -> None:
    clusterer = StoryClusterer(ClusterSettings(dim=64, ann_dim=16, recent=1))
    clusterer.assign_vector(A1)
    clusterer.assign_vector(B1)
    clusterer.assign_vector(article("c1", 0.0, 0.0, 0.0, 1.0))  # b1 is forgotten
    assert clusterer.assign_vector(B2).moved == ()
