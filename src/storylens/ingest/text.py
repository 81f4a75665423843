"""Decoding raw bytes, normalising text, and the content hash that identifies an article."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from storylens.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
_SPACE = re.compile(r"\s+")


def decode(data: bytes, path: str) -> str:
    """Decode a document's bytes as UTF-8 (or UTF-16 with a BOM), refusing binary data.

    Raises :class:`InputError` naming the line of the first undecodable byte, so the user can
    find and re-encode it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes); expected text, HTML or JSON")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path,
            f"invalid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "re-encode the file as UTF-8",
            line=line,
        ) from None


def normalise(text: str) -> str:
    """Fold case, quote styles, Unicode compatibility forms and whitespace for comparison."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def content_id(body: str, outlet: str | None) -> str:
    """16 hex characters identifying an article by its normalised body and outlet.

    The outlet is part of the identity because the same wire text published by two outlets is
    two publications (the stories stage links them as copies); the same text read twice from one
    outlet, or from files with no outlet, is one article.
    """
    key = f"{normalise(outlet or '')}\x1f{normalise(body)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
