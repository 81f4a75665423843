"""Stories on real news with published times: the AllSides crawl in NeuS's raw folder.

ECB+ and the NeuS train groups have no published times, so the other story benchmarks measure
the clusterer on words and names alone. A live feed has times, and the clusterer uses them: an
article joins a story only within ``window_days`` of its span, and a published time inside
that span adds to the score. This benchmark measures what that is worth on real articles.

Data: ``<bench data>/neus-allsides/raw/headline_11_2021-10-19_crawled_all.jsonl``, AllSides
roundups of April to October 2021 (506 events, 1,479 articles with a body, mostly US politics:
the same subjects come back week after week). Gold: one story per roundup. An article's
published day is the date in its link where there is one (568 of them; from 7 days before to
a few after the roundup's), otherwise the roundup's day; the time of day is left out, so the
articles of a day are equally near in time whatever their story.

Printed, B-cubed precision, recall and F1 (and ARI) against the roundups, averaged over
``--orders`` orders (articles of one day come in a shuffled order; without times, all do):

- storylens (``cluster_articles``), published times known;
- storylens, the same articles without times;
- as baselines in the same run: TF-IDF + average-linkage agglomerative clustering at the
  threshold best for these very roundups (optimistic: fitted to the gold), and the same
  with the articles of different weeks kept apart (the threshold fitted again).

Settings were tuned elsewhere (ECB+ topics 1-25); nothing here was tuned on this data.

    .venv/bin/python benchmarks/timed_stories.py            # 3 orders
    .venv/bin/python benchmarks/timed_stories.py --orders 5

The spaCy analyses are cached in ``.bench/`` after the first run (a few minutes).
Results are written to ``.bench/timed_stories.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from _common import bench_data_dir, cached, require, write_results
from clusters import MODEL, Pair, analyse, scores

CRAWL = "headline_11_2021-10-19_crawled_all.jsonl"
LINK_DATE = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)/")


def crawl_file() -> Path:
    return require(bench_data_dir() / "neus-allsides" / "raw") / CRAWL


def records(path: Path) -> list[dict[str, Any]]:
    """One storylens input record per article with a body: id ``<roundup>-<side>``."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        roundup = json.loads(line)
        for side, news in sorted((roundup.get("news") or {}).items()):
            if not news or not news.get("newBody"):
                continue
            rows.append(
                {
                    "id": f"{roundup['id']}-{side}",
                    "title": news.get("newsTitle") or "",
                    "text": "\n\n".join(news["newBody"]),
                    "source": news.get("newsSource"),
                    "url": news.get("newsLink"),
                    "published": published_day(news.get("newsLink") or "", roundup["date"]),
                }
            )
    return rows


def published_day(link: str, roundup_date: str) -> str:
    """The day in the article's link, else the roundup's day (ISO, midday UTC)."""
    found = LINK_DATE.search(link)
    day = date(*map(int, found.groups())) if found else date.fromisoformat(roundup_date[:10])
    return f"{day.isoformat()}T12:00:00+00:00"


def analysed(path: Path) -> list[Pair]:
    stamp = f"{path.stat().st_size}:{path.stat().st_mtime_ns}:{MODEL}"

    def compute() -> list[Pair]:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "allsides.jsonl"
            lines = (json.dumps(record) + "\n" for record in records(path))
            source.write_text("".join(lines), encoding="utf-8")
            return analyse(source)

    return cached("allsides-timed-analyses", stamp, compute)


def gold_of(pairs: Sequence[Pair]) -> list[str]:
    return [article.external_id.rsplit("-", 1)[0] for article, _ in pairs]


def storylens_scores(pairs: list[Pair], orders: int, timed: bool) -> dict[str, float]:
    """Mean scores over ``orders`` arrival orders (``cluster_articles`` sorts by time)."""
    from storylens.stories import cluster_articles

    if not timed:
        pairs = [(replace(article, published=None), analysis) for article, analysis in pairs]
    runs = []
    for seed in range(orders):
        order = list(pairs)
        random.Random(seed).shuffle(order)
        story = {row[0]: row[1] for row in cluster_articles(order)}
        runs.append(scores([story[a.external_id] for a, _ in pairs], gold_of(pairs)))
    return {key: sum(run[key] for run in runs) / orders for key in runs[0]}


def tfidf_scores(pairs: list[Pair], weeks_apart: bool) -> dict[str, float]:
    """TF-IDF + average linkage at its best threshold for the gold; with ``weeks_apart``,
    articles published in different ISO weeks are never merged."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [article.text for article, _ in pairs]
    )
    distances = (1.0 - (matrix @ matrix.T).toarray()).clip(0.0, None)
    if weeks_apart:
        weeks = [_week(article) for article, _ in pairs]
        for i, week in enumerate(weeks):
            distances[i, [j for j, other in enumerate(weeks) if other != week]] = 1.0
    distances[range(len(pairs)), range(len(pairs))] = 0.0
    tree = linkage(squareform(distances, checks=False), method="average")
    gold: Sequence[Hashable] = gold_of(pairs)
    best: dict[str, float] = {"f1": -1.0}
    for step in range(10, 100, 2):
        result = scores(fcluster(tree, t=step / 100, criterion="distance").tolist(), gold)
        if result["f1"] > best["f1"]:
            best = {**result, "threshold": step / 100}
    return best


def _week(article: Any) -> tuple[int, int]:
    year, week, _day = article.published.isocalendar()
    return year, week


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=3, help="arrival orders to average")
    args = parser.parse_args()
    pairs = analysed(crawl_file())
    events = len(set(gold_of(pairs)))
    print(f"AllSides crawl: {len(pairs):,} articles of {events} roundups, {args.orders} orders")
    results = {
        "storylens, published times": storylens_scores(pairs, args.orders, timed=True),
        "storylens, no times": storylens_scores(pairs, args.orders, timed=False),
        "TF-IDF + agglomerative, best threshold": tfidf_scores(pairs, weeks_apart=False),
        "TF-IDF + agglomerative, weeks apart, best threshold": tfidf_scores(
            pairs, weeks_apart=True
        ),
    }
    print(f"{'system':54} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6}")
    for name, row in results.items():
        threshold = f"  @{row['threshold']:.2f}" if "threshold" in row else ""
        print(
            f"{name:54} {row['p']:6.3f} {row['r']:6.3f} {row['f1']:6.3f} {row['ari']:6.3f}"
            f"{threshold}"
        )
    print(f"results: {write_results('timed_stories', {'articles': len(pairs), **results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
