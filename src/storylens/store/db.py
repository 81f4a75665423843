"""Opening a store: the engine, SQLite's pragmas, and running migrations to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from storylens.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
BEGIN_KEY = "storylens_begin"  # connection.info key: how the next transaction begins


def store_url(db: str) -> str:
    """An SQLAlchemy URL for a ``--db`` value: a URL as given, else a SQLite file path."""
    return db if "://" in db else f"sqlite:///{db}"


def open_engine(db: str, *, create: bool = True) -> Engine:
    """An engine on the store at ``db``, migrated to the newest schema if needed; a SQLite file
    that does not exist is created only with ``create``.
    """
    url = store_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if not create and not path.exists():
            raise StoreError(f"no store at {db}: `storylens ingest FILES --db {db}` creates one")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the store {db}: folder {path.parent} does not exist")
    try:
        engine = create_engine(url)
    except ModuleNotFoundError as error:  # the URL names a driver that is not installed
        raise StoreError(
            f"cannot open the store {db}: its driver {error.name} is not installed "
            "(for PostgreSQL: pip install 'storylens[postgres]')"
        ) from None
    except ArgumentError as error:  # a malformed URL or an unknown dialect
        raise StoreError(f"cannot open the store {db}: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite commits DDL on its own and starts transactions late; taking over BEGIN makes
        # a migration or a batch of articles all-or-nothing, as the store promises.
        event.listen(engine, "begin", _begin)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        raise StoreError(
            f"cannot open the store {db}: {getattr(error, 'orig', None) or error}"
        ) from None
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # transactions are begun by the "begin" listener
    cursor = connection.cursor()
    # WAL lets readers (the web UI, a second CLI) work while an ingest writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql(connection.info.pop(BEGIN_KEY, "BEGIN"))


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds SQLite's write lock from its first statement.

    With a deferred BEGIN, two writers could both see an article as missing and then both
    insert it; BEGIN IMMEDIATE makes the check and the insert one step.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.info[BEGIN_KEY] = "BEGIN IMMEDIATE"
        with connection.begin():
            yield connection


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with writing(engine) as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current == script.get_current_head():
            return
        if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
            raise StoreError(
                f"the store is at schema revision {current}, which this storylens does not know: "
                "upgrade storylens"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
