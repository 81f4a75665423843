"""Online story clustering on analysed articles: one event, one story; related events, one topic."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storylens import read_articles
from storylens.analyze.pipeline import analyze_batch
from storylens.model import Analysis, Article, OffsetMap
from storylens.settings import load_settings
from storylens.stories import (
    Assignment,
    ClusterSettings,
    StoryClusterer,
    StoryFeatures,
    article_features,
    cluster_articles,
)
from tests.groundings import MARLA_FIRST, MARLA_SECOND

pytestmark = pytest.mark.slow

Pair = tuple[Article, Analysis]

# Two storms: the same kind of event, other names, places, figures and days.
ODILE = [
    (
        "odile-herald",
        "Storm Odile floods the harbour at Varnholt",
        "2026-02-10T08:00:00+00:00",
        "Storm Odile drove the sea over the harbour wall at Varnholt on Monday night, flooding "
        "140 homes along the quay and cutting power to the old town. Mayor Elske Brandvold said "
        "the council had opened the Varnholt sports hall as a shelter. Gusts of 131 km/h were "
        "measured at the lighthouse, and the coastguard rescued a fisherman whose boat broke "
        "its moorings. Forecasters expect the wind to ease by Tuesday evening.",
    ),
    (
        "odile-gazette",
        "Varnholt counts the cost after Storm Odile",
        "2026-02-10T15:30:00+00:00",
        "Residents of Varnholt spent Tuesday pumping water out of their houses after Storm "
        "Odile flooded the quay. The council said 140 homes were damaged and the sports hall "
        "sheltered families overnight. Mayor Elske Brandvold asked the regional government for "
        "emergency funds to repair the harbour wall, which the sea breached on Monday night. "
        "Power returned to most of the old town by the afternoon.",
    ),
    (
        "odile-wire",
        "Storm Odile: fisherman rescued off Varnholt",
        "2026-02-11T09:10:00+00:00",
        "The coastguard at Varnholt rescued a fisherman on Monday night when Storm Odile tore "
        "his boat from its moorings, officials said. Winds reached 131 km/h at the harbour "
        "lighthouse. Brandvold, the mayor, praised the crews and said repairs to the harbour "
        "wall breached by Odile would start once the sea calms. Flooding damaged 140 homes.",
    ),
]
CASSIUS = [
    (
        "cassius-post",
        "Storm Cassius tears roofs off and floods streets in Brellin",
        "2026-03-22T07:45:00+00:00",
        "Storm Cassius ripped roofs from 60 houses in the hill town of Brellin on Saturday, "
        "and gusts of 118 km/h cut power to the whole valley. Fire chief Tomas Quenby said two "
        "people were hurt by falling tiles. The storm brought 95 mm of rain, the river Saive "
        "flooded streets below the town bridge, and forecasters warned the wind would not ease "
        "before Sunday. The council opened the Brellin school as a shelter for flooded homes.",
    ),
    (
        "cassius-chronicle",
        "Brellin counts the damage after Storm Cassius",
        "2026-03-23T11:00:00+00:00",
        "Residents of Brellin spent Sunday clearing fallen trees and pumping water from "
        "flooded houses after Storm Cassius. Tomas Quenby, the fire chief, said 60 homes lost "
        "roofs and two people were treated for injuries. Power was restored to most of the "
        "valley by the evening. The river Saive, swollen by 95 mm of rain, is falling, and "
        "the council will ask the regional government for emergency funds for repairs.",
    ),
]
ORCHARD = (
    "orchard-weekly",
    "Frost halves the apple crop in the Brask valley",
    "2026-05-04T06:00:00+00:00",
    "Growers of the Brask valley orchard cooperative expect their smallest apple harvest in a "
    "decade after a late frost damaged blossom across the lower slopes. Chair Annick Voorhees "
    "said yields could fall by half, and the cooperative will ask the provincial council to "
    "share the cost of frost fans and netting before next spring.",
)
TITLE_ONLY = (
    "title-only",
    "Storm Odile: live updates",
    "2026-02-10T09:00:00+00:00",
    "Storm Odile: live updates\nMore soon.",
)
OTHER_LANGUAGE = (
    "other-language",
    "Sturm Odile überflutet den Hafen von Varnholt",
    "2026-02-10T10:00:00+00:00",
    "Der Sturm Odile hat in der Nacht zum Dienstag den Hafen von Varnholt überflutet. Nach "
    "Angaben der Bürgermeisterin wurden 140 Häuser beschädigt, und die Sporthalle dient als "
    "Notunterkunft. Die Küstenwache rettete einen Fischer, dessen Boot sich losgerissen hatte.",
)
Record = tuple[str, str, str, str]


def analysed(records: Sequence[Record], folder: Path, *, dated: bool = True) -> list[Pair]:
    """The records read and analysed as ingest would (with or without published times)."""
    path = folder / "articles.jsonl"
    lines = [
        {"id": key, "title": title, "text": body, **({"published": when} if dated else {})}
        for key, title, when, body in records
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    articles = [a for a in read_articles([str(path)]) if isinstance(a, Article)]
    results = analyze_batch(articles, load_settings().model)
    return [(a, r) for a, r in zip(articles, results, strict=True) if isinstance(r, Analysis)]


@pytest.fixture(scope="module")
def storms(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, list[Pair]]:
    """The storm and orchard articles, analysed once, with and without published times."""
    records = [*ODILE, *CASSIUS, ORCHARD]
    folder = tmp_path_factory.mktemp("storms")
    return {dated: analysed(records, folder, dated=dated) for dated in (True, False)}


def groups(rows: Sequence[tuple[str, str, str, str | None]], column: int) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(str(row[column]), set()).add(row[0])
    return {frozenset(members) for members in found.values()}


def ids(records: Sequence[Record]) -> frozenset[str]:
    return frozenset(record[0] for record in records)


@pytest.mark.parametrize("dated", [True, False], ids=["published-times", "no-published-times"])
@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_two_storms_are_two_stories_in_one_topic(
    storms: dict[bool, list[Pair]], dated: bool, reverse: bool
) -> None:
    pairs = storms[dated][::-1] if reverse else storms[dated]
    rows = cluster_articles(pairs)
    odile, cassius, orchard = ids(ODILE), ids(CASSIUS), ids([ORCHARD])
    assert groups(rows, 1) == {odile, cassius, orchard}
    assert groups(rows, 2) == {odile | cassius, orchard}


@pytest.mark.parametrize("dated", [True, False], ids=["published-times", "no-published-times"])
def test_each_article_is_placed_online_with_a_similarity(
    storms: dict[bool, list[Pair]], dated: bool
) -> None:
    # Stories stay open however far apart (as in a store): the storms are six weeks apart.
    clusterer = StoryClusterer(ClusterSettings(close_after_days=math.inf))
    placed = [clusterer.assign(article_features(a, r)) for a, r in storms[dated]]
    assert [p.is_new for p in placed] == [True, False, False, True, False, True]
    assert all(p.note is None for p in placed)
    first = placed[0].story_id
    assert [p.story_id == first for p in placed[:3]] == [True, True, True]
    assert all(p.similarity >= clusterer.settings.threshold for p in placed if not p.is_new)
    assert clusterer.topic_of(placed[3].story_id) == clusterer.topic_of(first)
    assert clusterer.title_of(first) in {title for _key, title, _when, _body in ODILE}


def test_a_copy_joins_the_story_of_its_original(storms: dict[bool, list[Pair]]) -> None:
    clusterer = StoryClusterer()
    (odile, odile_analysis), orchard_pair = storms[True][0], storms[True][-1]
    story = clusterer.assign(article_features(odile, odile_analysis)).story_id
    # Told it copies the Odile article, even an unrelated text goes to that story.
    placed = clusterer.assign(article_features(*orchard_pair), copy_of=story)
    assert (placed.story_id, placed.is_new) == (story, False)


@pytest.mark.parametrize(
    ("record", "reason"),
    [(TITLE_ONLY, "too little text"), (OTHER_LANGUAGE, "not English")],
    ids=["title-only", "other-language"],
)
def test_an_article_with_nothing_to_cluster_on_stands_alone_with_a_note(
    storms: dict[bool, list[Pair]], tmp_path: Path, record: Record, reason: str
) -> None:
    (pair,) = analysed([record], tmp_path)
    rows = cluster_articles([*storms[True], pair])
    alone = next(row for row in rows if row[0] == record[0])
    assert sum(1 for row in rows if row[1] == alone[1]) == 1
    placed = StoryClusterer().assign(article_features(*pair))
    assert placed.is_new and placed.note is not None and reason in placed.note


def test_saved_state_continues_identically(storms: dict[bool, list[Pair]]) -> None:
    features = [article_features(a, r) for a, r in storms[True]]
    clusterer = StoryClusterer()
    for item in features[:4]:
        clusterer.assign(item)
    restored = StoryClusterer.from_bytes(clusterer.to_bytes())
    later = [replace(item, article_id=f"{item.article_id}-again") for item in features[4:]]
    later += [replace(features[0], article_id="odile-repeat")]
    expected = [_plain(clusterer.assign(item)) for item in later]
    assert [_plain(restored.assign(item)) for item in later] == expected
    assert restored.to_bytes() == clusterer.to_bytes()


@pytest.fixture(scope="module")
def groundings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pair]:
    """The ferry reports analysed once, without published times, by id."""
    records = [(key, title, "", body) for key, title, body in MARLA_FIRST + MARLA_SECOND]
    pairs = analysed(records, tmp_path_factory.mktemp("groundings"), dated=False)
    return {article.external_id: (article, analysis) for article, analysis in pairs}


MERGING_ORDERS = [  # orders in which, without splitting, the two groundings end in one story
    ["dren-1", "dren-2", "dren-3", "oru-1", "oru-2", "oru-3"],
    ["dren-1", "dren-3", "oru-1", "oru-3", "oru-2", "dren-2"],
    ["oru-1", "oru-3", "oru-2", "dren-1", "dren-3", "dren-2"],
    ["dren-2", "dren-1", "oru-1", "oru-3", "dren-3", "oru-2"],
]


@pytest.mark.parametrize(
    "order", MERGING_ORDERS, ids=["in-turn", "mixed", "second-first", "mixed-2"]
)
def test_two_groundings_merged_in_one_story_split_into_two_related_stories(
    groundings: dict[str, Pair], order: list[str]
) -> None:
    pairs = [groundings[key] for key in order]
    first = frozenset(key for key, _title, _body in MARLA_FIRST)
    second = frozenset(key for key, _title, _body in MARLA_SECOND)
    unsplit = cluster_articles(pairs, settings=ClusterSettings(split_sizes=()))
    assert groups(unsplit, 1) == {first | second}
    rows = cluster_articles(pairs)
    assert groups(rows, 1) == {first, second}
    assert groups(rows, 2) == {first | second}


def test_features_without_analysis_still_cluster() -> None:
    """Words alone place an article (entities only sharpen the score)."""
    clusterer = StoryClusterer()
    bodies = [body for _key, _title, _when, body in ODILE]
    placed = [
        clusterer.assign(StoryFeatures(article_id=f"a{n}", terms=_counts(body)))
        for n, body in enumerate(bodies)
    ]
    assert len({p.story_id for p in placed}) < len(placed)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Floods close the Tarnwick quay", "The river Edle rose overnight. Floods closed roads."),
        ("The river Edle rose", "The river Edle rose overnight and flooded the quay."),
        (None, "The river Edle rose overnight and flooded the quay."),
    ],
    ids=["own-title", "body-starts-with-title", "no-title"],
)
def test_an_articles_words_are_its_headline_and_body_words(title: str | None, body: str) -> None:
    article = Article("x", "x", text=body, body=body, body_map=OffsetMap(()), title=title)
    text = f"{title}\n{body}" if title and not body.startswith(title) else body
    assert article_features(article).terms == _counts(text)


def _plain(placed: Assignment) -> tuple[Any, ...]:
    return (placed.story_id, placed.topic_id, round(placed.similarity, 6), placed.is_new)


def _counts(text: str) -> dict[str, float]:
    from storylens.stories.features import content_terms

    return content_terms(text)
