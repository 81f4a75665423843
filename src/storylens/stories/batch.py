"""One-shot clustering of a batch of analysed articles, for the stateless ``cluster`` command.

Runs the same online steps as ingest (copy detection, then story assignment) over the batch
in published order, so ``storylens cluster`` and ``storylens stories`` agree on the same input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from storylens.model import Analysis, Article
from storylens.stories.clustering import ClusterSettings, StoryClusterer
from storylens.stories.copies import CopyDetector
from storylens.stories.features import article_features

__all__ = ["ClusteredArticle", "cluster_articles"]

#: (article id, story id, topic id, id of the article it copies or None), article ids being the
#: input ids (``Article.external_id``).
ClusteredArticle = tuple[str, str, str, str | None]


def cluster_articles(
    pairs: Sequence[tuple[Article, Analysis]],
    *,
    settings: ClusterSettings | None = None,
    copies: CopyDetector | None = None,
    prime: bool = True,
) -> list[ClusteredArticle]:
    """Story, topic and copy-of for each article, in input order.

    Articles are fed oldest first (those without a published time after them, in input order),
    so a wire story is the original of its syndicated copies. A copy joins its original's story.
    """
    detector = copies or CopyDetector()
    # A batch has no "later": stories stay open however far apart its dates are.
    clusterer = StoryClusterer(replace(settings or ClusterSettings(), close_after_days=math.inf))
    ordered = sorted(pairs, key=lambda pair: _arrival(pair[0]))
    features = {a.external_id: article_features(a, analysis) for a, analysis in ordered}
    if prime:
        for item in features.values():
            clusterer.vectorizer.learn(item)
    story_of: dict[str, str] = {}
    copy_of: dict[str, str | None] = {}
    for article, _analysis in ordered:
        key = article.external_id
        found = detector.add(key, article.body)
        copy_of[key] = found.original if found else None
        original_story = story_of.get(found.original) if found else None
        placed = clusterer.assign(
            features[key],
            copy_of=original_story,
            original=found.original if found else None,
            learn=not prime,
        )
        story_of[key] = placed.story_id
        for move in placed.moved:  # earlier articles the story took back from others
            story_of[move.article_id] = move.target
    return [
        (
            a.external_id,
            story_of[a.external_id],
            clusterer.topic_of(story_of[a.external_id]),
            copy_of[a.external_id],
        )
        for a, _analysis in pairs
    ]


def _arrival(article: Article) -> tuple[bool, datetime | float]:
    published = article.published
    return (published is None, published if published is not None else 0.0)
