"""Whether the dates an article names agree with those of a story (same event) or not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as _date


def dates_agree(article: frozenset[str], story: dict[str, int], window_days: float) -> float:
    """+1 when the article names a year or date the story names; -1 when both give full dates
    and none of the article's lies within ``window_days`` of one of the story's, or when one
    side's full dates fall in a year later than any year the other side names (another event
    of the same kind, another year); else 0 (a bare year alone may be history or a target)."""
    if not article or not story:
        return 0.0
    if any(date in story for date in article):
        return 1.0
    if _later_year(article, story) or _later_year(story, article):
        return -1.0
    ours = [day for day in map(_day, article) if day is not None]
    theirs = [day for day in map(_day, story) if day is not None]
    if not ours or not theirs:
        return 0.0
    near = any(abs(a - b) <= window_days for a in ours for b in theirs)
    return 0.0 if near else -1.0


def _later_year(dated: Iterable[str], other: Iterable[str]) -> bool:
    """Whether a full date of ``dated`` lies at least two years after every year ``other``
    names: a report names its own event's year, so naming none that late means an earlier
    event (one year of slack for a report that looks back over New Year)."""
    newest = max((int(date[:4]) for date in dated if len(date) == 10), default=None)
    years = [int(date[:4]) for date in other]
    return newest is not None and bool(years) and newest > max(years) + 1


def _day(date: str) -> int | None:
    """Days since 1 January 1 of an ISO date (None for a bare year or a bad date)."""
    if len(date) != 10:
        return None
    try:
        return _date.fromisoformat(date).toordinal()
    except ValueError:
        return None
