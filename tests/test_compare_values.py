"""Compatibility of values across outlets: quantities, dates, places, names."""

from __future__ import annotations

import pytest

from storylens.compare.quotes import speakers_compatible
from storylens.compare.values import (
    facts_agree,
    facts_compatible,
    places_compatible,
    same_unit,
)
from storylens.model import Fact


def number(kind: str, value: float | str | None, unit: str | None = None, **extra: object) -> Fact:
    return Fact(kind=kind, text=str(value), start=0, end=1, value=value, unit=unit, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        (number("count", 350, "missile"), number("count", 350, "missile"), True),
        (number("count", 350, "missile"), number("count", 300, "missile"), False),
        (number("money", 12e6, "EUR"), number("money", 15e6, "EUR"), False),
        (
            number("duration", 60, "minutes", approx=True, bound="at_most"),
            number("duration", 20, "minutes"),
            False,
        ),
        (number("duration", 3, "hours"), number("duration", 180, "minutes", approx=True), True),
        (number("duration", 4, "years"), number("duration", 4, "years", approx=True), True),
        (number("count", 380000, "EUR", approx=True), number("count", 380000, "EUR"), True),
        (number("date", "2026-04-14"), number("date", "2026-04-14"), True),
        (number("date", "2026-04-14"), number("date", "2026-04-15"), False),
        (number("date", "2026-04-14"), number("date", "2026-04-01/2026-04-30"), True),
        (number("year", 2019), number("year", 2019), True),
        (number("year", 2019), number("year", 2022), False),
        # "More than a thousand" fits any larger figure; "up to" any smaller one.
        (number("count", 1000, "job", bound="at_least"), number("count", 1500, "job"), True),
        (number("count", 1000, "job", bound="at_least"), number("count", 800, "job"), False),
        (number("count", 300, "job", bound="at_most"), number("count", 120, "job"), True),
        (number("count", 300, "job", bound="at_most"), number("count", 340, "job"), False),
        # "Almost 300" lies just below 300, "just over 300" just above it.
        (number("count", 300, "job", approx=True, bound="at_most"), number("count", 280), True),
        (number("count", 300, "job", approx=True, bound="at_most"), number("count", 310), False),
        (number("count", 300, "job", approx=True, bound="at_least"), number("count", 320), True),
        (number("count", 300, "job", approx=True, bound="at_least"), number("count", 280), False),
        (
            number("duration", 40, "minutes", bound="at_most"),
            number("duration", 3, "hours", bound="at_most"),
            True,
        ),
    ],
)
def test_values_facts_compatible(first: Fact, second: Fact, compatible: bool) -> None:
    assert facts_compatible(first, second) is compatible
    assert facts_compatible(second, first) is compatible


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        (number("count", 350, "missile"), number("count", 350, "missile"), True),
        (number("count", 380, "job", approx=True), number("count", 400, "job"), True),
        (
            number("duration", 60, "minutes", approx=True, bound="at_most"),
            number("duration", 55, "minutes"),
            True,
        ),
        # Both can be true, but they are two figures, not one told twice.
        (number("count", 1000, "job", bound="at_least"), number("count", 1500, "job"), False),
        (
            number("duration", 40, "minutes", bound="at_most"),
            number("duration", 3, "hours", bound="at_most"),
            False,
        ),
        # Close, but "almost an hour" is not more than an hour.
        (
            number("duration", 60, "minutes", approx=True, bound="at_most"),
            number("duration", 65, "minutes"),
            False,
        ),
        (number("count", 350, "missile"), number("count", 300, "missile"), False),
    ],
)
def test_values_facts_agree(first: Fact, second: Fact, agree: bool) -> None:
    assert facts_agree(first, second) is agree
    assert facts_agree(second, first) is agree


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (number("count", 1, "sandbag"), number("count", 1, "sandbags"), True),
        (number("count", 1, "job"), number("count", 1, "people"), True),
        (number("duration", 1, "hours"), number("duration", 1, "minutes"), True),
        (number("count", 1, "sandbag"), number("count", 1, "households"), False),
        (number("money", 1, "EUR"), number("money", 1, "GBP"), False),
        (number("money", 1, "EUR"), number("percent", 1, "percent"), False),
    ],
)
def test_values_same_unit(first: Fact, second: Fact, same: bool) -> None:
    assert same_unit(first, second) is same


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("the Netherlands", "The Hague", True),
        ("The Hague", "Netherlands", True),
        ("Holland", "The Hague", True),
        ("Kyiv", "Ukraine", True),
        ("U.K.", "London", True),
        ("Port Velmar", None, True),
        ("The Hague", "Brussels", False),
        ("Kyiv", "Russia", False),
        ("Port Velmar", "Tamsford", False),
    ],
)
def test_values_places_compatible(first: str, second: str | None, compatible: bool) -> None:
    assert places_compatible(first, second) is compatible


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", True),
        ("Zelenskyy", "Volodymyr Zelensky", True),
        ("Donald Trump", "Trump", True),
        ("Lucan Ardery", None, True),
        ("Donald Trump", "Vladimir Putin", False),
    ],
)
def test_values_speakers_compatible(first: str, second: str | None, compatible: bool) -> None:
    assert speakers_compatible(first, second) is compatible
