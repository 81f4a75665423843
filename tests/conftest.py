"""Shared fixtures: real files in tmp_path, real SQLite stores, the installed CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storylens.store import Store
from tests.postgres import PostgresServer, find_binaries

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CORPUS = REPO / "examples" / "corpus"
CLI = Path(sys.executable).with_name("storylens")


@pytest.fixture
def seeds() -> Path:
    """The two seed articles, read where the project keeps them (never copied here)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for this test session (see tests/postgres.py)."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's server programs are not installed (apt-get install postgresql)")
    pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    server = PostgresServer(binaries)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store, once on SQLite and once on a real PostgreSQL server."""
    if request.param == "sqlite":
        return Store(str(tmp_path / "test.db"))
    server: PostgresServer = request.getfixturevalue("postgres")
    return Store(server.database())


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The sample corpus, ingested once per test session (read-only for tests)."""
    from storylens.corpus import ingest
    from storylens.settings import load_settings

    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    store = Store(db)
    report = ingest([str(CORPUS)], store, load_settings(db=db, jobs=1))
    assert report.ok, report.failures
    return store


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    """examples/corpus/gold.json."""
    return dict(json.loads((CORPUS / "gold.json").read_text(encoding="utf-8")))


RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run the installed ``storylens`` entry point; returns the completed process."""

    def run(
        *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "STORYLENS_DB": str(tmp_path / "cli.db"), **(env or {})}
        return subprocess.run(
            [str(CLI), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            timeout=300,
        )

    return run


def write(path: Path, content: str | bytes) -> Path:
    """Write a test document, creating folders; bytes are written as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
