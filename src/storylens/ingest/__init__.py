"""Ingest: read articles from files, folders, feeds, archives and stdin.

``read_articles`` is the entry point: it yields one :class:`~storylens.model.Article` per
document, cleaned and identified by content hash, or a :class:`~storylens.model.Failure`
saying which file (and line) could not be read and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storylens.ingest.boilerplate import clean
from storylens.ingest.document import RawDocument
from storylens.ingest.language import detect_language
from storylens.ingest.sources import iter_documents
from storylens.ingest.text import content_id
from storylens.model import Article, Failure

__all__ = ["RawDocument", "build_article", "read_articles"]


def build_article(raw: RawDocument) -> Article:
    """Clean a document's text and give it its content-hash id."""
    cleaned = clean(raw.text, title=raw.title)
    return Article(
        id=content_id(cleaned.body, raw.outlet),
        external_id=raw.external_id,
        text=raw.text,
        body=cleaned.body,
        body_map=cleaned.body_map,
        title=cleaned.title,
        outlet=raw.outlet,
        url=raw.url,
        author=raw.author,
        published=raw.published,
        language=detect_language(cleaned.body),
        origin=raw.origin,
        removed=cleaned.removed,
    )


def read_articles(
    inputs: Iterable[str], *, max_bytes: int = 10_000_000
) -> Iterator[Article | Failure]:
    """Articles from paths, folders and "-" (stdin), in order; unreadable ones as Failures."""
    for item in iter_documents(inputs, max_bytes=max_bytes):
        if isinstance(item, Failure):
            yield item
        elif not item.text.strip():
            yield Failure(item.origin, "empty document")
        else:
            article = build_article(item)
            if article.body.strip():
                yield article
            else:
                yield Failure(item.origin, "no article text left after removing boilerplate")
