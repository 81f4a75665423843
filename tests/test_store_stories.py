"""Stories in the store: placed at ingest, kept between runs, rebuilt, listed and shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from storylens.corpus import assign_stories, ingest
from storylens.settings import load_settings
from storylens.store import Store
from tests.conftest import CORPUS, write
from tests.groundings import MARLA_FIRST, MARLA_SECOND
from tests.postgres import PostgresServer

pytestmark = pytest.mark.slow


def copied(store: Store, folder: Path) -> Store:
    """A copy of an SQLite store, with the rows still in its write-ahead log."""
    copy = folder / "copy.db"
    for suffix in ("", "-wal"):
        if Path(store.db + suffix).exists():
            shutil.copy(store.db + suffix, str(copy) + suffix)
    return Store(str(copy))


def stories_by_article(store: Store) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in store.article_stories()}


def test_ingest_recovers_the_sample_corpus_gold_stories(
    corpus_store: Store, gold: dict[str, Any]
) -> None:
    placed = stories_by_article(corpus_store)
    predicted = {frozenset(a for a in placed if placed[a]["story"] == s) for s in _ids(placed)}
    expected = {frozenset(story["articles"]) for story in gold["stories"]}
    assert predicted == expected


def test_ingest_marks_the_sample_corpus_copies(corpus_store: Store, gold: dict[str, Any]) -> None:
    placed = stories_by_article(corpus_store)
    assert {a: placed[a]["copy_of"] for a in placed} == {
        article["id"]: article["copy_of"] for article in gold["articles"]
    }


def test_postgresql_store_places_the_sample_corpus_as_sqlite_does(
    corpus_store: Store, postgres: PostgresServer
) -> None:
    store = Store(postgres.database())
    ingest([str(CORPUS)], store, load_settings(db=store.db, jobs=1))

    def placements(of: Store) -> dict[str, tuple[str, str, str | None]]:
        return {r["id"]: (r["story"], r["topic"], r["copy_of"]) for r in of.article_stories()}

    assert placements(store) == placements(corpus_store)
    assert [s.title for s in store.stories()] == [s.title for s in corpus_store.stories()]


def test_related_stories_never_join_stories_of_other_gold_topics(
    corpus_store: Store, gold: dict[str, Any]
) -> None:
    placed = stories_by_article(corpus_store)
    gold_topic = {a: story["topic"] for story in gold["stories"] for a in story["articles"]}
    members: dict[str, set[str]] = {}
    for article, row in placed.items():
        members.setdefault(row["topic"], set()).add(gold_topic[article])
    assert all(len(topics) == 1 for topics in members.values()), members


@pytest.mark.parametrize("topic", ["storms", "strikes"])
def test_two_events_of_one_kind_are_related_stories(
    corpus_store: Store, gold: dict[str, Any], topic: str
) -> None:
    """The issue's own examples: two storms, a strike and the one before it."""
    placed = stories_by_article(corpus_store)
    stories = [s for s in gold["stories"] if s["topic"] == topic]
    assert len({placed[s["articles"][0]]["story"] for s in stories}) == len(stories) > 1
    assert len({placed[a]["topic"] for s in stories for a in s["articles"]}) == 1


def _ids(placed: dict[str, dict[str, Any]]) -> set[str]:
    return {row["story"] for row in placed.values()}


def test_seed_articles_form_one_story(store: Store, seeds: Path) -> None:
    ingest([str(seeds)], store, load_settings(db=store.db, jobs=1))
    [story] = store.stories()
    assert len(story.articles) == 2
    assert "Donald Trump" in story.entities
    titled = [store.get(a)[0].title for a in story.articles]
    assert story.title in titled  # the one seed with a headline names the story


def test_a_later_ingest_joins_the_stories_already_stored(tmp_path: Path) -> None:
    """State is kept between runs: the storm's clean-up joins the story of its warning."""
    first, later = tmp_path / "first", tmp_path / "later"
    for name in ("html/ilsa-warning-courier.html", "html/bertrand-farms-drovers.html"):
        write(first / Path(name).name, (CORPUS / name).read_bytes())
    for name in ("gz/ilsa-cleanup.txt.gz",):
        write(later / Path(name).name, (CORPUS / name).read_bytes())
    store = Store(str(tmp_path / "s.db"))
    settings = load_settings(db=store.db, jobs=1)
    ingest([str(first)], store, settings)
    report = ingest([str(later)], store, settings)
    assert report.stories is not None and report.stories.new_stories == 0
    placed = stories_by_article(store)
    assert placed["ilsa-cleanup"]["story"] == placed["ilsa-warning-courier"]["story"]
    assert placed["bertrand-farms-drovers"]["story"] != placed["ilsa-warning-courier"]["story"]


def test_rebuild_places_every_article_again_the_same_way(
    corpus_store: Store, tmp_path: Path
) -> None:
    store = copied(corpus_store, tmp_path)
    before = stories_by_article(store)
    assert len(before) > 40  # the copy holds the corpus's stories, not an empty store
    report = assign_stories(store, rebuild=True)
    assert report.placed == len(before)
    assert stories_by_article(store) == before


@pytest.mark.parametrize(
    ("name", "content", "note"),
    [
        (
            "headline.json",
            {"id": "bare", "title": "Ferry strike called off", "text": "Update."},
            "too little text",
        ),
        (
            "other.json",
            {
                "id": "fremd",
                "text": "Die Fähre nach Port Velmar fährt heute nicht, weil der Sturm zu stark ist. "
                "Der Hafen bleibt bis Donnerstag geschlossen, sagte die Hafenmeisterin am Morgen.",
            },
            "not English",
        ),
    ],
)
def test_an_article_with_nothing_to_cluster_on_stands_alone_with_a_note(
    store: Store, tmp_path: Path, name: str, content: dict[str, str], note: str
) -> None:
    path = write(tmp_path / name, json.dumps(content))
    report = ingest([str(path)], store, load_settings(db=store.db, jobs=1))
    assert report.stories is not None
    [(article, why)] = report.stories.notes
    assert article == content["id"] and note in why
    [story] = store.stories()
    assert story.articles == (content["id"],) and story.note and note in story.note
    assert story.title == content.get("title", story.title)


def test_an_article_the_story_stage_moves_changes_story_in_the_store(
    corpus_store: Store, tmp_path: Path
) -> None:
    store = copied(corpus_store, tmp_path)
    before = store.article_stories()
    mover = next(row for row in before if row["copy_of"] is None)
    target = next(row["story"] for row in before if row["story"] != mover["story"])
    with store.story_writer() as writer:
        writer.move({mover["hash"]: (target, 0.5)}, {target: "A new title"})
    after = stories_by_article(store)
    assert after[mover["id"]]["story"] == target
    assert {a: row["story"] for a, row in after.items() if a != mover["id"]} == {
        row["id"]: row["story"] for row in before if row["id"] != mover["id"]
    }
    assert [s.title for s in store.stories() if s.id == target] == ["A new title"]


def test_a_story_whose_articles_all_moved_is_gone_from_the_store(
    corpus_store: Store, tmp_path: Path
) -> None:
    store = copied(corpus_store, tmp_path)
    before = store.article_stories()
    sizes: dict[str, int] = {}
    for row in before:
        sizes[row["story"]] = sizes.get(row["story"], 0) + 1
    smallest = min(sizes, key=sizes.__getitem__)
    leaving = [row for row in before if row["story"] == smallest]
    target = next(row["story"] for row in before if row["story"] != smallest)
    with store.story_writer() as writer:
        writer.move({row["hash"]: (target, 0.6) for row in leaving}, {smallest: None, target: None})
    stories = {story.id: story for story in store.stories()}
    assert smallest not in stories
    assert {row["id"] for row in leaving} <= set(stories[target].articles)
    assert len(stories) == len(sizes) - 1


def test_a_story_the_story_stage_splits_off_is_created_in_the_store(
    corpus_store: Store, tmp_path: Path
) -> None:
    store = copied(corpus_store, tmp_path)
    before = store.article_stories()
    story_ids = {row["story"] for row in before}
    source = next(s for s in story_ids if sum(row["story"] == s for row in before) >= 2)
    members = [row for row in before if row["story"] == source]
    leaving = next(row for row in members if f"s-{row['hash']}" not in story_ids)
    new = f"s-{leaving['hash']}"
    with store.story_writer() as writer:
        writer.move({leaving["hash"]: (new, 0.7)}, {source: None, new: "Split off"})
    stories = {story.id: story for story in store.stories()}
    assert stories[new].articles == (leaving["id"],) and stories[new].title == "Split off"
    assert set(stories[source].articles) == {row["id"] for row in members} - {leaving["id"]}
    assert len(stories) == len(story_ids) + 1


def test_a_story_that_splits_at_ingest_becomes_two_stories_in_the_store(tmp_path: Path) -> None:
    """The second grounding's reports, ingested after the first's, join their story until it
    splits; the store ends with the clusterer's two related stories."""
    store = Store(str(tmp_path / "groundings.db"))
    for name, records in (("first", MARLA_FIRST), ("second", MARLA_SECOND)):
        lines = [
            json.dumps({"id": key, "title": title, "text": body}) for key, title, body in records
        ]
        path = write(tmp_path / f"{name}.jsonl", "\n".join(lines) + "\n")
        ingest([str(path)], store, load_settings(db=store.db, jobs=1))
    stories = store.stories()
    assert {frozenset(story.articles) for story in stories} == {
        frozenset(key for key, _title, _body in records) for records in (MARLA_FIRST, MARLA_SECOND)
    }
    assert len({story.topic for story in stories}) == 1
    assert all(story.title for story in stories)
