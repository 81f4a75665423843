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

# Built once: each statement's compiled form is then found in SQLAlchemy's cache without
# building and hashing a new expression for every entity of every article.
_BY_KEYS = select(t.entities.c.id, t.entities.c.key).where(
    t.entities.c.key.in_(bindparam("keys", expanding=True))
)
_BY_SURNAME = select(t.entities.c.id).where(t.entities.c.surname_key == bindparam("surname"))
_INSERT = t.entities.insert().returning(t.entities.c.id)
_BARE_PERSON = select(t.entities.c.id).where(
    and_(t.entities.c.key == bindparam("key"), t.entities.c.label == "PERSON")
)
_MOVE_MENTIONS = (
    t.mentions.update()
    .where(t.mentions.c.entity_id == bindparam("old"))
    .values(entity_id=bindparam("new"))
)
_DELETE = t.entities.delete().where(t.entities.c.id == bindparam("old"))


def link_entities(conn: Connection, found: Sequence[Entity]) -> dict[str, int]:
    """Store ids for an article's entities (by canonical name), creating or linking them."""
    if not found:
        return {}
    keys = {entity.name: entity_key(entity.name, entity.label) for entity in found}
    rows = conn.execute(_BY_KEYS, {"keys": sorted(set(keys.values()))})
    known = {row.key: int(row.id) for row in rows}  # one query for the usual case
    ids = {}
    for entity in found:
        key = keys[entity.name]
        if key not in known:  # two names of one article may share a key: create it once
            known[key] = _new_entity_id(conn, entity.name, entity.label, key)
        ids[entity.name] = known[key]
    return ids


def relabel(conn: Connection, entity_ids: Iterable[int]) -> None:
    """Set each entity's label to the majority label of its mentions."""
    ids = sorted(set(entity_ids))
    if ids:
        conn.execute(_RELABEL, {"ids": ids})


def _new_entity_id(conn: Connection, name: str, label: str, key: str) -> int:
    """The id for a key the store does not hold: a new entity, or the one full-name person a
    bare surname stands for."""
    is_person = label == "PERSON"
    full_name = is_person and len(person_tokens(name)) > 1
    if is_person and not full_name:
        known = _people_with_surname(conn, key)
        if len(known) == 1:
            return known[0]  # "Putin" here, "Vladimir Putin" in another article
    surname = surname_key(name) if full_name else None
    row = {"name": name, "label": label, "key": key, "surname_key": surname}
    new_id = int(conn.execute(_INSERT, row).scalar_one())
    if surname:
        _absorb_bare_surname(conn, new_id, surname)
    return new_id


def _people_with_surname(conn: Connection, surname: str) -> list[int]:
    """Full-name people with this surname key (only full names carry one)."""
    return [int(row.id) for row in conn.execute(_BY_SURNAME, {"surname": surname})]


def _absorb_bare_surname(conn: Connection, full_id: int, surname: str) -> None:
    """A full name arrives after articles that gave only the surname: link those to it."""
    if len(_people_with_surname(conn, surname)) != 1:
        return  # two people share the surname: the bare surname stays ambiguous
    bare = conn.execute(_BARE_PERSON, {"key": surname}).first()
    if bare is not None:
        conn.execute(_MOVE_MENTIONS, {"old": bare.id, "new": full_id})
        conn.execute(_DELETE, {"old": bare.id})
