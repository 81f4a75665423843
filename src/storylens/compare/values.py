"""Whether two reported values can both be true: quantities, dates, places and names.

Compatible differences are not conflicts: "almost three hours" and "a three-hour meeting",
"April 14" and "last Tuesday" (when both resolve to the same day), "the Netherlands" and "The
Hague" (one contains the other), "Zelensky" and "Zelenskyy". Incompatible: 350 against 300
sandbags, "almost an hour" against "20 minutes", two different days.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from storylens.analyze.gazetteer import lookup
from storylens.compare.places_within import PLACES_WITHIN
from storylens.model import Fact
from storylens.names import name_key, spelling_key

__all__ = [
    "dates_compatible",
    "facts_agree",
    "facts_compatible",
    "interval",
    "magnitude_ratio",
    "place_key",
    "places_compatible",
    "same_unit",
    "unit_class",
    "value_label",
    "value_range",
]

# How far an approximate value ("about 80 km", "almost an hour") may lie from another value
# and still be the same figure, as a share of the larger one.
APPROX_TOLERANCE = 0.15
# Units whose values are compared in a common unit (the analysis keeps durations in minutes
# below a day and in days, months or years above it).
_DURATION_MINUTES = {
    "minutes": 1.0,
    "hours": 60.0,
    "days": 1440.0,
    "weeks": 10080.0,
    "months": 43830.0,
    "years": 525960.0,
}


def facts_compatible(first: Fact, second: Fact) -> bool:
    """Whether two facts of the same kind can both be true of one thing: their ranges
    (:func:`value_range`) meet. "More than a thousand jobs" fits 1,200 and 1,500 alike."""
    if first.kind == "date" or isinstance(first.value, str) or isinstance(second.value, str):
        return dates_compatible(first, second)
    if first.value is None or second.value is None:
        return _text_key(first.text) == _text_key(second.text)
    (low_a, high_a), (low_b, high_b) = value_range(first), value_range(second)
    return low_a <= high_b and low_b <= high_a


def facts_agree(first: Fact, second: Fact) -> bool:
    """Whether two facts are one figure told twice: compatible, and equal or (when either is
    approximate or a bound) close. "Up to 40 minutes" and "up to three hours" can both be
    true, but are two figures."""
    if not facts_compatible(first, second):
        return False
    if first.kind == "date" or isinstance(first.value, str) or isinstance(second.value, str):
        return True
    if first.value is None or second.value is None:
        return True
    a, b = _comparable(first), _comparable(second)
    if a == b:
        return True
    if first.approx or second.approx or first.bound or second.bound:
        return abs(a - b) <= APPROX_TOLERANCE * max(abs(a), abs(b))
    return False


def value_range(fact: Fact) -> tuple[float, float]:
    """The values a number can stand for, in the unit of :func:`_comparable`.

    Exact: the value itself. "About 80": 15% either side. "Almost an hour": up to the value,
    from 15% below it. "Up to 300", "fewer than 300": anything up to it. "More than a
    thousand": anything from it up, so 1,200 and 1,500 both fit; "just over": 15% above it.
    """
    value = _comparable(fact)
    slack = APPROX_TOLERANCE * abs(value)
    if fact.bound == "at_most":
        return (value - slack, value) if fact.approx else (min(0.0, value), value)
    if fact.bound == "at_least":
        return (value, value + slack) if fact.approx else (value, math.inf)
    if fact.approx:
        return value - slack, value + slack
    return value, value


def _comparable(fact: Fact) -> float:
    value = float(fact.value) if isinstance(fact.value, int | float) else 0.0
    if fact.kind == "duration" and fact.unit in _DURATION_MINUTES:
        return value * _DURATION_MINUTES[fact.unit]
    return value


def same_unit(first: Fact, second: Fact) -> bool:
    """Whether two facts measure in one unit (a duration in any unit of time counts as one)."""
    return unit_class(first) == unit_class(second)


def unit_class(fact: Fact) -> tuple[str, str]:
    """(kind, unit) with units of one dimension made equal: any time span, people and jobs."""
    if fact.kind == "duration":
        return fact.kind, ""
    return fact.kind, _unit_key(fact.unit)


def magnitude_ratio(first: Fact, second: Fact) -> float:
    """How many times larger one value is than the other (1.0 when equal; inf when unknown)."""
    a, b = abs(_comparable(first)), abs(_comparable(second))
    if min(a, b) == 0 or isinstance(first.value, str) or isinstance(second.value, str):
        return 1.0 if a == b else float("inf")
    return max(a, b) / min(a, b)


# Units that all count people: "1,200 jobs" and "1,500 people" can be one figure told two ways.
_PEOPLE = frozenset("person people worker staff employee job".split())


def _unit_key(unit: str | None) -> str:
    key = name_key(unit or "")
    key = key[:-1] if key.endswith("s") else key
    return "person" if key in _PEOPLE else key


def dates_compatible(first: Fact, second: Fact) -> bool:
    """Whether two date facts can be the same day: equal, or one interval holds the other.

    A date the analysis could not resolve compares by its words ("Wednesday" = "Wednesday").
    """
    span_a, span_b = interval(first.value), interval(second.value)
    if span_a is None or span_b is None:
        return _text_key(first.text) == _text_key(second.text)
    (start_a, end_a), (start_b, end_b) = span_a, span_b
    return (start_a <= start_b and end_b <= end_a) or (start_b <= start_a and end_a <= end_b)


@lru_cache(maxsize=4096)
def interval(value: float | str | None) -> tuple[date, date] | None:
    """The first and last day a date or year value covers, or None when it has none."""
    if isinstance(value, int | float) and 1000 <= value <= 9999:
        return date(int(value), 1, 1), date(int(value), 12, 31)
    if not isinstance(value, str):
        return None
    try:
        start, _, end = value.partition("/")
        return date.fromisoformat(start), date.fromisoformat(end or start)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    return " ".join(spelling_key(word) for word in name_key(text).split())


def value_label(fact: Fact) -> str:
    """The normalised value of a fact as a user reads it: "60 minutes", "2026-03-04"."""
    if fact.value is None:
        return fact.text
    if isinstance(fact.value, float) and fact.value.is_integer():
        number = str(int(fact.value))
    else:
        number = str(fact.value)
    return f"{number} {fact.unit}" if fact.unit else number


# -- places ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _within() -> dict[str, str]:
    """Place key -> key of the country (or region) that contains it."""
    table: dict[str, str] = {}
    for line in PLACES_WITHIN.strip().splitlines():
        place, container = line.split("\t")
        table[place_key(place)] = place_key(container)
    return table


def place_key(name: str) -> str:
    """The canonical key of a place: its gazetteer name when it has one ("Holland" -> ...)."""
    entry = lookup(name)
    canonical = entry.name if entry is not None else name
    key = name_key(canonical)
    return key[4:] if key.startswith("the ") and entry is None else key


def places_compatible(first: str | None, second: str | None) -> bool:
    """Whether two places named for one event can both be right: the same place, or one
    inside the other ("The Hague" is in "the Netherlands"); an unknown place fits any."""
    if not first or not second:
        return True
    key_a, key_b = place_key(first), place_key(second)
    if key_a == key_b or key_a in key_b.split() or key_b in key_a.split():
        return True
    return _contains(key_a, key_b) or _contains(key_b, key_a)


def _contains(outer: str, inner: str) -> bool:
    """Whether ``inner`` lies inside ``outer``, following the containment table upwards."""
    within, seen = _within(), set()
    current = within.get(inner)
    while current is not None and current not in seen:
        if current == outer:
            return True
        seen.add(current)
        current = within.get(current)
    return False
