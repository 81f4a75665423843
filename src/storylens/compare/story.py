"""One story's comparison: align everything its articles say, then label each fact.

A fact is *corroborated* when at least two independent sources (see :mod:`.sources`) carry
it, *single-source* when one does, and *conflicting* when its slot holds incompatible values.
Quotes whose words drift between outlets are listed apart with a word diff, and each outlet's
coverage says which of the story's facts it carries and which it lacks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storylens.compare.align import Item, Slot, StoryText
from storylens.compare.events import align_events, event_items
from storylens.compare.quantities import align_quantities, quantity_items
from storylens.compare.quotes import (
    QuoteRelation,
    align_quotes,
    quote_items,
    quote_relation,
    quote_words,
    word_diff,
)
from storylens.compare.sources import Sources
from storylens.compare.statements import align_statements, statement_items
from storylens.compare.values import value_label
from storylens.model import (
    AlignedFact,
    ComparedArticle,
    Comparison,
    Coverage,
    Drift,
    DriftVersion,
    Event,
    Fact,
    Quote,
    StoryArticle,
    Variant,
)

__all__ = ["CompareSettings", "compare_story"]

_STATUS_ORDER = {"conflicting": 0, "corroborated": 1, "single-source": 2}
_KIND_ORDER = {"quantity": 0, "quote": 1, "event": 2, "statement": 3}
_ABOUT_CHARS = 160


@dataclass(frozen=True)
class CompareSettings:
    """Thresholds of the comparison, chosen from the sweeps of ``benchmarks/compare.py``.

    ``quote_shared``: share of the shorter quote's words two drifting quotes must share (the
    sweep is flat from 0.5 to 0.9; 0.75 sits in its middle). ``quantity_agree``: context
    cosine for two compatible figures to be one (equal figures in one story are nearly always
    one fact, so the bar is low; 0.0-0.1 score alike). ``quantity_conflict``: cosine of the
    words next to two incompatible figures for them to conflict (0.2-0.25 maximise the lowest
    label precision or recall). ``statement``: cosine for two sentences to say the same thing
    (0.5 is where precision on gold sentence pairs reaches about 0.9). ``frames``: whether a
    number's frame (what it counts, the verb it attaches to, whether it is demanded or
    offered: :mod:`.frames`) also decides which figures are rivals; off, only the words near
    the numbers do (the benchmark's baseline).
    """

    quote_shared: float = 0.75
    quantity_agree: float = 0.05
    quantity_conflict: float = 0.2
    statement: float = 0.5
    frames: bool = True


def compare_story(
    story_id: str,
    members: Sequence[StoryArticle],
    settings: CompareSettings | None = None,
    *,
    outlets: Iterable[str] = (),
) -> Comparison:
    """Compare the articles of one story; ``outlets`` names further outlets that a sentence
    may credit ("according to ...") beyond those of the story's own articles."""
    options = settings or CompareSettings()
    text = StoryText.of(members)
    sources = Sources.of(members, outlets)
    facts: list[AlignedFact] = []
    drift: list[Drift] = []
    quantity_slots = align_quantities(
        quantity_items(members, text),
        text,
        members,
        agree=options.quantity_agree,
        conflict=options.quantity_conflict,
        frames=options.frames,
    )
    facts += [_quantity_fact(slot, text, sources) for slot in quantity_slots]
    for slot in align_quotes(quote_items(members, text), min_shared=options.quote_shared):
        facts.append(_quote_fact(slot, text, sources))
        if slot.drift:
            drift.append(_drift(slot))
    facts += [_event_fact(s, text, sources) for s in align_events(event_items(members, text), text)]
    statements = align_statements(statement_items(members, text), text, threshold=options.statement)
    facts += [_fact("statement", s, text, sources, s.items[0].text) for s in statements]
    order = {article: k for k, article in enumerate(text.articles)}
    facts.sort(
        key=lambda f: (
            _STATUS_ORDER[f.status],
            -f.independent_sources,
            _KIND_ORDER[f.kind],
            order[f.articles[0]],
        )
    )
    return Comparison(
        story=story_id,
        articles=tuple(
            ComparedArticle(m.article.external_id, m.article.outlet, m.copy_of) for m in members
        ),
        facts=tuple(facts),
        drift=tuple(drift),
        coverage=_coverage(facts, sources),
    )


def _fact(
    kind: str,
    slot: Slot[Any],
    text: StoryText,
    sources: Sources,
    shown: str,
    about: str | None = None,
    values: Sequence[str | None] | None = None,
) -> AlignedFact:
    variants = tuple(
        Variant(
            item.article,
            item.text,
            item.start,
            item.end,
            sources.of_sentence(item.article, text.sentences[item.sentence]),
            values[k] if values else None,
        )
        for k, item in enumerate(slot.items)
    )
    independent = tuple(dict.fromkeys(v.source for v in variants))
    articles = tuple(dict.fromkeys(v.article for v in variants))
    if slot.conflict:
        status = "conflicting"
    else:
        status = "corroborated" if len(independent) >= 2 else "single-source"
    return AlignedFact(
        kind=kind,
        text=shown,
        status=status,
        articles=articles,
        outlets=tuple(dict.fromkeys(sources.labels[a] for a in articles)),
        independent_sources=len(independent),
        variants=variants,
        about=about,
        sources=independent,
    )


def _quantity_fact(slot: Slot[Fact], text: StoryText, sources: Sources) -> AlignedFact:
    values = [value_label(item.payload) for item in slot.items]
    if slot.conflict:
        shown = " / ".join(dict.fromkeys(item.text for item in slot.items))
    else:
        shown = slot.items[0].text
    about = _shorten(text.sentences[slot.items[0].sentence])
    return _fact("quantity", slot, text, sources, shown, about, values)


def _quote_fact(slot: Slot[Quote], text: StoryText, sources: Sources) -> AlignedFact:
    longest = max(slot.items, key=lambda item: len(quote_words(item.text)))
    speaker = next(
        (i.payload.speaker_canonical for i in slot.items if i.payload.speaker_canonical), None
    )
    return _fact("quote", slot, text, sources, longest.text, speaker)


def _event_fact(slot: Slot[Event], text: StoryText, sources: Sources) -> AlignedFact:
    event = slot.items[0].payload
    shown = " ".join(part for part in (event.actor, event.predicate, event.target) if part)
    places = [item.payload.place for item in slot.items]
    return _fact("event", slot, text, sources, shown, event.actor, places)


def _drift(slot: Slot[Quote]) -> Drift:
    """The versions of a drifting quote, one per article, diffed against the commonest."""
    involved = {k for pair in slot.drift for k in pair}
    counts = Counter(tuple(quote_words(slot.items[k].text)) for k in sorted(involved))
    base_words = counts.most_common(1)[0][0]
    base = next(
        slot.items[k]
        for k in sorted(involved)
        if tuple(quote_words(slot.items[k].text)) == base_words
    )
    versions: dict[str, Item[Quote]] = {}
    for item in slot.items:
        if item.payload.kind != "direct" or item.article in versions:
            continue
        relation = quote_relation(base.text, item.text)
        if relation in (QuoteRelation.SAME, QuoteRelation.DRIFT):
            versions[item.article] = item
    lines = [
        f"{article}: {word_diff(base.text, item.text)}"
        for article, item in versions.items()
        if tuple(quote_words(item.text)) != base_words
    ]
    speaker = next(
        (i.payload.speaker_canonical for i in slot.items if i.payload.speaker_canonical), None
    )
    return Drift(
        speaker=speaker,
        versions=tuple(DriftVersion(article, item.text) for article, item in versions.items()),
        diff="\n".join(lines),
    )


def _coverage(facts: Sequence[AlignedFact], sources: Sources) -> tuple[Coverage, ...]:
    by_outlet: dict[str, set[str]] = {}
    for article, label in sources.labels.items():
        by_outlet.setdefault(label, set()).add(article)
    coverage = []
    for outlet, articles in by_outlet.items():
        carried = [not articles.isdisjoint(fact.articles) for fact in facts]
        coverage.append(
            Coverage(
                outlet,
                tuple(a for a in sources.labels if a in articles),
                tuple(k for k, carries in enumerate(carried) if carries),
                tuple(k for k, carries in enumerate(carried) if not carries),
            )
        )
    return tuple(coverage)


def _shorten(sentence: str) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= _ABOUT_CHARS else flat[: _ABOUT_CHARS - 1].rstrip() + "…"
