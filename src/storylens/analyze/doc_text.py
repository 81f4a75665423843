"""The text of a parsed document, built once.

spaCy does not keep the string a ``Doc`` was made from: each read of ``doc.text`` joins every
token's text again, creating a Python object per token. The analysis reads the whole text in
several places, so it keeps the first join with the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "storylens.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document and kept in its ``user_data``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)
