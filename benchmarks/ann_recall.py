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

Results are written to ``.bench/ann_recall.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from typing import Any

import numpy as np

from _common import bench_data_dir, require, write_results

EFS = (24, 48, 96)


def load_groups() -> list[list[str]]:
    """Each train group's article texts (title and lead), groups with three articles only."""
    path = require(bench_data_dir() / "neus-allsides") / "train.jsonl"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ann-dim", type=int, help="folded dimensions (default: the setting's)")
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
    print(f"results: {write_results('ann_recall', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
