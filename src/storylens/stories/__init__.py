"""The stories stage: syndicated copies, online story clustering and related-story topics.

Ingest calls, per new article and in order: :meth:`CopyDetector.add` (is it a copy?), then
:meth:`StoryClusterer.assign` on :func:`article_features` (which story?). Both keep compact state
that saves to bytes and loads back, so a store can carry it between runs.
"""

from storylens.stories.batch import ClusteredArticle, cluster_articles
from storylens.stories.clustering import Assignment, ClusterSettings, StoryClusterer
from storylens.stories.copies import Copy, CopyDetector
from storylens.stories.features import StoryFeatures, article_features
from storylens.stories.titles import lead_title, story_title, story_titles
from storylens.stories.topics import Topics
from storylens.stories.vectors import ArticleVector, Vectorizer

__all__ = [
    "ArticleVector",
    "Assignment",
    "ClusterSettings",
    "ClusteredArticle",
    "Copy",
    "CopyDetector",
    "StoryClusterer",
    "StoryFeatures",
    "Topics",
    "Vectorizer",
    "article_features",
    "cluster_articles",
    "lead_title",
    "story_title",
    "story_titles",
]
