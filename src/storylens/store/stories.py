"""Story rows: which story each article joined, story listings, and the stage's saved state.

The story stage itself (:mod:`storylens.stories`) knows nothing of tables; this module turns its
assignments into rows and back. Story ids in the store are ``s-`` and the content id of the
story's first article, so they never collide with article ids in ``storylens show``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from storylens.model import Story
from storylens.store import schema as t
from storylens.store.rows import aware

STORY_PREFIX = "s-"
TOP_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")


def story_key(stage_id: str) -> str:
    """The store's id for a story the clusterer names ``stage_id`` (its first article's id)."""
    return stage_id if stage_id.startswith(STORY_PREFIX) else STORY_PREFIX + stage_id


def stage_key(story_id: str) -> str:
    """The clusterer's name for a stored story."""
    return story_id.removeprefix(STORY_PREFIX)


@dataclass(frozen=True)
class Placement:
    """One article's place in the stories, as the story stage decided it."""

    article_id: str
    story_id: str  # store id (``s-...``)
    topic: str
    similarity: float
    is_new: bool
    title: str | None = None
    note: str | None = None
    copy_of: str | None = None  # content id of the original
    copy_similarity: float | None = None


def pending_article_ids(conn: Connection, limit: int | None = None) -> list[str]:
    """Articles with an analysis but no story yet, in the order they should be assigned.

    Oldest published first, so a wire story is the original of its copies; articles without a
    published time come after, in the order they were ingested.
    """
    a = t.articles
    query = (
        select(a.c.id)
        .join(t.analyses, t.analyses.c.article_id == a.c.id)
        .outerjoin(t.story_articles, t.story_articles.c.article_id == a.c.id)
        .where(t.story_articles.c.article_id.is_(None))
        .order_by(a.c.published.is_(None), a.c.published, a.c.ingested_at, a.c.external_id)
        .limit(limit)
    )
    return [row.id for row in conn.execute(query)]


def pending_count(conn: Connection) -> int:
    query = (
        select(func.count())
        .select_from(t.analyses)
        .outerjoin(t.story_articles, t.story_articles.c.article_id == t.analyses.c.article_id)
        .where(t.story_articles.c.article_id.is_(None))
    )
    return int(conn.execute(query).scalar_one())


def stories_of(conn: Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> store story id, for those of ``article_ids`` already placed."""
    wanted = list(set(article_ids))
    query = select(t.story_articles.c.article_id, t.story_articles.c.story_id).where(
        t.story_articles.c.article_id.in_(wanted)
    )
    return {row.article_id: row.story_id for row in conn.execute(query)}


def record_placements(conn: Connection, placements: Sequence[Placement]) -> None:
    """Write new stories, memberships and titles for a chunk of assigned articles."""
    now = datetime.now(UTC).replace(tzinfo=None)
    seq = int(conn.execute(select(func.coalesce(func.max(t.story_articles.c.seq), 0))).scalar_one())
    new_stories = [
        {"id": p.story_id, "title": p.title, "topic": p.topic, "note": p.note, "created_at": now}
        for p in placements
        if p.is_new
    ]
    if new_stories:
        conn.execute(t.stories.insert(), new_stories)
    conn.execute(
        t.story_articles.insert(),
        [
            {
                "article_id": p.article_id,
                "story_id": p.story_id,
                "similarity": p.similarity,
                "copy_of": p.copy_of,
                "copy_similarity": p.copy_similarity,
                "seq": seq + position,
            }
            for position, p in enumerate(placements, start=1)
        ],
    )
    titles = {p.story_id: p.title for p in placements if p.title and not p.is_new}
    for story_id, title in titles.items():
        conn.execute(update(t.stories).where(t.stories.c.id == story_id).values(title=title))


def move_articles(
    conn: Connection, moves: dict[str, tuple[str, float]], titles: dict[str, str | None]
) -> None:
    """Put placed articles in other stories (article id -> story id, similarity) and give
    the stories concerned their current titles (story id -> title, None to keep it); those
    of them left without articles go.

    The story stage may take an earlier article into a story that it fits better, or split a
    story in two; the store follows it so that its stories are always the clusterer's. A story
    that a split starts is created here (its topic comes with :func:`refresh_topics`).
    """
    targets = {story_id for story_id, _similarity in moves.values()}
    known = select(t.stories.c.id).where(t.stories.c.id.in_(list(targets)))
    missing = targets - {row.id for row in conn.execute(known)}
    if missing:
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(
            t.stories.insert(),
            [
                {
                    "id": story_id,
                    "title": titles.get(story_id),
                    "topic": story_id,
                    "note": None,
                    "created_at": now,
                }
                for story_id in sorted(missing)
            ],
        )
    for article_id, (story_id, similarity) in moves.items():
        conn.execute(
            update(t.story_articles)
            .where(t.story_articles.c.article_id == article_id)
            .values(story_id=story_id, similarity=similarity)
        )
    kept = select(t.story_articles.c.story_id).where(t.story_articles.c.story_id.in_(list(titles)))
    left = {row.story_id for row in conn.execute(kept.distinct())}
    for story_id, title in titles.items():
        if story_id not in left:
            conn.execute(delete(t.stories).where(t.stories.c.id == story_id))
        elif title is not None:
            conn.execute(update(t.stories).where(t.stories.c.id == story_id).values(title=title))


def refresh_topics(conn: Connection, topic_of: dict[str, str]) -> None:
    """Store each story's current topic where it changed (topics merge as stories arrive)."""
    rows = conn.execute(select(t.stories.c.id, t.stories.c.topic)).all()
    for row in rows:
        topic = topic_of.get(row.id)
        if topic is not None and topic != row.topic:
            conn.execute(update(t.stories).where(t.stories.c.id == row.id).values(topic=topic))


def load_state(conn: Connection, name: str) -> bytes | None:
    row = conn.execute(select(t.stage_state.c.data).where(t.stage_state.c.name == name)).first()
    return bytes(row.data) if row else None


def save_state(conn: Connection, name: str, data: bytes) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(delete(t.stage_state).where(t.stage_state.c.name == name))
    conn.execute(t.stage_state.insert(), {"name": name, "data": data, "updated_at": now})


def clear_stories(conn: Connection) -> None:
    """Forget every story and the stage's state (``storylens stories --rebuild``)."""
    for table in (t.story_articles, t.stories, t.stage_state):
        conn.execute(delete(table))


def story_ids(conn: Connection) -> list[str]:
    return [row.id for row in conn.execute(select(t.stories.c.id))]


def list_stories(
    conn: Connection,
    *,
    story_ids: Sequence[str] | None = None,
    topic: str | None = None,
    limit: int | None = None,
) -> list[Story]:
    """Stories with their articles, outlets, time span and top entities, latest first."""
    a, sa = t.articles, t.story_articles
    spans = (
        select(
            sa.c.story_id,
            func.min(a.c.published).label("first"),
            func.max(a.c.published).label("last"),
            func.max(sa.c.seq).label("latest"),
        )
        .join(a, a.c.id == sa.c.article_id)
        .group_by(sa.c.story_id)
        .subquery()
    )
    query = select(t.stories, spans.c.first, spans.c.last).join(
        spans, spans.c.story_id == t.stories.c.id
    )
    if story_ids is not None:
        query = query.where(t.stories.c.id.in_(list(story_ids)))
    if topic is not None:
        query = query.where(t.stories.c.topic == topic)
    query = query.order_by(spans.c.last.is_(None), spans.c.last.desc(), spans.c.latest.desc())
    rows = conn.execute(query.limit(limit)).all()
    members = _members(conn, [row.id for row in rows])
    top = _top_entities(conn, [row.id for row in rows])
    return [
        Story(
            id=row.id,
            title=row.title,
            topic=row.topic,
            articles=tuple(m["external_id"] for m in members[row.id]),
            outlets=tuple(dict.fromkeys(m["outlet"] for m in members[row.id] if m["outlet"])),
            first_seen=aware(row.first),
            last_seen=aware(row.last),
            entities=tuple(top.get(row.id, ())),
            note=row.note,
        )
        for row in rows
    ]


def _members(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    a, sa = t.articles, t.story_articles
    query = (
        select(sa.c.story_id, a.c.id, a.c.external_id, a.c.outlet)
        .join(a, a.c.id == sa.c.article_id)
        .where(sa.c.story_id.in_(ids))
        .order_by(a.c.published.is_(None), a.c.published, sa.c.seq)
    )
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(query):
        found[row.story_id].append(
            {"id": row.id, "external_id": row.external_id, "outlet": row.outlet}
        )
    return found


def _top_entities(conn: Connection, ids: list[str], top: int = 5) -> dict[str, list[str]]:
    """The canonical entities mentioned in the most of each story's articles."""
    m, e, sa = t.mentions, t.entities, t.story_articles
    query = (
        select(
            sa.c.story_id,
            e.c.name,
            func.count(m.c.article_id.distinct()).label("articles"),
            func.count().label("mentions"),
        )
        .join(m, m.c.article_id == sa.c.article_id)
        .join(e, e.c.id == m.c.entity_id)
        .where(sa.c.story_id.in_(ids), e.c.label.in_(TOP_ENTITY_LABELS))
        .group_by(sa.c.story_id, e.c.name)
    )
    ranked: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in conn.execute(query):
        ranked[row.story_id].append((-row.articles, -row.mentions, row.name))
    return {
        story: [name for *_counts, name in sorted(rows)[:top]] for story, rows in ranked.items()
    }


def resolve_story(conn: Connection, ref: str) -> list[str]:
    """Story ids matching a full story id or a prefix of one (``s-`` and a few characters)."""
    key = ref.lower()
    if not key.startswith(STORY_PREFIX) or len(key) <= len(STORY_PREFIX):
        return []
    exact = conn.execute(select(t.stories.c.id).where(t.stories.c.id == key)).first()
    if exact:
        return [exact.id]
    like = select(t.stories.c.id).where(t.stories.c.id.startswith(key, autoescape=True))
    return [row.id for row in conn.execute(like.limit(5))]


def _placements() -> Any:
    """Placed articles joined to their story and, for copies, to their original."""
    a, sa, s = t.articles, t.story_articles, t.stories
    original = a.alias("original")
    return (
        select(
            a.c.id,
            a.c.external_id,
            sa.c.story_id,
            s.c.topic,
            sa.c.similarity,
            sa.c.copy_similarity,
            original.c.external_id.label("copy_of"),
        )
        .join(sa, sa.c.article_id == a.c.id)
        .join(s, s.c.id == sa.c.story_id)
        .outerjoin(original, original.c.id == sa.c.copy_of)
    )


def memberships(conn: Connection, story_id: str) -> list[Any]:
    """The story's article rows with their copy links, oldest first."""
    a, sa = t.articles, t.story_articles
    query = (
        _placements()
        .where(sa.c.story_id == story_id)
        .order_by(a.c.published.is_(None), a.c.published, sa.c.seq)
    )
    return list(conn.execute(query))


def article_stories(conn: Connection) -> list[dict[str, Any]]:
    """Every placed article with its story, topic and original (``stories --jsonl``)."""
    return [
        {
            "id": row.external_id,
            "hash": row.id,
            "story": row.story_id,
            "topic": row.topic,
            "copy_of": row.copy_of,
        }
        for row in conn.execute(_placements().order_by(t.story_articles.c.seq))
    ]


class StoryWriter:
    """The story stage's view of the store inside one write transaction."""

    def __init__(self, conn: Connection, load: Any) -> None:
        self.conn = conn
        self._load = load  # (conn, article id) -> (Article, Analysis)

    def pending(self, limit: int) -> list[Any]:
        """Up to ``limit`` unplaced articles with their analyses, in assignment order."""
        return [
            self._load(self.conn, article_id)
            for article_id in pending_article_ids(self.conn, limit)
        ]

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        return stories_of(self.conn, article_ids)

    def state(self, name: str) -> bytes | None:
        return load_state(self.conn, name)

    def save_state(self, name: str, data: bytes) -> None:
        save_state(self.conn, name, data)

    def record(self, placements: Sequence[Placement]) -> None:
        if placements:
            record_placements(self.conn, placements)

    def move(self, moves: dict[str, tuple[str, float]], titles: dict[str, str | None]) -> None:
        if moves:
            move_articles(self.conn, moves, titles)

    def refresh_topics(self, topic_of: Any) -> None:
        """Store the topic ``topic_of(story id)`` gives each story, where it changed."""
        refresh_topics(self.conn, {sid: topic_of(sid) for sid in story_ids(self.conn)})

    def clear(self) -> None:
        clear_stories(self.conn)
