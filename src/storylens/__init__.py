"""storylens: news articles from many outlets in, cross-checked and cited stories out.

The functions the CLI calls are importable from here::

    from storylens import read_articles, analyze, Store, ingest
"""

from storylens.analyze import analyze
from storylens.corpus import IngestReport, ingest
from storylens.ingest import read_articles
from storylens.model import Analysis, Article, Entity, Failure, Mention, Sentence
from storylens.store import Store

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "Article",
    "Entity",
    "Failure",
    "IngestReport",
    "Mention",
    "Sentence",
    "Store",
    "analyze",
    "ingest",
    "read_articles",
]
