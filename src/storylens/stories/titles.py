"""A readable title for a story: the headline of its most central article.

The most central article is the one whose text vector lies nearest the story's centroid, the
medoid in cosine terms (as in centroid-based summarisation, Radev et al., "Centroid-based
summarization of multiple documents", 2004). Its headline names the event the way most of the
story's articles tell it; an outlier's headline (a side angle, a sensational banner) does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from storylens.model import Analysis, Article
from storylens.stories.features import article_features
from storylens.stories.vectors import ArticleVector, Vectorizer

__all__ = ["lead_title", "story_title", "story_titles"]

LEAD_TITLE_WORDS = 12


def story_title(members: Sequence[ArticleVector]) -> str | None:
    """The title of the member nearest the members' centroid (None when none has a title).

    Members without a title still shape the centroid; ties go to the earlier member.
    """
    titled = [member for member in members if member.title]
    if not titled:
        return None
    centroid = np.sum([member.vector for member in members], axis=0)
    closeness = [float(member.vector @ centroid) for member in titled]
    return titled[int(np.argmax(closeness))].title


def lead_title(body: str, words: int = LEAD_TITLE_WORDS) -> str | None:
    """A stand-in title for a story none of whose articles has one: its lead's first words.

    A headline names the event in a few words; a lead sentence runs on, so it is cut at a
    word boundary and marked as cut.
    """
    first = body.strip().split("\n", 1)[0].split()
    if not first:
        return None
    return " ".join(first[:words]) + (" …" if len(first) > words else "")


def story_titles(
    pairs: Sequence[tuple[Article, Analysis]], story_of: dict[str, str]
) -> dict[str, str]:
    """Story id -> title for a batch, ``story_of`` mapping input ids to story ids.

    Word weights are learnt on the whole batch first, so every member is weighed alike.
    """
    vectorizer = Vectorizer()
    features = [article_features(article, analysis) for article, analysis in pairs]
    for item in features:
        vectorizer.learn(item)
    members: dict[str, list[ArticleVector]] = defaultdict(list)
    for item in features:
        if item.article_id in story_of:
            members[story_of[item.article_id]].append(vectorizer.encode(item))
    titles = {story: story_title(items) for story, items in members.items()}
    return {story: title for story, title in titles.items() if title}
