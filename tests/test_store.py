"""The SQLite store: schema, idempotence, atomic writes, entity linking and search."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storylens.analyze import analyze
from storylens.errors import NotFoundError, StoreError
from storylens.ingest import read_articles
from storylens.model import Article
from storylens.store import Store, fts_query
from storylens.store.db import MIGRATIONS
from tests.conftest import write

pytestmark = pytest.mark.slow

ARTICLES = [
    {
        "id": "courier-1",
        "title": "Storm Elna floods Port Velmar",
        "source": "Velmar Courier",
        "published": "2026-03-02T08:00:00+00:00",
        "text": "Storm Elna flooded Port Velmar on Monday. Mayor Lena Rask said 300 homes were damaged. "
        "The U.K. coastguard sent two boats.",
    },
    {
        "id": "atoll-7",
        "title": "Rask asks for help after storm",
        "source": "Atoll Daily",
        "published": "2026-03-03T09:30:00+00:00",
        "text": "Mayor Rask asked the regional council for emergency funds after the flood in Port Velmar. "
        "Volunteers filled sandbags through the night.",
    },
    {
        "id": "wire-3",
        "title": "Ferry strike ends",
        "source": "Norland Wire",
        "published": "2026-04-10T12:00:00+00:00",
        "text": "Ferry crews in Oskarholm ended their strike on Friday after a pay deal with Baltline.",
    },
]


def load(tmp_path: Path, records: list[dict[str, str]]) -> list[Article]:
    path = write(tmp_path / "in.jsonl", "\n".join(json.dumps(r) for r in records))
    return [a for a in read_articles([str(path)]) if isinstance(a, Article)]


def add(store: Store, articles: list[Article]) -> None:
    store.add([(a, analyze(a)) for a in articles], model="test")


def test_store_uses_wal_and_the_newest_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    assert Store(store.db).count() == 0, "reopening migrates nothing and keeps the store"


def test_store_round_trips_an_article(store: Store, tmp_path: Path) -> None:
    article = load(tmp_path, ARTICLES[:1])[0]
    add(store, [article])
    stored, analysis = store.get("courier-1")
    assert stored == article
    assert stored.published == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert analysis is not None and analysis.sentences
    assert {m.entity for m in analysis.mentions} >= {"Lena Rask", "Port Velmar", "United Kingdom"}


def test_store_round_trips_quotes_facts_and_events(store: Store, tmp_path: Path) -> None:
    record = {
        "id": "ferry-1",
        "published": "2026-04-10T12:00:00+00:00",
        "text": "Union leader Petra Hollis said on Friday that 240 crews would stop work. "
        '"We have waited long enough," Hollis told reporters. Baltline offered a 6% pay rise '
        "worth €3 million.",
    }
    article = load(tmp_path, [record])[0]
    fresh = analyze(article)
    assert fresh.quotes and fresh.facts
    add(store, [article])
    _, stored = store.get("ferry-1")
    assert stored is not None
    assert (stored.quotes, stored.facts, stored.events) == (fresh.quotes, fresh.facts, fresh.events)


def test_store_batch_is_all_or_nothing(store: Store, tmp_path: Path) -> None:
    first, second = load(tmp_path, ARTICLES[:2])
    unanalysable = replace(first, id="f" * 16)
    add(store, [first])
    with pytest.raises(AttributeError):  # the second item fails half-way through its insert
        store.add([(second, analyze(second)), (unanalysable, None)], model="test")  # type: ignore[list-item]
    assert store.count() == 1
    assert store.search("sandbags") == []


def test_store_skips_articles_already_stored_by_another_writer(
    store: Store, tmp_path: Path
) -> None:
    first, second = load(tmp_path, ARTICLES[:2])
    add(store, [first])
    other_writer = Store(store.db)
    assert other_writer.add([(first, analyze(first)), (second, analyze(second))], model="test") == [
        second.id
    ]
    assert store.count() == 2


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_store_links_a_surname_to_the_full_name_in_another_article(
    store: Store, tmp_path: Path, order: tuple[int, int]
) -> None:
    articles = load(tmp_path, ARTICLES[:2])
    for index in order:
        add(store, [articles[index]])
    people = {e["name"]: e for e in store.entities(label="PERSON")}
    assert "Rask" not in people
    assert people["Lena Rask"]["articles"] == 2


def test_store_search_ranks_and_filters(store: Store, tmp_path: Path) -> None:
    add(store, load(tmp_path, ARTICLES))
    assert {r["external_id"] for r in store.search("flood*")} == {"atoll-7", "courier-1"}
    assert [r["external_id"] for r in store.search("storm", source="atoll daily")] == ["atoll-7"]
    since = datetime(2026, 3, 3, tzinfo=UTC)
    assert {r["external_id"] for r in store.search("strike OR storm", since=since)} == {
        "atoll-7",
        "wire-3",
    }
    until = datetime(2026, 3, 2, 23, tzinfo=UTC)
    assert [r["external_id"] for r in store.search("storm", until=until)] == ["courier-1"]
    with_rask = store.search("storm OR flood", entity="Lena Rask")
    assert {r["external_id"] for r in with_rask} == {"courier-1", "atoll-7"}
    assert store.search("storm", entity="Nobody Known") == []
    assert [r["external_id"] for r in store.search('"pay deal"')] == ["wire-3"]
    assert [r["external_id"] for r in store.search("flood* NOT sandbags")] == ["courier-1"]
    assert "[" in store.search("sandbags")[0]["snippet"]


@pytest.mark.parametrize("query", ["U.K.", "co-op (", 'half "phrase', "NOT", "*"])
def test_store_search_never_fails_on_punctuation(store: Store, tmp_path: Path, query: str) -> None:
    add(store, load(tmp_path, ARTICLES[:1]))
    if not fts_query(query):
        with pytest.raises(StoreError):
            store.search(query)
    else:
        assert isinstance(store.search(query), list)


def test_store_resolves_ids_prefixes_and_external_ids(store: Store, tmp_path: Path) -> None:
    articles = load(tmp_path, ARTICLES)
    add(store, articles)
    assert store.resolve("wire-3") == articles[2].id
    assert store.resolve(articles[2].id[:8]) == articles[2].id
    with pytest.raises(NotFoundError, match="storylens articles"):
        store.resolve("nope")


def test_store_lists_articles_newest_first_with_filters(store: Store, tmp_path: Path) -> None:
    add(store, load(tmp_path, ARTICLES))
    assert [r["external_id"] for r in store.list_articles()] == ["wire-3", "atoll-7", "courier-1"]
    assert [r["external_id"] for r in store.list_articles(source="Velmar Courier")] == ["courier-1"]
    assert store.list_articles()[0]["published"] == "2026-04-10T12:00:00+00:00"


def test_store_cannot_be_created_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "missing" / "x.db"))


def test_store_upgrades_an_older_schema_keeping_its_articles(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    db = tmp_path / "old.db"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO articles (id, external_id, text, body, body_map, removed, ingested_at)"
                " VALUES ('abcdabcdabcdabcd', 'old-1', 'x', 'x', '[]', '[]', '2026-01-01')"
            )
        )
    engine.dispose()
    store = Store(str(db))
    assert store.resolve("old-1") == "abcdabcdabcdabcd"
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quotes")).scalar() == 0
