"""Story assignment at scale: time per article and peak memory over a million synthetic articles.

What it measures: :meth:`StoryClusterer.assign_vector` on ``--n`` synthetic articles (default
1,000,000) in one process, in published order. Stories have Zipf-distributed sizes (exponent
2: most stories are one or two articles, a few run to thousands), start at uniform times over a
year and last a few days; each article's text vector is its story's centre plus noise, its
entities a few of the story's own plus one common name (drawn from a Zipf vocabulary, so some
names recur across many stories). Drawing the articles is left out of the per-article times.

Printed: the mean assignment time per article over the 10,000 articles before each checkpoint
(10k, 100k, 1M, as far as ``--n`` goes) and the ratio of the slowest to the fastest, which must
stay within 2; the same in CPU time of the assigning thread, which other work on a shared
machine disturbs less than wall time; beside it, as a baseline from the same run, the time to
score 50 of those articles against every open story (what the ANN index and entity postings
avoid); peak RSS (must stay under 4 GB at 1M); total wall and CPU time (under 10 minutes,
drawing the synthetic articles included), the time spent in assignment alone, and the
machine's load average, since the machine is shared.

    .venv/bin/python benchmarks/scale.py             # 1M articles
    .venv/bin/python benchmarks/scale.py --n 100000  # quicker (a smaller stream)
    .venv/bin/python benchmarks/scale.py --stop 100000  # the 1M stream's first checkpoints

Results are written to ``.bench/scale.json``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from _common import write_results

CHECKPOINTS = (10_000, 100_000, 1_000_000)
WINDOW = 10_000  # articles timed before each checkpoint
BASELINE_SAMPLE = 50  # of them, scored again against every open story
YEAR = 365 * 86_400.0
DIM = 1024
NOISE = 1.1  # article = centre + NOISE * unit noise: same-story cosine about 0.45
SEED = 20260401
MAX_NAMES = 5  # entity names of a story's own, at most


def story_plan(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(story index, published time) of the first ``n`` articles of a stream, sorted by time.

    Stories are drawn for 2% more articles than asked and the latest are left out, so the
    stream is still running at its end: otherwise its last days are a wind-down in which no
    story starts and old ones close three times as fast per article (6,500 closes in the last
    10,000 articles against 2,000 in those before the 100,000th), which is no size of corpus
    but an end of time.
    """
    total = n + n // 50
    sizes = np.minimum(rng.zipf(2.0, size=total), 5_000)
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), total)) + 1]
    sizes[-1] -= int(sizes.sum()) - total
    starts = rng.uniform(0.0, YEAR, size=len(sizes))
    story = np.repeat(np.arange(len(sizes)), sizes)
    published = starts[story] + rng.exponential(1.5 * 86_400.0, size=total)
    order = np.argsort(published, kind="stable")[:n]
    return story[order], published[order]


def articles(n: int, block: int = 4_096) -> Iterator[Any]:
    """Synthetic :class:`ArticleVector` items in published order (vectors built in blocks)."""
    from storylens.stories import ArticleVector

    rng = np.random.default_rng(SEED)
    story, published = story_plan(n, rng)
    common = [f"common-{i}" for i in range(2_000)]
    zipf_common = np.minimum(rng.zipf(1.5, size=n), len(common)) - 1
    stories: dict[int, tuple[np.ndarray, list[str]]] = {}
    for start in range(0, n, block):
        indices = [int(index) for index in story[start : start + block]]
        if len(stories) > 20_000:
            stories.clear()
        for index in dict.fromkeys(indices):
            if index not in stories:
                stories[index] = story_centre(index)
        # Drawn in float32 and for the whole block at once: generation is not what is
        # measured, but it counts in the total.
        noise = rng.standard_normal((len(indices), DIM), dtype=np.float32)
        noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
        vectors = np.stack([stories[index][0] for index in indices]) + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        # Each row: a random order of the name places 0-5; an article keeps its story's first 3.
        orders = np.argsort(rng.random((len(indices), MAX_NAMES)), axis=1).tolist()
        for offset, (index, vector) in enumerate(zip(indices, vectors, strict=True)):
            number = start + offset
            names = stories[index][1]
            picked = [k for k in orders[offset] if k < len(names)][:3]
            weight = 1.0 / np.sqrt(len(picked) + 0.25)  # own names 1, the common one 0.5
            entities = {names[k]: weight for k in picked}
            entities[common[int(zipf_common[number])]] = 0.5 * weight
            yield ArticleVector(
                article_id=f"a{number}",
                vector=vector,
                entities=entities,
                kinds={f"kind-{index % 50}": 1.0},
                published=float(published[number]),
            )


def story_centre(index: int) -> tuple[np.ndarray, list[str]]:
    """A story's unit centre and its own entity names (the same whenever asked)."""
    own = np.random.default_rng(SEED + index)
    centre = own.standard_normal(DIM).astype(np.float32)
    centre /= np.linalg.norm(centre)
    return centre, [f"s{index}-e{k}" for k in range(int(own.integers(2, MAX_NAMES + 1)))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def exhaustive_us(clusterer: Any, items: list[Any]) -> float:
    """Baseline: microseconds per article to score it against every open story (no index)."""
    stories = list(clusterer._open.values())
    began = time.perf_counter()
    for item in items:
        clusterer._score(item, stories)
    return (time.perf_counter() - began) / max(len(items), 1) * 1e6


def run_assignments(n: int, stop: int | None = None) -> dict[str, Any]:
    """Assign the first ``stop`` (default all) of a stream of ``n`` articles, timing the
    windows before each checkpoint."""
    from storylens.stories import StoryClusterer

    clusterer = StoryClusterer()
    last = min(stop or n, n)
    checkpoints = [c for c in CHECKPOINTS if c <= last] or [last]
    timed: dict[int, float] = {}
    timed_cpu: dict[int, float] = {}
    baseline: dict[int, float] = {}
    spent = spent_cpu = assigning = 0.0
    recent: list[Any] = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for number, item in enumerate(itertools.islice(articles(n), last), start=1):
        began_cpu = time.thread_time()
        began = time.perf_counter()
        clusterer.assign_vector(item)
        elapsed = time.perf_counter() - began
        elapsed_cpu = time.thread_time() - began_cpu
        assigning += elapsed
        upcoming = next((c for c in checkpoints if c >= number), None)
        if upcoming is not None and number > upcoming - WINDOW:
            spent += elapsed
            spent_cpu += elapsed_cpu
            recent = [*recent[-(BASELINE_SAMPLE - 1) :], item]
        if number in checkpoints:
            timed[number] = spent / min(WINDOW, number) * 1e6
            timed_cpu[number] = spent_cpu / min(WINDOW, number) * 1e6
            baseline[number] = exhaustive_us(clusterer, recent)
            spent = spent_cpu = 0.0
            recent = []
            print(
                f"  {number:>9,} articles: {timed[number]:7.1f} us/article "
                f"({timed_cpu[number]:.1f} us CPU) "
                f"(baseline, every open story scored: {baseline[number]:8.1f} us), "
                f"{clusterer.open_stories:,} open stories, peak RSS {peak_rss_mb():,.0f} MB, "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    return {
        "articles": last,
        "stream": n,
        "us_per_article": {str(k): v for k, v in timed.items()},
        "cpu_us_per_article": {str(k): v for k, v in timed_cpu.items()},
        "baseline_exhaustive_us_per_article": {str(k): v for k, v in baseline.items()},
        "ratio_slowest_fastest": max(timed.values()) / min(timed.values()),
        "cpu_ratio_slowest_fastest": max(timed_cpu.values()) / min(timed_cpu.values()),
        "peak_rss_mb": peak_rss_mb(),
        "total_s": time.perf_counter() - start,
        "assigning_s": assigning,
        "total_cpu_s": time.process_time() - cpu_start,
        "stories": len(clusterer.topics),
        "planned_stories": len(np.unique(story_plan(n, np.random.default_rng(SEED))[0][:last])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the stream")
    parser.add_argument(
        "--stop",
        type=int,
        help="assign only the first STOP articles of the stream (e.g. 100000: the 10k and 100k "
        "checkpoints of the 1M stream in a tenth of the time)",
    )
    args = parser.parse_args()
    print(f"assigning {args.n:,} synthetic articles (one process), load {os.getloadavg()}")
    result = run_assignments(args.n, args.stop)
    times = result["us_per_article"]
    print(f"per-article time (us) at checkpoints: {times}")
    print(f"ratio slowest/fastest: {result['ratio_slowest_fastest']:.2f} (must be <= 2)")
    print(f"the same in CPU time: {result['cpu_ratio_slowest_fastest']:.2f}")
    print(f"peak RSS: {result['peak_rss_mb']:,.0f} MB (must be < 4096 at 1M)")
    print(
        f"total: {result['total_s']:.0f} s wall, {result['total_cpu_s']:.0f} s CPU "
        f"(must be < 600 at 1M), of which assignment {result['assigning_s']:.0f} s "
        f"(the rest draws the synthetic articles); stories found {result['stories']:,} "
        f"of {result['planned_stories']:,} generated"
    )
    result["load_average_1_5_15"] = os.getloadavg()
    print(f"load average now (1, 5, 15 min; 2 cores): {result['load_average_1_5_15']}")
    print(f"results: {write_results('scale', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
