"""How often the story index finds an article's own story among its candidates, on real news.

What it measures: the NeuS-AllSides train groups (2,452 events, three outlets' leads each) as
open stories: the first two articles of each group make a story centroid, written to the HNSW
index the clusterer uses (:class:`storylens.stories.ann.HnswIndex`, folded vectors as in
:class:`~storylens.stories.clustering.StoryClusterer`), and each third article asks it for
``neighbours`` candidates. Printed: the share of third articles whose own story is among them,
for the index at several ``ef`` settings and, as baselines in the same run, for an exact search
over the same folded vectors and over the full vectors; with the time per query.

The synthetic stories of benchmarks/scale.py are random directions, the hardest case for a
graph index; this says what the index does on text. Words only: entity names, which also
bring candidates in, are left out, so these are the index's own figures.

    .venv/bin/python benchmarks/ann_recall.py                 # the clusterer's index size
    .venv/bin/python benchmarks/ann_recall.py --ann-dim 256   # a larger folded vector
    .venv/bin/python benchmarks/ann_recall.py --cluster 128 256

``--cluster`` also clusters the train articles end to end (``cluster_articles``, words and
names, no published times, two shuffled orders) at each folded size and prints B-cubed
precision, recall and F1 against the train groups, whether more candidates give better
stories, beside a TF-IDF + average-linkage baseline at its best threshold for these groups.
The spaCy analyses are cached in ``.bench/`` after the first run (about a minute).

Results are written to ``.bench/ann_recall.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from _common import bench_data_dir, cached, require, write_results
from clusters import MODEL, analyse, bcubed

EFS = (24, 48, 96)
ORDERS = 2


def train_file() -> Path:
    return require(bench_data_dir() / "neus-allsides") / "train.jsonl"


def load_groups() -> list[list[str]]:
    """Each train group's article texts (title and lead), groups with three articles only."""
    path = train_file()
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts = [f"{a.get('title') or ''}\n{a.get('text') or ''}" for a in record["articles"]]
        if len(texts) == 3:
            groups.append(texts)
    return groups


def vectors(groups: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(story centroid sums, query vectors): unit text vectors as the clusterer makes them."""
    from storylens.stories import StoryFeatures, Vectorizer
    from storylens.stories.features import content_terms

    vectorizer = Vectorizer()
    features = [
        [StoryFeatures(f"{number}-{k}", terms=content_terms(text)) for k, text in enumerate(texts)]
        for number, texts in enumerate(groups)
    ]
    for group in features:
        for item in group:
            vectorizer.learn(item)
    encoded = [[vectorizer.encode(item).vector for item in group] for group in features]
    stories = np.stack([group[0] + group[1] for group in encoded])
    queries = np.stack([group[2] for group in encoded])
    return stories, queries


def recall(found: list[list[int]]) -> float:
    return sum(own in labels for own, labels in enumerate(found)) / max(len(found), 1)


def measure(stories: np.ndarray, queries: np.ndarray, ann_dim: int | None) -> dict[str, Any]:
    from storylens.stories import ClusterSettings, StoryClusterer
    from storylens.stories.ann import HnswIndex

    settings = ClusterSettings()
    settings = replace(settings, ann_dim=ann_dim or settings.ann_dim)
    clusterer = StoryClusterer(settings)
    k = settings.neighbours
    folded_stories = np.stack([clusterer._fold(row) for row in stories])
    folded_queries = np.stack([clusterer._fold(row) for row in queries])
    rows: dict[str, Any] = {}
    for name, story_rows, query_rows in (
        ("exact, folded vectors", folded_stories, folded_queries),
        ("exact, full vectors", stories / np.linalg.norm(stories, axis=1, keepdims=True), queries),
    ):
        began = time.perf_counter()
        found = [np.argsort(-(story_rows @ q))[:k].tolist() for q in query_rows]
        rows[name] = {"recall": recall(found), "us_per_query": _us(began, len(query_rows))}
    for ef in EFS:
        index = HnswIndex(settings.ann_dim, ef=ef)
        for label, row in enumerate(folded_stories):
            index.add(label, row)
        began = time.perf_counter()
        found = [index.query(q, k) for q in folded_queries]
        rows[f"HNSW, ef {ef}"] = {"recall": recall(found), "us_per_query": _us(began, len(found))}
    return {"stories": len(stories), "neighbours": k, "ann_dim": settings.ann_dim, "rows": rows}


def _us(began: float, count: int) -> float:
    return (time.perf_counter() - began) / max(count, 1) * 1e6


def clustering_scores(groups: list[list[str]], dims: list[int]) -> dict[str, dict[str, float]]:
    """B-cubed scores of end-to-end clustering against the groups, per folded size."""
    from storylens.stories import ClusterSettings, cluster_articles

    source = train_file()
    stamp = f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{MODEL}"
    pairs = cached("neus-train-analyses", stamp, lambda: _analyse(groups))
    scores = {"TF-IDF + agglomerative, best threshold": tfidf_baseline(pairs)}
    for dim in dims:
        runs = []
        for seed in range(ORDERS):
            order = list(pairs)
            random.Random(seed).shuffle(order)
            rows = cluster_articles(order, settings=ClusterSettings(ann_dim=dim))
            runs.append(bcubed([r[1] for r in rows], [r[0].split("-")[0] for r in rows]))
        scores[f"storylens, {dim} dimensions"] = {
            name: sum(run[i] for run in runs) / ORDERS
            for i, name in enumerate(("precision", "recall", "f1"))
        }
    return scores


def tfidf_baseline(pairs: list[Any]) -> dict[str, float]:
    """TF-IDF + average-linkage clustering at the threshold that suits the groups best (as in
    benchmarks/clusters.py; cosines by a sparse product, too many articles for ``pdist``)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [a.text for a, _ in pairs]
    )
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    gold = [a.external_id.split("-")[0] for a, _ in pairs]
    best = {"f1": -1.0}
    for step in range(10, 100, 2):
        labels = fcluster(tree, t=step / 100, criterion="distance").tolist()
        precision, recall_, f1 = bcubed(labels, gold)
        if f1 > best["f1"]:
            best = {"precision": precision, "recall": recall_, "f1": f1, "threshold": step / 100}
    return best


def _analyse(groups: list[list[str]]) -> list[Any]:
    """(Article, Analysis) pairs of the groups' articles, ids ``g<group>-<outlet>``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "neus-train.jsonl"
        records = (
            {
                "id": f"g{number}-{k}",
                "title": text.split("\n", 1)[0],
                "text": text.split("\n", 1)[1],
            }
            for number, texts in enumerate(groups)
            for k, text in enumerate(texts)
        )
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return analyse(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ann-dim", type=int, help="folded dimensions (default: the setting's)")
    parser.add_argument("--cluster", type=int, nargs="+", metavar="DIM", help="see above")
    args = parser.parse_args()
    groups = load_groups()
    result = measure(*vectors(groups), args.ann_dim)
    print(
        f"NeuS train: {result['stories']:,} stories (two articles each), the third article of "
        f"each asks for {result['neighbours']} candidates among vectors folded to "
        f"{result['ann_dim']} dimensions; own story found among them:"
    )
    for name, row in result["rows"].items():
        print(f"  {name:24} {row['recall']:.3f}   {row['us_per_query']:8.1f} us per query")
    if args.cluster:
        result["clustering"] = clustering_scores(groups, args.cluster)
        print(f"end to end, cluster_articles against the groups ({ORDERS} orders), B-cubed:")
        for name, row in result["clustering"].items():
            print(f"  {name:40} P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f}")
    print(f"results: {write_results('ann_recall', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
