"""The clusterer's kept centroid lengths always equal the lengths of its centroid sums."""

from __future__ import annotations

import numpy as np

from storylens.stories import ArticleVector, ClusterSettings, StoryClusterer
from storylens.stories.clustering import _row_length


def stream(count: int, seed: int = 0) -> list[ArticleVector]:
    """Articles around a few centres a day apart, so stories grow, close and reuse rows."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, 64)).astype(np.float32)
    items = []
    for number in range(count):
        story = int(rng.integers(12))
        vector = centres[story] + 0.8 * rng.standard_normal(64).astype(np.float32)
        items.append(
            ArticleVector(
                article_id=f"a{number}",
                vector=vector / np.linalg.norm(vector),
                entities={f"e{story}": 0.9, f"common{number % 3}": 0.4},
                published=number * 86_400.0 / 4,
            )
        )
    return items


def assert_lengths_kept(clusterer: StoryClusterer) -> None:
    slots = [story.slot for story in clusterer._open.values()]
    recomputed = np.array([_row_length(clusterer._sums[slot]) for slot in slots])
    assert clusterer._lengths[slots].tolist() == recomputed.tolist()  # bit for bit


def test_kept_lengths_are_the_lengths_of_the_sums_through_closes_and_saves() -> None:
    settings = ClusterSettings(dim=64, ann_dim=16, close_after_days=3.0)
    clusterer = StoryClusterer(settings)
    items = stream(400)
    for item in items[:200]:
        clusterer.assign_vector(item)
    assert_lengths_kept(clusterer)
    restored = StoryClusterer.from_bytes(clusterer.to_bytes())
    assert_lengths_kept(restored)
    for item in items[200:]:
        assert restored.assign_vector(item) == clusterer.assign_vector(item)
    assert_lengths_kept(clusterer)
    assert clusterer.open_stories < len(clusterer.topics)  # some closed: their rows reused
