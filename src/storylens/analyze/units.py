"""Units and currencies a number can count in, and the singular a counted noun is reported
under; the tables are ``data/units_en.tsv`` and ``data/currencies_en.tsv``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Unit:
    """A row of ``data/units_en.tsv``: a unit as written and how it is reported."""

    kind: str  # "duration" | "measure"
    unit: str
    factor: Decimal


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Form as written, lower case -> the unit it names."""
    table: dict[str, Unit] = {}
    for fields in _rows("data/units_en.tsv", 4):
        table.setdefault(fields[0].lower(), Unit(fields[1], fields[2], Decimal(fields[3])))
    return table


@lru_cache(maxsize=1)
def currencies() -> dict[str, tuple[str, str]]:
    """Form -> (ISO code, where it stands: before / after / either)."""
    table: dict[str, tuple[str, str]] = {}
    for form, code, place in _rows("data/currencies_en.tsv", 3):
        key = form if place == "before" else form.lower()
        table.setdefault(key, (code, place))
    return table


def _rows(name: str, width: int) -> Iterable[list[str]]:
    text = resources.files("storylens.analyze").joinpath(name).read_text("utf-8")
    for line in text.splitlines()[1:]:
        fields = line.split("\t")
        if line.strip() and not line.startswith("#") and len(fields) == width:
            yield fields


_IRREGULAR = {
    "people": "person", "persons": "person", "men": "man", "women": "woman",
    "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "lives": "life", "wives": "wife", "knives": "knife", "leaves": "leaf", "halves": "half",
    "thieves": "thief", "shelves": "shelf", "wolves": "wolf", "calves": "calf",
}  # fmt: skip
_UNCHANGED = frozenset(
    "staff crew police sheep cattle deer fish aircraft series species news headquarters "
    "livestock personnel offspring means yen".split()
)


def unit_key(noun: str) -> str:
    """The singular form a counted noun is reported under: "sandbags" -> "sandbag",
    "union members" -> "union member", "kilometres" -> "kilometre", "people" -> "person".

    Public so that callers comparing facts (and the tests) normalise other people's units the
    same way.
    """
    words = noun.lower().split()
    if not words:
        return ""
    whole = " ".join(words)
    found = unit_of(whole)
    if found is not None and found.kind == "measure":
        return found.unit
    return " ".join([*words[:-1], singular(words[-1])])


def singular(word: str) -> str:
    """English singular of a plural noun, by the regular rules and a few exceptions."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _UNCHANGED or len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return word[:-2]
    return word[:-1]


def unit_of(word: str) -> Unit | None:
    """The unit a word names, singular or plural ("hours", "km", "square metres")."""
    table = units()
    word = word.lower()
    found = table.get(word)
    if found is None and word.endswith("s"):
        found = table.get(word[:-1]) or table.get(singular(word))
    return found
