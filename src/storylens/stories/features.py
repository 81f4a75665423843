"""What story clustering looks at in one article: words, named entities, numbers, dates, time.

:func:`article_features` reduces an (:class:`~storylens.model.Article`,
:class:`~storylens.model.Analysis`) pair to plain counts. The clusterer weighs them; nothing here
depends on other articles, so features can be built in parallel, before the single writer.

The signals follow what separates two similar events (two storms, two strikes): the same kind
of words, but other names, places, figures and dates (Cybulska & Vossen, "Using a sledgehammer
to crack a nut? Lexical diversity and event coreference resolution", LREC 2014).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from storylens.model import Analysis, Article

__all__ = ["LABEL_WEIGHTS", "StoryFeatures", "article_features", "content_terms"]


#: How much a shared entity of each label says about "same event": a shared person or
#: organisation says more than a shared country or nationality.
LABEL_WEIGHTS: dict[str, float] = {
    "PERSON": 1.0,
    "ORG": 1.0,
    "EVENT": 1.0,
    "FAC": 0.9,
    "PRODUCT": 0.8,
    "WORK_OF_ART": 0.8,
    "LAW": 0.8,
    "GPE": 0.6,
    "LOC": 0.6,
    "NORP": 0.3,
}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entities named in the title or the first sentences weigh this much more: the lead says
#: whom and where the event is about; background names come later.
LEAD_BOOST = 1.5
LEAD_SENTENCES = 2
#: A body with fewer content words (an empty page, a title only) cannot be placed in a story.
MIN_BODY_WORDS = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])"
)
_FIGURE_KINDS = frozenset({"count", "money", "percent"})
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DAY_MONTH_YEAR = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)"
    r"\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """
    a about above after again against all also although am among an and another any are around
    as at away back be because been before being below between both but by can could did do does
    doing done down during each either else even ever every few for from further get gets got had
    has have having he her here hers herself him himself his how however i if in into is it its
    itself just last later least less like made make many may me might more most much must my
    myself near never new next no nor not now of off often on once one only onto or other others
    our ours out over own per perhaps put rather said same say says see seen she should since so
    some still such than that the their theirs them themselves then there these they this those
    though through thus to today told too toward towards under until up upon us very via was we
    were what when where whether which while who whom whose why will with within without would
    yet you your yours yesterday tomorrow mr mrs ms according two three four five six seven eight
    nine ten first second third monday tuesday wednesday thursday friday saturday sunday week
    weeks year years day days time times people percent including including told asked
    """.split()
)
_SUFFIXES = ("ies", "ing", "ed", "es", "s")


@dataclass(frozen=True)
class StoryFeatures:
    """One article's clustering signals, independent of every other article.

    ``terms`` are content-word counts (title and body), ``kind_terms`` the same without the
    words of named entities (what kind of event, not who or where), ``entities`` canonical
    entity keys with weights (mentions, label and lead position), ``places`` the keys that
    name places,
    ``numbers`` the figures quoted (years excepted; with what they count when the analysis
    says), ``dates`` the years and full dates named.
    ``note`` says why the article cannot be clustered, when it cannot.
    """

    article_id: str
    published: datetime | None = None
    title: str | None = None
    terms: dict[str, float] = field(default_factory=dict)
    kind_terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    note: str | None = None


def article_features(article: Article, analysis: Analysis | None = None) -> StoryFeatures:
    """The clustering signals of one article (``analysis`` adds entities and stated dates).

    The id is the article's external id, the one the CLI prints and the gold files use.
    """
    title = article.title.strip() if article.title and article.title.strip() else None
    with_title = title and not article.body.startswith(title)
    text = f"{title}\n{article.body}" if with_title else article.body
    body_terms = content_terms(article.body)
    # Words never run across the line break, so the text's counts are the two parts' counts.
    terms = _added(content_terms(title), body_terms) if title and with_title else body_terms
    entities, places = _entities(analysis, article) if analysis else ({}, frozenset[str]())
    return StoryFeatures(
        article_id=article.external_id,
        published=article.published,
        title=title,
        terms=terms,
        kind_terms=_kind_terms(article, analysis) if analysis else terms,
        entities=entities,
        places=places,
        numbers=_numbers(article.body, analysis),
        dates=_dates(text, analysis),
        note=_note(article, body_terms),
    )


def content_terms(text: str) -> dict[str, float]:
    """Counts of the content words of ``text``, case-folded, stop words out, light stemming."""
    counts = Counter(
        _stem(word)
        for word in (match.group().casefold() for match in _WORD.finditer(text))
        if len(word) > 2 and word not in _STOP
    )
    return {term: float(count) for term, count in counts.items()}


def _added(first: dict[str, float], second: dict[str, float]) -> dict[str, float]:
    total = dict(second)
    for term, count in first.items():
        total[term] = total.get(term, 0.0) + count
    return total


@lru_cache(maxsize=65_536)  # news repeats its words: most stems are looked up, not worked out
def _stem(word: str) -> str:
    """Strip one common inflection so "floods", "flooded" and "flooding" count as one word."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _kind_terms(article: Article, analysis: Analysis) -> dict[str, float]:
    """Content words of the text outside entity mentions: "storm", "flood", not "Ilsa"."""
    pieces, position = [], 0
    for mention in sorted(analysis.mentions, key=lambda m: m.start):
        pieces.append(article.text[position : mention.start])
        position = max(position, mention.end)
    pieces.append(article.text[position:])
    title = article.title if article.title and article.title not in article.text else ""
    names = {m.text.casefold() for m in analysis.mentions}
    kept = [word for word in title.split() if word.casefold().strip(".,:;'\"") not in names]
    return content_terms(" ".join([*kept, " ".join(pieces)]))


def _entities(analysis: Analysis, article: Article) -> tuple[dict[str, float], frozenset[str]]:
    lead_end = _lead_end(analysis, article)
    in_lead = {m.entity for m in analysis.mentions if m.start < lead_end}
    title = (article.title or "").casefold()
    weights: dict[str, float] = {}
    places = set()
    for entity in analysis.entities:
        key = entity.name.casefold().strip()
        if not key:
            continue
        weight = LABEL_WEIGHTS.get(entity.label, 0.5) * (1.0 + math.log(max(entity.mentions, 1)))
        if entity.name in in_lead or (title and key in title):
            weight *= LEAD_BOOST
        weights[key] = max(weights.get(key, 0.0), weight)
        if entity.label in PLACE_LABELS:
            places.add(key)
    return weights, frozenset(places)


def _lead_end(analysis: Analysis, article: Article) -> int:
    """Offset in ``article.text`` where the lead (the first sentences) ends."""
    if not analysis.sentences:
        return len(article.text)
    return analysis.sentences[min(LEAD_SENTENCES, len(analysis.sentences)) - 1].end


def _numbers(text: str, analysis: Analysis | None = None) -> frozenset[str]:
    """Figures quoted in the text, commas removed; years and small counts say little.

    The analysis adds each counted, money or percent figure with what it counts ("23 pirate",
    "2e+08 USD"): two events of one kind often differ in such a count, and a bare number
    matches every "30" of a time, an age or a day.
    """
    found = set()
    for fact in analysis.facts if analysis else ():
        if fact.kind in _FIGURE_KINDS and fact.unit and isinstance(fact.value, int | float):
            found.add(f"{fact.value:g} {fact.unit}")
    for match in _NUMBER.finditer(text):
        value = match.group().replace(",", "")
        if _YEAR.fullmatch(value) or (value.isdigit() and int(value) <= 12):
            continue
        found.add(value)
    return frozenset(found)


def _dates(text: str, analysis: Analysis | None) -> frozenset[str]:
    """Years and full dates (ISO) the text names, and dates the analysis resolved."""
    found = set(_YEAR.findall(text))
    for match in _DAY_MONTH_YEAR.finditer(text):
        day = match.group(1) or match.group(4)
        month = _MONTHS.index((match.group(2) or match.group(3)).lower()[:3]) + 1
        if 1 <= int(day) <= 31:
            found.add(f"{match.group(5)}-{month:02d}-{int(day):02d}")
    for fact in analysis.facts if analysis else ():
        if fact.kind in ("date", "year") and isinstance(fact.value, int | float):
            found.add(str(int(fact.value)))
        elif fact.kind in ("date", "year") and isinstance(fact.value, str):
            found.add(fact.value.split("/")[0][:10])
    return frozenset(found)


def _note(article: Article, body_terms: dict[str, float]) -> str | None:
    if article.language not in (None, "en"):
        return f"language {article.language!r} is not English: kept as a story of its own"
    if sum(body_terms.values()) < MIN_BODY_WORDS:
        return "too little text to cluster on (empty or title only): kept as a story of its own"
    return None
