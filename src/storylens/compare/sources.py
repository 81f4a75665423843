"""Independent sources: who actually reported a fact, as opposed to who repeated it.

A syndicated copy counts for the outlet of the article it copies. A sentence that credits a
news organisation ("..., according to the Associated Press") counts for that organisation, so
an outlet relaying a wire story does not corroborate the wire. Articles of one outlet are one
source. An article whose outlet is unknown (a plain file) is a source of its own unless it is
a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storylens.model import StoryArticle
from storylens.names import name_key

__all__ = ["NEWS_WORDS", "Sources", "credited_outlet"]

# Words that mark a name as a news organisation's: "Meridian Press Agency", "Calder Reach
# Radio", "the Associated Press". A ministry or a weather service credited for a figure is a
# source of the figure, not another outlet, so it does not change who reported it.
NEWS_WORDS = frozenset(
    """
    press news newswire wire agency agence associated reuters afp bloomberg radio television tv
    broadcasting broadcaster times post gazette herald courier network review journal tribune
    telegraph guardian chronicle daily weekly observer independent standard mirror express
    bbc cnn nbc abc cbs npr dpa ansa efe tass xinhua kyodo yonhap aljazeera
    """.split()
)
_CREDIT = re.compile(
    r"\b(?:according to|reported by|citing|cited by|told)\s+(?:the\s+)?"
    r"((?:[A-Z][\w&'’.-]*)(?:\s+(?:of\s+|&\s+)?[A-Z][\w&'’.-]*)*)"
)
_CUES = ("according", "reported", "citing", "cited", "told")
_REPORTED = re.compile(
    r"(?:^|[,;]\s+)(?:the\s+)?((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*)*)\s+reported\b"
)


def credited_outlet(sentence: str, known_outlets: Iterable[str] = ()) -> str | None:
    """The news organisation a sentence credits, as written, or None.

    A credited name counts when it is one of ``known_outlets`` or reads as a news outlet's
    name (see :data:`NEWS_WORDS`). "Told the Courier" is the speaker talking to an outlet, so
    it counts only where the outlet is known to be another outlet of the story.
    """
    return _credited(sentence, frozenset(_bare(name_key(o)) for o in known_outlets))


def _credited(sentence: str, known: frozenset[str]) -> str | None:
    if not any(cue in sentence for cue in _CUES):
        return None  # the common case, answered without a regex
    for pattern in (_CREDIT, _REPORTED):
        for match in pattern.finditer(sentence):
            name = match.group(1).rstrip(".,")
            key = _bare(name_key(name))
            told = match.group(0).lstrip().lower().startswith("told")
            if key in known or (not told and set(key.split()) & NEWS_WORDS):
                return name
    return None


@dataclass(frozen=True)
class Sources:
    """The independent source of each article of a story, and of each sentence that credits."""

    of_article: dict[str, str]  # external id -> source key
    labels: dict[str, str]  # external id -> outlet name, or the id when the outlet is unknown
    known_outlets: frozenset[str]  # name keys of the outlets a sentence may credit

    @classmethod
    def of(cls, members: Sequence[StoryArticle], extra_outlets: Iterable[str] = ()) -> Sources:
        """Sources of a story's members; ``extra_outlets`` names outlets beyond the story's."""
        by_id = {m.article.external_id: m for m in members}
        outlets = {m.article.outlet for m in members if m.article.outlet}
        labels = {key: m.article.outlet or key for key, m in by_id.items()}
        of_article = {key: _source_key(by_id, _root(by_id, key)) for key in by_id}
        known = frozenset(_bare(name_key(o)) for o in outlets | set(extra_outlets))
        return cls(of_article, labels, known)

    def of_sentence(self, article: str, sentence: str) -> str:
        """The source a sentence of ``article`` counts for: a credited outlet, else the
        article's own."""
        credited = _credited(sentence, self.known_outlets)
        if credited is not None:
            return outlet_key(credited)
        return self.of_article[article]


def outlet_key(outlet: str) -> str:
    """The source key of a named outlet ("the Associated Press" and "Associated Press" agree)."""
    return "outlet:" + _bare(name_key(outlet))


def _bare(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _root(by_id: dict[str, StoryArticle], key: str) -> str:
    """The article a copy chain starts from (a copy outside the story stops the walk)."""
    seen = {key}
    current = by_id[key]
    while current.copy_of is not None and current.copy_of not in seen:
        seen.add(current.copy_of)
        original = by_id.get(current.copy_of)
        if original is None:
            return current.copy_of
        current = original
    return current.article.external_id


def _source_key(by_id: dict[str, StoryArticle], root: str) -> str:
    member = by_id.get(root)
    if member is not None and member.article.outlet:
        return outlet_key(member.article.outlet)
    return "article:" + root
