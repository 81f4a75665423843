"""Known places and international organisations, with their aliases.

The table (``data/gazetteer.tsv``, written by the team from common geographic facts) lets the
analysis repair what a small NER model gets wrong ("Kyiv" as a person) and merge aliases
("U.K." = "Britain" = "United Kingdom").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storylens.names import name_key


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: canonical name and entity type (GPE, LOC or ORG)."""

    name: str
    label: str


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Alias key (see :func:`storylens.names.name_key`) -> entry."""
    table: dict[str, Place] = {}
    text = resources.files("storylens.analyze").joinpath("data/gazetteer.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "alias\t")):
            continue
        alias, canonical, label = line.split("\t")
        table.setdefault(name_key(alias), Place(canonical, label))
    return table


def lookup(name: str) -> Place | None:
    """The entry for a name as written, trying it with and without a leading "the"."""
    table = gazetteer()
    key = name_key(name)
    place = table.get(key)
    if place is None and key.startswith("the "):
        place = table.get(key[4:])
    return place
