"""Article text and metadata from HTML pages, with trafilatura doing the extraction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from storylens.errors import InputError
from storylens.ingest.dates import parse_published
from storylens.ingest.document import RawDocument

# Where pages state their publication time, most specific first. trafilatura's own date is
# day-precision only, so the time of day is read from these before falling back to it.
_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//meta[@name='pubdate' or @name='publishdate' or @name='date' or @name='dc.date']/@content",
    "//article//time[@datetime]/@datetime",
)
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}


def read_html(
    data: str | bytes, *, origin: str, external_id: str, url: str | None = None
) -> RawDocument:
    """Extract the main text, title, outlet, author, URL and published time of a page."""
    import trafilatura

    # load_html decodes bytes by their declared or detected charset, which lxml alone gets wrong
    # for UTF-8 pages that do not declare one.
    tree = trafilatura.load_html(data)
    if tree is None:
        raise InputError(origin, "malformed HTML: no document tree could be parsed")
    published = _published_from_tree(tree)
    extracted = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(origin, "no article text found in the HTML page")
    page_url = extracted.url or url  # type: ignore[union-attr]
    return RawDocument(
        text=text,
        external_id=external_id,
        origin=origin,
        title=extracted.title or None,  # type: ignore[union-attr]
        outlet=extracted.sitename or _hostname(page_url),  # type: ignore[union-attr]
        url=page_url,
        author=extracted.author or None,  # type: ignore[union-attr]
        published=published or parse_published(extracted.date),  # type: ignore[union-attr]
    )


def _published_from_tree(tree: Any) -> datetime | None:
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            parsed = parse_published(str(value))
            if parsed is not None:
                return parsed
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        parsed = parse_published(_json_ld_date(script))
        if parsed is not None:
            return parsed
    return None


def _json_ld_date(script: str) -> str | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    items = data if isinstance(data, list) else data.get("@graph", [data])
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
            return str(item["datePublished"])
    return None


def _hostname(url: str | None) -> str | None:
    return (urlsplit(url).hostname or None) if url else None


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), one paragraph per block."""
    if "<" not in fragment:
        return fragment.strip()
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join("".join(current).split())
        if joined:
            paragraphs.append(joined)
        current.clear()

    for event, element in lxml_html.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS or tag == "br":
                flush()
            current.append(element.text or "")
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if element is not root:
                current.append(element.tail or "")
    flush()
    return "\n\n".join(paragraphs)
