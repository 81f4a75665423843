"""Whole ingest runs: parallel analysis, idempotence, and recovery from an interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from storylens.corpus import ingest
from storylens.settings import load_settings
from storylens.store import Store
from tests.conftest import CLI, write

pytestmark = pytest.mark.slow

TOWNS = ["Port Velmar", "Oskarholm", "Brindle Bay", "Kessa", "Lower Marrow", "Tallis Ford"]


def make_corpus(folder: Path, count: int) -> Path:
    """``count`` distinct short articles in one JSONL file."""
    lines = []
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"Council leader Mira Solberg said on Monday that {town} would spend {i + 3} million "
            f"crowns on flood walls. Solberg told the Velmar Courier that work starts in week {i}."
        )
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "source": "Velmar Courier"}))
    return write(folder / "corpus.jsonl", "\n".join(lines) + "\n")


def entity_table(store: Store) -> list[tuple[str, str, int]]:
    return sorted((e["name"], e["label"], e["mentions"]) for e in store.entities())


def test_corpus_parallel_analysis_matches_serial(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, 80)
    results = {}
    for jobs in (1, 2):
        store = Store(str(tmp_path / f"jobs{jobs}.db"))
        report = ingest([str(corpus)], store, load_settings(db=store.db, jobs=jobs, batch_size=16))
        assert (report.new, report.failures) == (80, [])
        results[jobs] = entity_table(store)
    assert results[1] == results[2]
    assert ("Mira Solberg", "PERSON", 160) in results[1]


def test_corpus_ingest_twice_changes_nothing(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, 10)
    store = Store(str(tmp_path / "s.db"))
    settings = load_settings(db=store.db, jobs=1)
    ingest([str(corpus)], store, settings)
    before = entity_table(store)
    report = ingest([str(corpus), str(corpus)], store, settings)
    assert (report.read, report.new, len(report.duplicates)) == (20, 0, 20)
    assert entity_table(store) == before and store.count() == 10


def test_corpus_interrupted_ingest_resumes_without_duplicates(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, 400)
    db = tmp_path / "interrupted.db"
    command = [str(CLI), "ingest", str(corpus), "--db", str(db), "--jobs", "1", "--quiet"]
    env = {**os.environ, "STORYLENS_BATCH_SIZE": "8"}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _stored(db) >= 16:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "run the same command again" in stderr
    partial = _stored(db)
    assert 16 <= partial < 400
    assert _fts_rows(db) == partial, "the search index holds exactly the stored articles"

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _stored(db) == 400 and _fts_rows(db) == 400


def _stored(db: Path) -> int:
    try:
        return Store(str(db)).count()
    except Exception:  # noqa: BLE001 - the writer may still be creating the schema
        return 0


def _fts_rows(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM article_search").fetchone()[0])
