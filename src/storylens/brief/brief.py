"""A story's brief: the cited summary, key facts, who said what, and a timeline.

The key facts and quotes come from the compare stage's :class:`~storylens.model.Comparison`
when one is given (corroborated first, each with its status). Without one,
:func:`facts_from_analyses` and :func:`quotes_from_analyses` group the articles' own facts and
quotes by value and wording: that fallback can say corroborated or single-source, never
conflicting, and the brief carries a note saying so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storylens.analyze.quotes import with_quoted_parts
from storylens.brief.abstractive import Endpoint, abstractive_summary
from storylens.brief.summarize import DEFAULT_WORDS, summarize
from storylens.model import (
    AlignedFact,
    Brief,
    BriefQuote,
    BriefSource,
    Comparison,
    KeyFact,
    StoryArticle,
    TimelineEntry,
)

__all__ = [
    "KEY_FACTS",
    "KEY_FACT_KINDS",
    "build_brief",
    "facts_from_analyses",
    "facts_from_comparison",
    "quotes_from_analyses",
    "quotes_from_comparison",
    "timeline",
]

#: Fact kinds a key-facts table shows: dates and times say little without their event (the
#: timeline holds dated events), ordinals little alone.
KEY_FACT_KINDS = frozenset({"money", "percent", "count", "duration", "year", "quantity"})
# Corroborated first, as the brief promises; a conflict next, before what one source alone says.
_STATUS_ORDER = {"corroborated": 0, "conflicting": 1, "single-source": 2}
#: Rows of the key-facts table; the rest (the least backed) are counted in a note.
KEY_FACTS = 12
_NO_COMPARISON = "no comparison given: fact status is by matching values only, never conflicting"


def build_brief(
    story: str,
    members: Sequence[StoryArticle],
    *,
    comparison: Comparison | None = None,
    title: str | None = None,
    max_words: int = DEFAULT_WORDS,
    endpoint: Endpoint | None = None,
) -> Brief:
    """Everything a reader needs about one story, every item traced to its articles.

    ``comparison`` is the compare stage's result for the same members; without it the key
    facts and quotes are grouped from the analyses alone (see the module docstring). With an
    ``endpoint`` the summary is abstractive and checked; what the check dropped is in the notes.
    """
    notes = [] if comparison is not None or not members else [_NO_COMPARISON]
    if endpoint is None:
        summary = summarize(members, max_words=max_words)
    else:
        checked = abstractive_summary(members, endpoint, max_words=max_words)
        summary = checked.summary
        notes += [f"dropped from the summary ({why}): {text}" for text, why in checked.dropped]
    if comparison is not None:
        key_facts = facts_from_comparison(comparison, members)
        quotes = quotes_from_comparison(comparison, members)
    else:
        key_facts = facts_from_analyses(members)
        quotes = quotes_from_analyses(members)
    if len(key_facts) > KEY_FACTS:
        left = Counter(fact.status for fact in key_facts[KEY_FACTS:])
        counts = ", ".join(f"{n} {status}" for status, n in left.items())
        notes.append(f"{sum(left.values())} more facts not listed ({counts})")
        key_facts = key_facts[:KEY_FACTS]
    return Brief(
        story=story,
        title=title or next((m.article.title for m in members if m.article.title), None),
        sources=tuple(_source(member) for member in members),
        summary=summary,
        key_facts=tuple(key_facts),
        quotes=tuple(quotes),
        timeline=tuple(timeline(members)),
        notes=tuple(notes),
    )


def _source(member: StoryArticle) -> BriefSource:
    article = member.article
    return BriefSource(
        id=article.external_id,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        published=article.published,
        copy_of=member.copy_of,
    )


# --- from a Comparison ---------------------------------------------------------------------


def facts_from_comparison(comparison: Comparison, members: Sequence[StoryArticle]) -> list[KeyFact]:
    """The comparison's numbers as key facts: corroborated, conflicting, then single-source.

    An aligned quantity takes the kind of the article fact it came from (money, count, ...);
    dates and times are left to the timeline.
    """
    facts = {(m.article.external_id, f.start): f for m in members for f in m.analysis.facts}
    found = []
    for aligned in comparison.facts:
        if aligned.kind != "quantity" or not aligned.variants:
            continue
        first = aligned.variants[0]
        fact = facts.get((first.article, first.start))
        kind = fact.kind if fact is not None else aligned.kind
        if kind in KEY_FACT_KINDS:
            found.append(_key_fact(aligned, kind, fact.unit if fact is not None else None))
    return sorted(found, key=lambda f: (_STATUS_ORDER.get(f.status, 3), -len(f.articles)))


def _key_fact(fact: AlignedFact, kind: str, unit: str | None) -> KeyFact:
    variants = tuple(dict.fromkeys(v.text for v in fact.variants))
    values = [v.value for v in fact.variants if v.value]
    return KeyFact(
        kind=kind,
        text=fact.text,
        status=fact.status,
        articles=fact.articles,
        outlets=fact.outlets,
        value=values[0] if values else None,
        unit=unit,
        about=fact.about,
        variants=variants if len(variants) > 1 else (),
    )


def quotes_from_comparison(
    comparison: Comparison, members: Sequence[StoryArticle]
) -> list[BriefQuote]:
    """The comparison's aligned direct quotes, the most widely carried first.

    Reported speech ("X said that ...") stays out: the table shows words as spoken.
    """
    direct = {
        (m.article.external_id, q.start)
        for m in members
        for q in with_quoted_parts(m.analysis.quotes)
        if q.kind == "direct"
    }
    quotes = [
        BriefQuote(speaker=f.about, text=f.text, articles=f.articles, outlets=f.outlets)
        for f in comparison.facts
        if f.kind == "quote" and any((v.article, v.start) in direct for v in f.variants)
    ]
    return sorted(quotes, key=lambda q: -len(q.articles))


# --- from the analyses alone ----------------------------------------------------------------


@dataclass
class _Group:
    """Items that say the same thing, with the articles that carry them."""

    first: str
    articles: list[str] = field(default_factory=list)
    originals: set[str] = field(default_factory=set)
    variants: list[str] = field(default_factory=list)

    def add(self, member: StoryArticle, text: str) -> None:
        article = member.article.external_id
        if article not in self.articles:
            self.articles.append(article)
        self.originals.add(member.copy_of or article)
        if text not in self.variants:
            self.variants.append(text)


def facts_from_analyses(members: Sequence[StoryArticle]) -> list[KeyFact]:
    """Numbers the articles state, one per normalised value: corroborated when two or more
    independent articles give the same value and unit."""
    groups: dict[tuple[str, str, str], _Group] = {}
    about: dict[tuple[str, str, str], str | None] = {}
    for member in members:
        for fact in member.analysis.facts:
            if fact.kind not in KEY_FACT_KINDS or fact.value is None:
                continue
            key = (fact.kind, str(fact.value), fact.unit or "")
            groups.setdefault(key, _Group(fact.text)).add(member, fact.text)
            about.setdefault(key, fact.of)
    outlets = _outlets(members)
    facts = [
        KeyFact(
            kind=kind,
            text=group.first,
            status="corroborated" if len(group.originals) >= 2 else "single-source",
            articles=tuple(group.articles),
            outlets=_outlets_of(group.articles, outlets),
            value=_number(value),
            unit=unit or None,
            about=about[(kind, value, unit)],
            variants=tuple(group.variants) if len(group.variants) > 1 else (),
        )
        for (kind, value, unit), group in groups.items()
    ]
    return sorted(facts, key=lambda f: (_STATUS_ORDER[f.status], -len(f.articles)))


def quotes_from_analyses(members: Sequence[StoryArticle]) -> list[BriefQuote]:
    """Direct quotes, one per speaker and wording (case, punctuation and spacing aside)."""
    groups: dict[tuple[str | None, str], _Group] = {}
    for member in members:
        for quote in with_quoted_parts(member.analysis.quotes):
            if quote.kind != "direct" or not quote.text.strip():
                continue
            key = (quote.speaker_canonical, _wording(quote.text))
            groups.setdefault(key, _Group(quote.text.strip())).add(member, quote.text)
    outlets = _outlets(members)
    quotes = [
        BriefQuote(
            speaker, group.first, tuple(group.articles), _outlets_of(group.articles, outlets)
        )
        for (speaker, _), group in groups.items()
    ]
    return sorted(quotes, key=lambda q: -len(q.articles))


def timeline(members: Sequence[StoryArticle]) -> list[TimelineEntry]:
    """Events whose date the analysis resolved, in date order, one entry per event and date."""
    groups: dict[tuple[str, str], _Group] = {}
    for member in members:
        for event in member.analysis.events:
            if not event.date or event.negated:
                continue
            said = " ".join(p for p in (event.actor, event.predicate, event.target) if p)
            if event.place:
                said += f" ({event.place})"
            groups.setdefault((event.date, _wording(said)), _Group(said)).add(member, said)
    outlets = _outlets(members)
    entries = [
        TimelineEntry(
            date, group.first, tuple(group.articles), _outlets_of(group.articles, outlets)
        )
        for (date, _), group in groups.items()
    ]
    return sorted(entries, key=lambda entry: entry.date)


def _wording(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def _outlets(members: Iterable[StoryArticle]) -> dict[str, str | None]:
    return {m.article.external_id: m.article.outlet for m in members}


def _outlets_of(articles: Iterable[str], outlets: dict[str, str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o for a in articles if (o := outlets.get(a))))
