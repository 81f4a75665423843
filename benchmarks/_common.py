"""Helpers shared by the benchmarks: where the data is, floors, result files, formatting.

The benchmark data is public gold data kept outside the repository (``../shared/bench/`` beside
the checkout, or ``$STORYLENS_BENCH_DATA``); a benchmark whose folder is missing says so and
exits 0, so ``make bench`` works on a machine without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = Path(__file__).resolve().parent / "floors.json"
RESULTS_DIR = REPO_ROOT / ".bench"
DATA_ENV = "STORYLENS_BENCH_DATA"


def bench_data_dir() -> Path:
    """The benchmark data folder: ``$STORYLENS_BENCH_DATA`` or ``../shared/bench``."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "shared" / "bench"


def skip(folder: Path) -> NoReturn:
    """Say that a data folder is missing and end the benchmark successfully."""
    print(f"skipped: {folder} not found (see ../shared/bench/README.md)")
    sys.exit(0)


def require(folder: Path) -> Path:
    """``folder`` itself when it exists; otherwise skip the benchmark."""
    if not folder.is_dir():
        skip(folder)
    return folder


def load_floors(section: str) -> dict[str, float]:
    """The floors of one benchmark from ``benchmarks/floors.json``."""
    floors: dict[str, dict[str, float]] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return floors.get(section, {})


def cached(name: str, stamp: object, compute: Callable[[], list[T]]) -> list[T]:
    """``compute()``, kept in ``.bench/<name>.pickle`` and reused while ``stamp`` is the same
    and storylens's code has not changed.

    Benchmarks cache their spaCy analyses this way: the stamp names what they depend on (the
    input files' sizes and times, the model), so a changed input is analysed again; so is
    every input after an edit to the code, whose analyses would otherwise hide the edit.
    """
    stamp = (stamp, code_stamp())
    path = RESULTS_DIR / f"{name}.pickle"
    if path.exists():
        saved_stamp, saved = pickle.loads(path.read_bytes())
        if saved_stamp == stamp:
            return list(saved)
    result = compute()
    RESULTS_DIR.mkdir(exist_ok=True)
    path.write_bytes(pickle.dumps((stamp, result)))
    return result


def code_stamp() -> str:
    """A digest of storylens's source files and data tables, as they are now."""
    digest = hashlib.sha256()
    package = REPO_ROOT / "src" / "storylens"
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_results(name: str, results: dict[str, Any]) -> Path:
    """Write ``results`` to ``.bench/<name>.json`` (git-ignored) and return the path."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class FloorCheck:
    """One measured figure against its floor (or ceiling)."""

    name: str
    value: float
    limit: float
    at_least: bool  # True: value must be >= limit; False: value must be <= limit

    @property
    def ok(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def __str__(self) -> str:
        relation = ">=" if self.at_least else "<="
        verdict = "ok" if self.ok else "MISSED"
        return f"  {verdict:6} {self.name}: {self.value:.3f} (needs {relation} {self.limit:g})"


def report_checks(checks: list[FloorCheck]) -> int:
    """Print each check and return the exit status: 0 when all pass, 1 otherwise."""
    print("floors (benchmarks/floors.json):")
    for check in checks:
        print(check)
    return 0 if all(check.ok for check in checks) else 1


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is zero."""
    return numerator / denominator if denominator else 0.0
