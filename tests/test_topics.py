"""Topics: related stories grouped under the id of their oldest story, stable across saves."""

from __future__ import annotations

import pytest

from storylens.stories import Topics


def topics_of(stories: list[str], joins: list[tuple[str, str]]) -> Topics:
    topics = Topics()
    for story in stories:
        topics.add(story)
    for first, second in joins:
        topics.join(first, second)
    return topics


@pytest.mark.parametrize(
    ("joins", "expected"),
    [
        ([], {"a": ["a"], "b": ["b"], "c": ["c"], "d": ["d"]}),
        ([("d", "c")], {"a": ["a"], "b": ["b"], "c": ["c", "d"]}),
        ([("d", "c"), ("c", "b")], {"a": ["a"], "b": ["b", "c", "d"]}),
        ([("b", "a"), ("d", "c"), ("d", "b")], {"a": ["a", "b", "c", "d"]}),
    ],
    ids=["none", "one-pair", "chain", "two-pairs-merged"],
)
def test_a_topic_is_named_after_its_oldest_story(
    joins: list[tuple[str, str]], expected: dict[str, list[str]]
) -> None:
    topics = topics_of(["a", "b", "c", "d"], joins)
    assert topics.members() == expected
    for topic, stories in expected.items():
        assert all(topics.topic_of(story) == topic for story in stories)


def test_joining_twice_or_in_either_order_changes_nothing() -> None:
    forward = topics_of(["a", "b", "c"], [("a", "c"), ("c", "a"), ("a", "c")])
    backward = topics_of(["a", "b", "c"], [("c", "a")])
    assert forward.members() == backward.members() == {"a": ["a", "c"], "b": ["b"]}


def test_saved_topics_load_back_and_keep_growing_the_same_way() -> None:
    topics = topics_of(["a", "b", "c"], [("c", "b")])
    restored = Topics.from_json(topics.to_json())
    assert restored.members() == topics.members()
    for forest in (topics, restored):
        forest.add("d")
        forest.join("d", "c")
    assert restored.members() == topics.members() == {"a": ["a"], "b": ["b", "c", "d"]}
    assert "d" in restored and len(restored) == 4
