"""Related stories: stories of one kind or thread grouped under a shared topic.

Two storms, a strike and the one before it, the days of a summit: separate stories (separate
events) told in the same words. A new story joins the topic of the most similar existing story
when their texts are close enough for the same *kind* of event, though not for the same event;
later, a story that comes that close to a story of another topic brings the two topics together.
Topics are the sets of a disjoint-set forest (Tarjan, "Efficiency of a good but not linear set
union algorithm", JACM 1975) whose root is always the oldest story, so topic ids are stable
and the same on every run.
"""

from __future__ import annotations

import json

__all__ = ["Topics"]


class Topics:
    """Union-find over story ids; a topic is named by its oldest story."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}  # creation rank of each story, to keep roots oldest

    def __len__(self) -> int:
        return len(self._parent)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._parent

    def add(self, story_id: str) -> None:
        """A new story, alone in its own topic until :meth:`join` says otherwise."""
        if story_id not in self._parent:
            self._parent[story_id] = story_id
            self._order[story_id] = len(self._order)

    def topic_of(self, story_id: str) -> str:
        """The topic id of a story: the id of the oldest story of its topic."""
        root = story_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[story_id] != root:  # path compression
            self._parent[story_id], story_id = root, self._parent[story_id]
        return root

    def join(self, first: str, second: str) -> str:
        """Put two stories' topics together; returns the surviving (older) topic id."""
        a, b = self.topic_of(first), self.topic_of(second)
        if a == b:
            return a
        older, newer = (a, b) if self._order[a] <= self._order[b] else (b, a)
        self._parent[newer] = older
        return older

    def members(self) -> dict[str, list[str]]:
        """Every topic id with its story ids, oldest first."""
        groups: dict[str, list[str]] = {}
        for story in sorted(self._parent, key=self._order.__getitem__):
            groups.setdefault(self.topic_of(story), []).append(story)
        return groups

    def to_json(self) -> str:
        """The forest as JSON: story ids in creation order with their parents."""
        stories = sorted(self._parent, key=self._order.__getitem__)
        return json.dumps([[s, self._parent[s]] for s in stories], separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Topics:
        """The forest :meth:`to_json` wrote."""
        topics = cls()
        for story, parent in json.loads(text):
            topics._parent[story] = parent
            topics._order[story] = len(topics._order)
        return topics
