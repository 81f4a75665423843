"""Turn the paths a user names into a stream of documents: files, folders, gzip and stdin.

Folders are walked recursively in name order; hidden files, files of unknown type and names
matching a ``.storylensignore`` file (glob patterns, one a line) in that folder are skipped.
"""

from __future__ import annotations

import fnmatch
import gzip
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

from storylens.errors import InputError
from storylens.ingest.formats import (
    Item,
    Reader,
    read_feed,
    read_html_file,
    read_json,
    read_jsonl_lines,
    read_text,
    read_warc,
)
from storylens.model import Failure

IGNORE_FILE = ".storylensignore"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}
READERS: dict[str, Reader] = {
    "txt": read_text,
    "html": read_html_file,
    "json": read_json,
    "feed": read_feed,
    "warc": read_warc,
}


def iter_documents(inputs: Iterable[str], *, max_bytes: int) -> Iterator[Item]:
    """Every document in ``inputs`` (paths, folders or "-" for stdin), or why it failed."""
    for name in inputs:
        if name == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", "stdin", max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file, max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield Failure(name, "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    ignore_file = folder / IGNORE_FILE
    patterns = ignore_file.read_text().split() if ignore_file.is_file() else []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or any(fnmatch.fnmatch(entry.name, p) for p in patterns):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif format_of(entry) is not None:
            yield entry


def format_of(path: Path) -> str | None:
    """The format name for a file by its extension (looking inside ``.gz``), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _stem(path: Path) -> str:
    """The file name without its format and compression extensions: x.txt.gz -> x."""
    name = path.name
    for _ in range(2):
        suffix = Path(name).suffix.lower()
        if suffix == ".gz" or suffix in FORMATS:
            name = name[: -len(suffix)]
    return name


def read_file(path: Path, *, max_bytes: int) -> Iterator[Item]:
    """The documents in one file; a file that cannot be read yields one Failure."""
    origin = str(path)
    kind = format_of(path)
    try:
        compressed = path.suffix.lower() == ".gz"
        with gzip.open(path, "rb") if compressed else path.open("rb") as stream:
            if kind == "jsonl":
                yield from read_jsonl_lines(stream, origin, _stem(path), max_bytes)
                return
            data = _read_limited(stream, origin, max_bytes)
        yield from _parse(data, kind or _sniff(data), origin, _stem(path))
    except InputError as error:
        yield Failure(error.path, error.reason, error.line)
    except (OSError, EOFError, zlib.error) as error:
        reason = "not a valid gzip file" if isinstance(error, gzip.BadGzipFile) else str(error)
        yield Failure(origin, reason)


def _read_stream(stream: IO[bytes], origin: str, stem: str, max_bytes: int) -> Iterator[Item]:
    try:
        data = _read_limited(stream, origin, max_bytes)
        kind = _sniff(data)
        if kind == "jsonl":
            yield from read_jsonl_lines(data.splitlines(), origin, stem, max_bytes)
        else:
            yield from _parse(data, kind, origin, stem)
    except InputError as error:
        yield Failure(error.path, error.reason, error.line)


def _parse(data: bytes, kind: str, origin: str, stem: str) -> Iterator[Item]:
    try:
        yield from READERS[kind](data, origin, stem)
    except InputError as error:
        yield Failure(error.path, error.reason, error.line)


def _read_limited(stream: _Readable, origin: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            origin, f"document is over the {max_bytes:,}-byte limit (STORYLENS_MAX_DOCUMENT_BYTES)"
        )
    return data


def _sniff(data: bytes) -> str:
    """Guess the format of data without a telling file name (stdin, odd extensions)."""
    head = data.lstrip()[:512].lower()
    if head.startswith(b"{"):
        first_line = data.lstrip().split(b"\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith(b"}") and data.strip().count(b"\n") else "json"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"<"):
        is_feed = any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))
        return "feed" if is_feed else "html"
    return "txt"
