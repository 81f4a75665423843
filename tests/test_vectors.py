"""Story vectors in the HNSW index: updates, removals and saved state answer alike."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.stories.ann import HnswIndex


def unit_rows(count: int, dim: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((count, dim)).astype(np.float32)
    normed: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return normed


def churn(index: HnswIndex, vectors: np.ndarray, start: int, stop: int) -> None:
    """Add labels start..stop-1, move every third one, drop every fifth (as stories do)."""
    for label in range(start, stop):
        index.add(label, vectors[label])
        if label % 3 == 0:
            index.update(label, vectors[(label * 7) % len(vectors)])
        if label % 5 == 0 and label - 5 >= start:
            index.remove(label - 5)


@pytest.mark.parametrize("count", [50, 3000], ids=["small", "past-first-capacity"])
def test_saved_index_answers_and_grows_like_the_original(count: int) -> None:
    vectors = unit_rows(2 * count, 32, seed=count)
    index = HnswIndex(32)
    churn(index, vectors, 0, count)
    restored = HnswIndex.from_bytes(index.to_bytes())
    assert restored.size == index.size
    churn(index, vectors, count, 2 * count)
    churn(restored, vectors, count, 2 * count)
    queries = unit_rows(40, 32, seed=1)
    assert [restored.query(q, 5) for q in queries] == [index.query(q, 5) for q in queries]


@pytest.mark.parametrize(("added", "removed"), [(200, 100), (3000, 2000)])
def test_removed_labels_are_never_answered(added: int, removed: int) -> None:
    vectors = unit_rows(added, 16, seed=3)
    index = HnswIndex(16)
    for label in range(added):
        index.add(label, vectors[label])
    for label in range(removed):
        index.remove(label)
    found = {label for q in vectors[:50] for label in index.query(q, 10)}
    assert found and min(found) >= removed
    assert index.size == added - removed


def test_the_graph_stays_bounded_however_often_labels_are_rewritten() -> None:
    """Outdated elements are shed as writes go on, so memory follows the live labels."""
    vectors = unit_rows(1000, 16, seed=4)
    index = HnswIndex(16)
    for label, vector in enumerate(vectors):
        index.add(label, vector)
    largest = 0
    for step in range(20_000):
        index.update(step % 1000, vectors[(step * 7) % 1000])
        largest = max(largest, index.stored)
    assert index.size == 1000
    assert largest <= 3 * 1000  # live, marked ones up to the minimum, and one rebuild's writes


def test_a_rebuild_is_the_graph_of_one_insertion_per_row() -> None:
    """The one-call rebuild inserts the live rows in order, as single additions would."""
    vectors = unit_rows(1500, 32, seed=5)
    index = HnswIndex(32)
    churn(index, vectors, 0, 1500)
    graph = index._graph
    labels = sorted(graph.keys, key=graph.keys.__getitem__)  # in the order last written
    rows = graph.vectors(labels)
    one_by_one = HnswIndex(32)
    for label, row in zip(labels, rows, strict=True):
        one_by_one.add(label, row)
    index._rebuild()
    queries = unit_rows(60, 32, seed=6)
    assert [index.query(q, 8) for q in queries] == [one_by_one.query(q, 8) for q in queries]


def test_an_updated_label_answers_at_its_new_vector_only() -> None:
    vectors = unit_rows(301, 24, seed=8)
    index = HnswIndex(24)
    for label, vector in enumerate(vectors[:300]):
        index.add(label, vector)
    index.update(0, vectors[300])
    assert index.query(vectors[0], 1) != [0]
    assert index.query(vectors[300], 1) == [0]
    assert len(index.query(vectors[0], 10)) == 10


def test_labels_stay_found_while_a_fresh_graph_is_built_and_after() -> None:
    """Writes during the rebuild go to both graphs; none is lost when the new one answers."""
    vectors = unit_rows(4000, 24, seed=9)
    moved = unit_rows(4000, 24, seed=10)
    index = HnswIndex(24)
    live: dict[int, np.ndarray] = {}
    seen_building = False
    for label in range(4000):
        index.add(label, vectors[label])
        live[label] = vectors[label]
        if label % 2 and label - 1 in live:  # half of them leave again
            index.remove(label - 1)
            del live[label - 1]
        if label % 7 == 0:
            index.update(label, moved[label])
            live[label] = moved[label]
        seen_building = seen_building or index._next is not None
    assert seen_building
    assert index.size == len(live)
    assert index.stored <= 2 * len(live) + 256
    hits = sum(index.query(vector, 1) == [label] for label, vector in live.items())
    assert hits >= 0.99 * len(live)


def test_labels_that_leave_while_a_fresh_graph_is_built_are_not_copied_into_it() -> None:
    """The oldest stories close first: a rebuild copies them last, so those that close during
    it never reach the fresh graph, which starts with no outdated elements of theirs."""
    vectors = unit_rows(3000, 16, seed=11)
    index = HnswIndex(16)
    for label in range(3000):
        index.add(label, vectors[label])
    oldest = 0
    while index._next is None:  # the oldest close until a rebuild is due
        index.remove(oldest)
        oldest += 1
    while index._next is not None:  # and go on closing while it is built
        index.remove(oldest)
        oldest += 1
    assert index.stored == index.size == 3000 - oldest
    found = {label for q in vectors[oldest::40] for label in index.query(q, 5)}
    assert found and min(found) >= oldest


def test_a_vector_finds_its_own_label_first() -> None:
    vectors = unit_rows(500, 24, seed=5)
    index = HnswIndex(24)
    for label, vector in enumerate(vectors):
        index.add(label, vector)
    hits = sum(index.query(vector, 1) == [label] for label, vector in enumerate(vectors))
    assert hits >= 495


FLOOD = "Flood water rose over the quay at Tarnwick as the river Edle burst its banks."
FLOOD_AGAIN = "At Tarnwick the river Edle burst its banks and flood water covered the quay."
BUDGET = "The Mellory council approved a budget for new school buses and library hours."


def test_texts_about_the_same_thing_are_closer_and_saved_weights_encode_alike() -> None:
    from storylens.stories import StoryFeatures, Vectorizer
    from storylens.stories.features import content_terms

    vectorizer = Vectorizer()
    items = [
        StoryFeatures(article_id=str(n), terms=content_terms(text))
        for n, text in enumerate([FLOOD, FLOOD_AGAIN, BUDGET])
    ]
    vectors = [vectorizer.encode_new(item).vector for item in items]
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-5 for v in vectors)
    assert float(vectors[0] @ vectors[1]) > 0.5 > float(vectors[0] @ vectors[2])
    restored = Vectorizer.from_bytes(vectorizer.to_bytes())
    for item in items:
        assert np.array_equal(restored.encode(item).vector, vectorizer.encode(item).vector)


@pytest.mark.parametrize(
    ("names", "longer_than_half"),
    [
        ({"Ilse Varga": 1.0}, False),
        ({"Tomas Berg": 1.0}, True),
        ({"Tomas Berg": 1.0, "Ilse Varga": 1.0}, True),
    ],
    ids=["common-only", "rare", "rare-and-common"],
)
def test_a_name_many_articles_share_counts_for_less_than_a_rare_one(
    names: dict[str, float], longer_than_half: bool
) -> None:
    """The mayor every article names should not tie two of her events into one story."""
    from storylens.stories import StoryFeatures, Vectorizer

    vectorizer = Vectorizer()
    for n in range(60):  # sixty earlier articles, all naming the mayor
        vectorizer.learn(StoryFeatures(article_id=f"a{n}", entities={"Ilse Varga": 1.0}))
    item = StoryFeatures(article_id="new", entities=names)
    vectorizer.learn(item)
    entities = vectorizer.encode(item).entities
    length = float(np.sqrt(sum(v * v for v in entities.values())))
    assert 0.0 < length <= 1.0
    assert (length > 0.5) is longer_than_half
