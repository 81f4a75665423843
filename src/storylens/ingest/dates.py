"""Published times: parsed from the forms news metadata uses, always timezone-aware."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}$")


def parse_published(value: object) -> datetime | None:
    """ISO-8601 or RFC 822 text (or a datetime) as an aware datetime; None when unparseable.

    A time given without an offset is taken as UTC: news metadata without one is almost always
    UTC, and a consistent rule beats dropping the date.
    """
    if isinstance(value, datetime):
        parsed: datetime | None = value
    elif isinstance(value, str) and value.strip():
        parsed = _parse_text(value.strip())
    else:
        parsed = None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse_text(text: str) -> datetime | None:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    if _DATE_ONLY.match(text[:10]):
        try:
            return datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
