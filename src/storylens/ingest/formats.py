"""One reader per input format. Each turns bytes into RawDocuments or Failures, never None.

A reader yields a :class:`~storylens.model.Failure` for a bad item inside a container (a JSONL
line without text, a feed entry without content) and goes on with the rest; it raises
:class:`InputError` when the whole document is unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from storylens.errors import InputError
from storylens.ingest.dates import parse_published
from storylens.ingest.document import RawDocument
from storylens.ingest.html import fragment_to_text, read_html
from storylens.ingest.text import decode
from storylens.model import Failure

Item = RawDocument | Failure
Reader = Callable[[bytes, str, str], Iterator[Item]]

# Field names seen in the wild for the same thing, first match wins.
_SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "sitename")
_PUBLISHED_FIELDS = ("published", "published_at", "date", "pubDate", "datePublished")


def read_text(data: bytes, origin: str, stem: str) -> Iterator[Item]:
    """A plain-text article; a headline line, if any, is found later by cleaning."""
    text = decode(data, origin)
    if not text.strip():
        raise InputError(origin, "empty document")
    yield RawDocument(text=text, external_id=stem, origin=origin)


def read_html_file(data: bytes, origin: str, stem: str) -> Iterator[Item]:
    """An HTML page (extracted with trafilatura)."""
    if not data.strip():
        raise InputError(origin, "empty document")
    yield read_html(data, origin=origin, external_id=stem)


def record_to_document(record: Any, origin: str, default_id: str) -> RawDocument:
    """Validate one JSON article record (see the input format in README.md)."""
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(origin, 'no "text" field with article text')
    author = record.get("author")
    if isinstance(author, list):
        author = ", ".join(str(name) for name in author)
    return RawDocument(
        text=text,
        external_id=str(record.get("id") or default_id),
        origin=origin,
        title=_str_or_none(record.get("title")),
        outlet=_first_str(record, _SOURCE_FIELDS),
        url=_str_or_none(record.get("url")),
        author=_str_or_none(author),
        published=parse_published(_first_str(record, _PUBLISHED_FIELDS)),
    )


def read_json(data: bytes, origin: str, stem: str) -> Iterator[Item]:
    """One article object, or an array of them."""
    text = decode(data, origin)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(origin, f"malformed JSON: {error.msg}", line=error.lineno) from None
    if not isinstance(parsed, list):
        yield record_to_document(parsed, origin, stem)
        return
    for number, record in enumerate(parsed, start=1):
        try:
            yield record_to_document(record, f"{origin}[{number}]", f"{stem}-{number}")
        except InputError as error:
            yield Failure(origin, f"item {number}: {error.reason}")


def read_jsonl_lines(
    lines: Iterable[bytes], origin: str, stem: str, max_bytes: int
) -> Iterator[Item]:
    """One article per line; a bad line is reported with its number and the rest go on."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            if len(raw) > max_bytes:
                raise InputError(origin, f"line is over the {max_bytes:,}-byte limit", line=number)
            try:
                record = json.loads(decode(raw, origin))
            except json.JSONDecodeError as error:
                raise InputError(origin, f"malformed JSON: {error.msg}", line=number) from None
            except InputError as error:
                raise InputError(origin, error.reason, line=number) from None
            yield record_to_document(record, f"{origin}:{number}", f"{stem}-{number}")
        except InputError as error:
            yield Failure(origin, error.reason, line=number)


def read_feed(data: bytes, origin: str, stem: str) -> Iterator[Item]:
    """An RSS or Atom feed: one article per entry, full content where the feed carries it."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"malformed feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        raise InputError(origin, reason)
    outlet = _str_or_none(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, start=1):
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        text = fragment_to_text(html)
        if not text:
            yield Failure(origin, f"entry {number} has no content or summary")
            continue
        yield RawDocument(
            text=text,
            external_id=entry.get("id") or entry.get("link") or f"{stem}-{number}",
            origin=f"{origin}#{number}",
            title=_str_or_none(entry.get("title")),
            outlet=outlet,
            url=_str_or_none(entry.get("link")),
            author=_str_or_none(entry.get("author")),
            published=parse_published(entry.get("published") or entry.get("updated")),
        )


def read_warc(data: bytes, origin: str, stem: str) -> Iterator[Item]:
    """HTML responses archived in a WARC file, each page an article keyed by its URL."""
    import io

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data)), start=1):
            if record.rec_type != "response":
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                yield read_html(
                    record.content_stream().read(),
                    origin=f"{origin}#{number}",
                    external_id=url or f"{stem}-{number}",
                    url=url,
                )
            except InputError as error:
                yield Failure(origin, f"record {number}: {error.reason}")
    except ArchiveLoadFailed as error:
        raise InputError(origin, f"malformed WARC archive ({error})") from None


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _first_str(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = _str_or_none(record.get(name))
        if value:
            return value
    return None
