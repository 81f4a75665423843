"""Converting between the data model and table rows, so the Store reads as queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from storylens.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Fact,
    Mention,
    OffsetMap,
    Quote,
    Removal,
    Sentence,
)
from storylens.store import schema as t

LISTING_COLUMNS = (
    t.articles.c.id,
    t.articles.c.external_id,
    t.articles.c.title,
    t.articles.c.outlet,
    t.articles.c.url,
    t.articles.c.author,
    t.articles.c.published,
    t.articles.c.language,
)


def to_utc(value: datetime | None) -> datetime | None:
    """Datetimes are stored as UTC; SQLite keeps no offset, so convert before writing."""
    return value.astimezone(UTC).replace(tzinfo=None) if value else None


def aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


def iso(value: datetime | None) -> str | None:
    with_zone = aware(value)
    return with_zone.isoformat() if with_zone else None


def listing(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "external_id": row.external_id,
        "title": row.title,
        "outlet": row.outlet,
        "url": row.url,
        "author": row.author,
        "published": iso(row.published),
        "language": row.language,
    }


def article_row(article: Article, now: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "external_id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "published": to_utc(article.published),
        "language": article.language,
        "origin": article.origin,
        "text": article.text,
        "body": article.body,
        "body_map": [list(segment) for segment in article.body_map.segments],
        "removed": [
            {"start": r.start, "end": r.end, "kind": r.kind, "text": r.text}
            for r in article.removed
        ],
        "ingested_at": now,
    }


def article_from_row(row: Any) -> Article:
    return Article(
        id=row.id,
        external_id=row.external_id,
        text=row.text,
        body=row.body,
        body_map=OffsetMap(tuple((int(s), int(e)) for s, e in row.body_map)),
        title=row.title,
        outlet=row.outlet,
        url=row.url,
        author=row.author,
        published=aware(row.published),
        language=row.language,
        origin=row.origin,
        removed=tuple(Removal(**r) for r in row.removed),
    )


def sentence_rows(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {"article_id": analysis.article_id, "idx": i, "start_char": s.start, "end_char": s.end}
        for i, s in enumerate(analysis.sentences)
    ]


def mention_rows(analysis: Analysis, ids: dict[str, int]) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for m in analysis.mentions:
        rows.setdefault(
            m.start,
            {
                "article_id": analysis.article_id,
                "start_char": m.start,
                "end_char": m.end,
                "text": m.text,
                "label": m.label,
                "entity_id": ids[m.entity],
                "sentence": m.sentence,
            },
        )
    return list(rows.values())


def stored_analysis(conn: Connection, article_id: str, notes: tuple[str, ...]) -> Analysis:
    sentences = tuple(
        Sentence(row.start_char, row.end_char)
        for row in conn.execute(
            select(t.sentences)
            .where(t.sentences.c.article_id == article_id)
            .order_by(t.sentences.c.idx)
        )
    )
    rows = conn.execute(
        select(
            t.mentions, t.entities.c.name.label("entity"), t.entities.c.label.label("corpus_label")
        )
        .join(t.entities, t.entities.c.id == t.mentions.c.entity_id)
        .where(t.mentions.c.article_id == article_id)
        .order_by(t.mentions.c.start_char)
    ).all()
    # The corpus-wide label: what the majority of the entity's mentions say it is.
    mentions = tuple(
        Mention(r.start_char, r.end_char, r.text, r.corpus_label, r.entity, r.sentence)
        for r in rows
    )
    grouped: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in mentions:
        grouped[(m.label, m.entity)][m.text] += 1
    entities = sorted(
        (
            Entity(name, label, sum(c.values()), tuple(sorted(c)))
            for (label, name), c in grouped.items()
        ),
        key=lambda e: (-e.mentions, e.name),
    )
    quotes, facts, events = stored_statements(conn, article_id)
    return Analysis(article_id, sentences, mentions, tuple(entities), notes, quotes, facts, events)


def _span_columns(record: dict[str, Any]) -> dict[str, Any]:
    """Model field names to column names: start/end are SQL keywords or close to them."""
    record["start_char"] = record.pop("start")
    record["end_char"] = record.pop("end")
    return record


def _from_columns(row: Any) -> dict[str, Any]:
    record = dict(row._mapping)
    record.pop("article_id")
    record.pop("idx")
    record["start"] = record.pop("start_char")
    record["end"] = record.pop("end_char")
    return record


def quote_rows(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {"article_id": analysis.article_id, "idx": i, **_span_columns(asdict(q))}
        for i, q in enumerate(analysis.quotes)
    ]


def fact_rows(analysis: Analysis) -> list[dict[str, Any]]:
    rows = []
    for i, fact in enumerate(analysis.facts):
        record = _span_columns(asdict(fact))
        value = record.pop("value")
        record["value_number"] = value if isinstance(value, int | float) else None
        record["value_text"] = value if isinstance(value, str) else None
        rows.append({"article_id": analysis.article_id, "idx": i, **record})
    return rows


def event_rows(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {"article_id": analysis.article_id, "idx": i, **_span_columns(asdict(e))}
        for i, e in enumerate(analysis.events)
    ]


def stored_statements(
    conn: Connection, article_id: str
) -> tuple[tuple[Quote, ...], tuple[Fact, ...], tuple[Event, ...]]:
    """An article's quotes, facts and events, in the order the analysis found them."""

    def rows(table: Any) -> list[Any]:
        query = select(table).where(table.c.article_id == article_id).order_by(table.c.idx)
        return list(conn.execute(query))

    quotes = tuple(Quote(**_from_columns(row)) for row in rows(t.quotes))
    facts = []
    for row in rows(t.facts):
        record = _from_columns(row)
        number, text_value = record.pop("value_number"), record.pop("value_text")
        if number is not None and float(number).is_integer():
            number = int(number)  # the column is a float; 240 jobs stay 240, not 240.0
        facts.append(Fact(**record, value=number if number is not None else text_value))
    events = tuple(Event(**_from_columns(row)) for row in rows(t.events))
    return quotes, tuple(facts), events
