"""The Store: every read and write of articles, analyses and entities goes through here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import OperationalError

from storylens.errors import NotFoundError, StoreError
from storylens.model import Analysis, Article, Failure, Story, StoryArticle
from storylens.names import entity_key
from storylens.store import schema as t
from storylens.store import stories as st
from storylens.store.db import open_engine, writing
from storylens.store.entities import link_entities, relabel
from storylens.store.rows import (
    LISTING_COLUMNS,
    article_from_row,
    article_row,
    event_rows,
    fact_rows,
    iso,
    listing,
    mention_rows,
    quote_rows,
    sentence_rows,
    stored_analysis,
)
from storylens.store.search import hits_query, metadata_filters


class Store:
    """A storylens corpus in SQLite or PostgreSQL.

    ``create=False`` is for commands that only read: a SQLite file that is not there is an
    error (a mistyped ``--db``), not a new, empty store.
    """

    def __init__(self, db: str, *, create: bool = True) -> None:
        self.db = db
        self.engine: Engine = open_engine(db, create=create)

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -----------------------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these content ids are already stored."""
        wanted = list(set(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.articles.c.id).where(t.articles.c.id.in_(wanted)))
            return {row.id for row in rows}

    def add(self, analysed: Sequence[tuple[Article, Analysis]], *, model: str) -> list[str]:
        """Store articles with their analyses in one transaction: all of them or none.

        Returns the ids stored; an article another writer stored meanwhile is skipped.
        """
        now = datetime.now(UTC).replace(tzinfo=None)
        with writing(self.engine) as conn:
            ids = [article.id for article, _ in analysed]
            present = {
                r.id for r in conn.execute(select(t.articles.c.id).where(t.articles.c.id.in_(ids)))
            }
            stored: list[str] = []
            for article, analysis in analysed:
                if article.id in present:
                    continue
                present.add(article.id)
                self._insert(conn, article, analysis, model=model, now=now)
                stored.append(article.id)
        return stored

    def _insert(
        self, conn: Connection, article: Article, analysis: Analysis, *, model: str, now: datetime
    ) -> None:
        conn.execute(t.articles.insert(), article_row(article, now))
        conn.execute(
            t.analyses.insert(),
            {
                "article_id": article.id,
                "model": model,
                "notes": list(analysis.notes),
                "analysed_at": now,
            },
        )
        if analysis.sentences:
            conn.execute(t.sentences.insert(), sentence_rows(analysis))
        self._index_for_search(conn, article)
        ids = link_entities(conn, analysis.entities)
        if analysis.mentions:
            conn.execute(t.mentions.insert(), mention_rows(analysis, ids))
        for table, rows in (
            (t.quotes, quote_rows(analysis)),
            (t.facts, fact_rows(analysis)),
            (t.events, event_rows(analysis)),
        ):
            if rows:
                conn.execute(table.insert(), rows)
        relabel(conn, ids.values())

    def record_failures(self, failed: Sequence[Failure]) -> None:
        """Keep a log of what could not be ingested, for ``storylens failures`` and audits."""
        if not failed:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        rows = [
            {"path": f.path, "line": f.line, "reason": f.reason, "failed_at": now} for f in failed
        ]
        with writing(self.engine) as conn:
            conn.execute(t.failures.insert(), rows)

    def _index_for_search(self, conn: Connection, article: Article) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(
                text("INSERT INTO article_search (article_id, title, body) VALUES (:id, :t, :b)"),
                {"id": article.id, "t": article.title or "", "b": article.body},
            )

    # -- reading -----------------------------------------------------------------------------

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.articles)).scalar_one())

    def list_articles(
        self,
        *,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Article metadata, newest first (unknown dates last)."""
        query = select(*LISTING_COLUMNS).where(*metadata_filters(source, since, until))
        query = query.order_by(
            t.articles.c.published.is_(None), t.articles.c.published.desc(), t.articles.c.id
        )
        with self.engine.connect() as conn:
            return [listing(row) for row in conn.execute(query.limit(limit))]

    def resolve(self, ref: str) -> str:
        """The content id for an article id, an id prefix or an external id."""
        with self.engine.connect() as conn:
            ids = [
                r.id
                for r in conn.execute(
                    select(t.articles.c.id).where(t.articles.c.external_id == ref)
                )
            ]
            if not ids:
                like = select(t.articles.c.id).where(
                    t.articles.c.id.startswith(ref.lower(), autoescape=True)
                )
                ids = [r.id for r in conn.execute(like.limit(5))]
        if len(ids) == 1:
            return str(ids[0])
        if not ids:
            raise NotFoundError(f"no article {ref!r} in {self.db}: `storylens articles` lists them")
        raise NotFoundError(f"{ref!r} matches several articles ({', '.join(ids)}): give a full id")

    def get(self, ref: str) -> tuple[Article, Analysis | None]:
        """An article and its stored analysis, by id, id prefix or external id."""
        article_id = self.resolve(ref)
        with self.engine.connect() as conn:
            return _load_article(conn, article_id)

    def search(
        self,
        query: str,
        *,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        entity: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Full-text search with optional metadata and entity filters, best match first.

        SQLite ranks with FTS5's BM25, PostgreSQL with ``ts_rank_cd`` over English stems.
        """
        found, match = hits_query(self.engine.dialect.name, query)
        hits = found.subquery()
        conditions = list(metadata_filters(source, since, until))
        if entity:
            conditions.append(t.articles.c.id.in_(self._articles_with_entity(entity)))
        query_ = (
            select(*LISTING_COLUMNS, hits.c.snippet)
            .join_from(t.articles, hits, hits.c.id == t.articles.c.id)
            .where(*conditions)
            .order_by(hits.c.rank)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            try:
                rows = conn.execute(query_, {"match": match}).all()
            except OperationalError as error:  # how FTS5 reports a query it cannot parse
                raise StoreError(
                    f"cannot search for {query!r}: {error.__cause__ or error}"
                ) from None
        return [{**listing(row), "snippet": row.snippet} for row in rows]

    def _articles_with_entity(self, name: str) -> Any:
        keys = {entity_key(name, "PERSON"), entity_key(name, "GPE")}
        matching = select(t.entities.c.id).where(
            (t.entities.c.key.in_(keys)) | (func.lower(t.entities.c.name) == name.lower())
        )
        return select(t.mentions.c.article_id).where(t.mentions.c.entity_id.in_(matching))

    def entities(
        self, *, label: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Canonical entities with mention and article counts, most mentioned first."""
        counts = (
            select(
                t.mentions.c.entity_id,
                func.count().label("mentions"),
                func.count(t.mentions.c.article_id.distinct()).label("articles"),
            )
            .group_by(t.mentions.c.entity_id)
            .subquery()
        )
        query = select(
            t.entities.c.id,
            t.entities.c.name,
            t.entities.c.label,
            counts.c.mentions,
            counts.c.articles,
        )
        query = query.join(counts, counts.c.entity_id == t.entities.c.id)
        if label:
            query = query.where(t.entities.c.label == label.upper())
        query = query.order_by(counts.c.mentions.desc(), t.entities.c.name).limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            article_ids = _entity_articles(conn, [row.id for row in rows])
        return [
            {
                "name": row.name,
                "label": row.label,
                "mentions": row.mentions,
                "articles": row.articles,
                "article_ids": article_ids.get(row.id, []),
            }
            for row in rows
        ]

    def outlets(self) -> list[dict[str, Any]]:
        """Articles per outlet ("unknown" for none), most first."""
        query = (
            select(t.articles.c.outlet, func.count().label("articles"))
            .group_by(t.articles.c.outlet)
            .order_by(func.count().desc(), t.articles.c.outlet)
        )
        with self.engine.connect() as conn:
            return [{"outlet": row.outlet, "articles": row.articles} for row in conn.execute(query)]

    # -- stories ---------------------------------------------------------------------------

    @contextmanager
    def story_writer(self) -> Iterator[st.StoryWriter]:
        """One write transaction for the story stage: placements and state, all or nothing."""
        with writing(self.engine) as conn:
            yield st.StoryWriter(conn, _load_analysed)

    def pending_stories(self) -> int:
        """How many analysed articles are not in a story yet."""
        with self.engine.connect() as conn:
            return st.pending_count(conn)

    def stories(self, *, topic: str | None = None, limit: int | None = None) -> list[Story]:
        """Stories (of one topic, if given), latest first, with their articles, outlets and
        top entities."""
        with self.engine.connect() as conn:
            return st.list_stories(conn, topic=topic, limit=limit)

    def resolve_story(self, ref: str) -> str | None:
        """The story id for a story id or prefix; None when ``ref`` names no story."""
        with self.engine.connect() as conn:
            ids = st.resolve_story(conn, ref)
        if len(ids) > 1:
            raise NotFoundError(f"{ref!r} matches several stories ({', '.join(ids)}): give more")
        return ids[0] if ids else None

    def story(self, ref: str) -> Story:
        """One story by id or id prefix."""
        story_id = self.resolve_story(ref)
        if story_id is None:
            raise NotFoundError(f"no story {ref!r} in {self.db}: `storylens stories` lists them")
        with self.engine.connect() as conn:
            return st.list_stories(conn, story_ids=[story_id])[0]

    def story_members(self, ref: str) -> list[StoryArticle]:
        """A story's articles with their analyses and copy links, oldest first."""
        story = self.story(ref)
        with self.engine.connect() as conn:
            members = []
            for row in st.memberships(conn, story.id):
                article, analysis = _load_analysed(conn, row.id)
                members.append(StoryArticle(article, analysis, row.copy_of, row.copy_similarity))
        return members

    def article_stories(self) -> list[dict[str, Any]]:
        """Each placed article's external id, story and topic, in the order they were placed."""
        with self.engine.connect() as conn:
            return st.article_stories(conn)

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.failures).order_by(t.failures.c.id)).all()
        return [
            {"path": r.path, "line": r.line, "reason": r.reason, "failed_at": iso(r.failed_at)}
            for r in rows
        ]


def _load_article(conn: Connection, article_id: str) -> tuple[Article, Analysis | None]:
    row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).one()
    article = article_from_row(row)
    notes = conn.execute(
        select(t.analyses.c.notes).where(t.analyses.c.article_id == article_id)
    ).first()
    if notes is None:
        return article, None
    return article, stored_analysis(conn, article_id, tuple(notes.notes))


def _load_analysed(conn: Connection, article_id: str) -> tuple[Article, Analysis]:
    """An article that has an analysis (the story stage only sees those)."""
    article, analysis = _load_article(conn, article_id)
    if analysis is None:
        raise StoreError(f"article {article_id} has no stored analysis")
    return article, analysis


def _entity_articles(conn: Connection, entity_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    query = (
        select(t.mentions.c.entity_id, t.mentions.c.article_id)
        .where(t.mentions.c.entity_id.in_(entity_ids))
        .distinct()
        .order_by(t.mentions.c.article_id)
    )
    for row in conn.execute(query):
        found[row.entity_id].append(row.article_id)
    return found
