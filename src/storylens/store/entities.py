"""Corpus-wide entities: linking each article's canonical entities to the store's.

An entity is identified by :func:`storylens.names.entity_key`, whatever label its mentions
carried; its label is the majority over all its mentions, so one article's "Alberney" tagged
as an organisation does not split the country in two. A bare surname links to the one person
of that surname the store knows, whichever article arrives first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, bindparam, select, text

from storylens.model import Entity
from storylens.names import entity_key, person_tokens, surname_key
from storylens.store import schema as t

_RELABEL = text(
    "UPDATE entities SET label = ("
    " SELECT m.label FROM mentions m WHERE m.entity_id = entities.id"
    " GROUP BY m.label ORDER BY count(*) DESC, m.label LIMIT 1"
    ") WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def link_entities(conn: Connection, found: Sequence[Entity]) -> dict[str, int]:
    """Store ids for an article's entities (by canonical name), creating or linking them."""
    keys = {entity.name: entity_key(entity.name, entity.label) for entity in found}
    query = select(t.entities.c.id, t.entities.c.key).where(
        t.entities.c.key.in_(set(keys.values()))
    )
    known = {row.key: int(row.id) for row in conn.execute(query)}  # one query for the usual case
    return {
        entity.name: known.get(keys[entity.name]) or _entity_id(conn, entity.name, entity.label)
        for entity in found
    }


def relabel(conn: Connection, entity_ids: Iterable[int]) -> None:
    """Set each entity's label to the majority label of its mentions."""
    ids = sorted(set(entity_ids))
    if ids:
        conn.execute(_RELABEL, {"ids": ids})


def _entity_id(conn: Connection, name: str, label: str) -> int:
    key = entity_key(name, label)
    row = conn.execute(select(t.entities.c.id).where(t.entities.c.key == key)).first()
    if row is not None:
        return int(row.id)
    is_person = label == "PERSON"
    full_name = is_person and len(person_tokens(name)) > 1
    if is_person and not full_name:
        known = _people_with_surname(conn, key)
        if len(known) == 1:
            return known[0]  # "Putin" here, "Vladimir Putin" in another article
    surname = surname_key(name) if full_name else None
    insert = t.entities.insert().values(name=name, label=label, key=key, surname_key=surname)
    new_id = int(conn.execute(insert.returning(t.entities.c.id)).scalar_one())
    if surname:
        _absorb_bare_surname(conn, new_id, surname)
    return new_id


def _people_with_surname(conn: Connection, surname: str) -> list[int]:
    """Full-name people with this surname key (only full names carry one)."""
    rows = conn.execute(select(t.entities.c.id).where(t.entities.c.surname_key == surname))
    return [int(row.id) for row in rows]


def _absorb_bare_surname(conn: Connection, full_id: int, surname: str) -> None:
    """A full name arrives after articles that gave only the surname: link those to it."""
    if len(_people_with_surname(conn, surname)) != 1:
        return  # two people share the surname: the bare surname stays ambiguous
    bare = conn.execute(
        select(t.entities.c.id).where(
            and_(t.entities.c.key == surname, t.entities.c.label == "PERSON")
        )
    ).first()
    if bare is not None:
        conn.execute(
            t.mentions.update().where(t.mentions.c.entity_id == bare.id).values(entity_id=full_id)
        )
        conn.execute(t.entities.delete().where(t.entities.c.id == bare.id))
