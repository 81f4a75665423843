"""Language identification of article bodies (py3langid; its model loads once per process)."""

from __future__ import annotations

_MIN_CHARS = 40  # below this, identification is a guess
_SAMPLE_CHARS = 2000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it is too short to tell."""
    import py3langid

    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
