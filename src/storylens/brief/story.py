"""The corpus path: a stored story, compared, becomes a brief (``storylens brief`` / ``export``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.brief.abstractive import Endpoint
from storylens.brief.brief import build_brief
from storylens.brief.summarize import DEFAULT_WORDS
from storylens.model import Brief, Comparison, Story, StoryArticle

if TYPE_CHECKING:
    from storylens.store import Store

__all__ = ["compared_story", "story_brief"]


def compared_story(store: Store, ref: str) -> tuple[Story, list[StoryArticle], Comparison]:
    """The stored story ``ref``, its articles and their comparison.

    Every outlet in the store may be credited by a sentence ("according to ..."), not only the
    story's own. Raises :class:`~storylens.errors.NotFoundError` when there is no such story.
    """
    from storylens.compare import compare_story

    story = store.story(ref)
    members = store.story_members(story.id)
    outlets = [row["outlet"] for row in store.outlets() if row["outlet"]]
    return story, members, compare_story(story.id, members, outlets=outlets)


def story_brief(
    store: Store, ref: str, *, max_words: int = DEFAULT_WORDS, endpoint: Endpoint | None = None
) -> Brief:
    """The brief of the stored story ``ref`` (an id or a prefix of one).

    ``endpoint``: an abstractive summary, checked (see :mod:`storylens.brief.abstractive`).
    Raises :class:`~storylens.errors.NotFoundError` when the store holds no such story.
    """
    story, members, comparison = compared_story(store, ref)
    return build_brief(
        story.id,
        members,
        comparison=comparison,
        title=story.title,
        max_words=max_words,
        endpoint=endpoint,
    )
