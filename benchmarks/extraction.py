"""HTML article extraction quality of storylens against bare trafilatura, on gold article bodies.

What it measures, on the Zyte/scrapinghub article-extraction-benchmark (181 news pages with hand
checked article bodies, ``<bench data>/article-extraction-benchmark/``):

- body quality by the benchmark's own metric (see its README): tokens are ``\\w+`` runs; per
  page, the multisets of 4-token shingles of truth and prediction give TP (shared), FP (only
  predicted) and FN (only true); precision and recall are averaged over pages, and F1 is the
  harmonic mean of the two averages;
- for ``trafilatura.extract(html)`` with default settings (the baseline), for storylens's
  ``Article.body`` from ``read_articles`` (what storylens analyses), and, to tell extraction from
  cleaning, for ``Article.text`` (storylens's extraction before its boilerplate lines are cut);
- pages/s of trafilatura and of storylens (each includes un-gzipping the file);
- how often storylens fills title, author and published, over all pages and over the pages that
  state them in their markup (Open Graph / meta tags, itemprop, JSON-LD).

It also lists the pages where storylens's body scores furthest below trafilatura's, with the
kinds of lines cleaning removed there, to guide work on ``ingest/boilerplate.py``. As a check of
the metric, the stored output of trafilatura 2.0.0 in the benchmark is scored too; the published
figure for it is F1 0.958, P 0.938, R 0.978.

Run it from the repository root::

    .venv/bin/python benchmarks/extraction.py               # all 181 pages
    .venv/bin/python benchmarks/extraction.py --limit 40    # a quicker look
    .venv/bin/python benchmarks/extraction.py --check       # exit 1 below benchmarks/floors.json

Results are also written to ``.bench/extraction.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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

SHINGLE = 4
WORD = re.compile(r"\w+")  # str patterns match Unicode word characters
PUBLISHED_REFERENCE = {"f1": 0.958, "precision": 0.938, "recall": 0.978}
SYSTEMS = ("trafilatura", "storylens", "storylens-text")
FIELDS = ("title", "author", "published")

# Markup by which a page states each metadata field (attribute values or elements).
STATED_XPATHS: dict[str, tuple[str, ...]] = {
    "title": (
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
        "//*[@itemprop='headline']",
    ),
    "author": (
        "//meta[@name='author']/@content",
        "//meta[@property='article:author']/@content",
        "//*[@itemprop='author']",
        "//a[@rel='author']",
    ),
    "published": (
        "//meta[@property='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//*[@itemprop='datePublished']",
        "//meta[@name='pubdate' or @name='publishdate' or @name='date']/@content",
    ),
}
T = TypeVar("T")
JSON_LD_KEYS = {"title": "headline", "author": "author", "published": "datePublished"}


# --- the metric -------------------------------------------------------------------------------


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text``.

    A text of 1 to 3 tokens is one shingle of all its tokens, so that a very short truth or
    prediction is still scored (it matches only an identical short text); an empty text has none.
    """
    tokens = WORD.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def match_counts(truth: str, prediction: str) -> tuple[int, int, int]:
    """TP, FP and FN: shingles in both (min count), only predicted and only true (excess)."""
    true, predicted = shingles(truth), shingles(prediction)
    tp = sum((true & predicted).values())
    return tp, sum(predicted.values()) - tp, sum(true.values()) - tp


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Per-page precision and recall; both 1.0 when nothing is wrong (FP = FN = 0).

    An empty prediction of a non-empty truth scores 0 / 0 rather than being left out.
    """
    if fp == fn == 0:
        return 1.0, 1.0
    return ratio(tp, tp + fp), ratio(tp, tp + fn)


def harmonic(precision: float, recall: float) -> float:
    """F1 of a precision and a recall (0 when both are 0)."""
    return ratio(2 * precision * recall, precision + recall)


@dataclass(frozen=True)
class PageScore:
    """Precision, recall and F1 of one prediction of one page."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def score_page(truth: str, prediction: str) -> PageScore:
    """Score one predicted body against its truth."""
    return PageScore(*precision_recall(*match_counts(truth, prediction)))


def summarise(scores: list[PageScore]) -> dict[str, float]:
    """Mean precision, mean recall and the F1 of those two means."""
    precision = ratio(sum(s.precision for s in scores), len(scores))
    recall = ratio(sum(s.recall for s in scores), len(scores))
    return {"f1": harmonic(precision, recall), "precision": precision, "recall": recall}


# --- the data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, gzipped HTML file and gold article body."""

    id: str
    path: Path
    truth: str


def load_pages(folder: Path, limit: int | None) -> list[Page]:
    """Pages in id order, at most ``limit``."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    return [Page(i, folder / "html" / f"{i}.html.gz", truth[i]["articleBody"]) for i in ids]


def stored_output(folder: Path, system: str) -> dict[str, str]:
    """A system's stored predictions from ``output/<system>.json``, id -> article body."""
    data = json.loads((folder / "output" / f"{system}.json").read_text(encoding="utf-8"))
    items = data.get("output", data) if "version" in data else data
    return {key: value.get("articleBody") or "" for key, value in items.items()}


# --- the systems ------------------------------------------------------------------------------


@dataclass
class StorylensPage:
    """What storylens made of one page (empty strings and no fields when it failed)."""

    body: str = ""
    text: str = ""
    filled: dict[str, bool] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) of each cut line
    failure: str | None = None


def run_trafilatura(page: Page) -> str:
    """Bare ``trafilatura.extract`` with default settings."""
    import trafilatura

    html = gzip.decompress(page.path.read_bytes()).decode("utf-8")
    return trafilatura.extract(html) or ""


def run_storylens(page: Page) -> StorylensPage:
    """``read_articles`` on the page file: body, text before cleaning and filled metadata."""
    from storylens import read_articles
    from storylens.model import Failure

    item = next(iter(read_articles([str(page.path)])))
    if isinstance(item, Failure):
        return StorylensPage(failure=item.reason)
    filled = {name: bool(getattr(item, name)) for name in FIELDS}
    removed = [(r.kind, r.text) for r in item.removed]
    return StorylensPage(item.body, item.text, filled, removed)


def timed(function: Callable[[Page], T], pages: list[Page]) -> tuple[list[T], float]:
    """``function`` over every page, and the CPU seconds it took in all.

    Both systems run single-threaded in this process, so CPU time equals wall time on a quiet
    machine and, unlike wall time, is not stretched by other work on a busy one.
    """
    started = time.process_time()
    results = [function(page) for page in pages]
    return results, time.process_time() - started


# --- metadata stated by the page --------------------------------------------------------------


def stated_fields(page: Page) -> dict[str, bool]:
    """Which of title, author and published the page's markup states."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(gzip.decompress(page.path.read_bytes()))
    json_ld = list(json_ld_items(tree))
    return {
        name: any(has_value(v) for xpath in STATED_XPATHS[name] for v in tree.xpath(xpath))
        or any(item.get(JSON_LD_KEYS[name]) for item in json_ld)
        for name in FIELDS
    }


def has_value(found: Any) -> bool:
    """An attribute value or element that carries some text."""
    if isinstance(found, str):
        return bool(found.strip())
    text = found.get("content") or found.get("datetime") or found.text_content()
    return bool(text and text.strip())


def json_ld_items(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object, however nested, in the page's JSON-LD scripts."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value)


def metadata_shares(ours: list[StorylensPage], stated: list[dict[str, bool]]) -> dict[str, Any]:
    """Per field: share of pages filled, pages that state it, and share of those filled."""
    shares: dict[str, Any] = {}
    for name in FIELDS:
        filled = [page.filled.get(name, False) for page in ours]
        stating = [f for f, s in zip(filled, stated, strict=True) if s[name]]
        shares[name] = {
            "filled": ratio(sum(filled), len(filled)),
            "stated_pages": len(stating),
            "filled_when_stated": ratio(sum(stating), len(stating)),
        }
    return shares


# --- report -----------------------------------------------------------------------------------


def print_quality(summaries: dict[str, dict[str, float]], pages: int) -> None:
    """The F1 / P / R table with the published reference."""
    print(f"\nbody extraction on {pages} pages (4-gram shingles, means over pages)")
    print(f"{'system':<34} {'F1':>6} {'P':>6} {'R':>6}")
    for name, figures in summaries.items():
        print(
            f"{name:<34} {figures['f1']:6.3f} {figures['precision']:6.3f} {figures['recall']:6.3f}"
        )


def print_metadata(shares: dict[str, Any]) -> None:
    """Fill rates of storylens's metadata."""
    print("\nstorylens metadata      filled   pages stating it   filled where stated")
    for name, share in shares.items():
        print(
            f"{name:<20} {share['filled']:9.1%} {share['stated_pages']:18d}"
            f" {share['filled_when_stated']:21.1%}"
        )


def worst_pages(
    pages: list[Page], scores: dict[str, list[PageScore]], ours: list[StorylensPage], count: int
) -> list[dict[str, Any]]:
    """The pages where storylens's body F1 is furthest below trafilatura's."""
    rows = [
        {
            "id": page.id,
            "trafilatura_f1": scores["trafilatura"][i].f1,
            "storylens_f1": scores["storylens"][i].f1,
            "storylens_text_f1": scores["storylens-text"][i].f1,
            "removed": ours[i].removed,
            "failure": ours[i].failure,
        }
        for i, page in enumerate(pages)
    ]
    rows.sort(key=lambda row: (row["storylens_f1"] - row["trafilatura_f1"], row["storylens_f1"]))
    return rows[:count]


def print_worst(rows: list[dict[str, Any]]) -> None:
    """The worst pages with both F1s and what cleaning removed there."""
    print("\npages where storylens's body F1 is lowest relative to trafilatura's")
    print(f"{'id':<16} {'trafilatura':>11} {'storylens':>9} {'before cleaning':>15}  removed")
    for row in rows:
        kinds = Counter(kind for kind, _ in row["removed"])
        removed = row["failure"] or ", ".join(f"{k} x{n}" for k, n in kinds.items()) or "-"
        print(
            f"{row['id'][:16]:<16} {row['trafilatura_f1']:11.3f} {row['storylens_f1']:9.3f}"
            f" {row['storylens_text_f1']:15.3f}  {removed}"
        )


def cleaning_audit(pages: list[Page], ours: list[StorylensPage]) -> dict[str, Any]:
    """Per cleaning rule: lines removed, and those that are article text by the gold body."""
    removed: Counter[str] = Counter()
    in_gold: list[dict[str, str]] = []
    for page, result in zip(pages, ours, strict=True):
        for kind, text in result.removed:
            removed[kind] += 1
            if in_gold_body(text, page.truth):
                in_gold.append({"id": page.id, "rule": kind, "text": text})
    return {"removed": dict(removed), "in_gold": in_gold}


def in_gold_body(line: str, truth: str) -> bool:
    """Whether a line is article text by the gold body.

    That is: at least half of its shingles are in the gold body, or, for a line of under 4
    tokens (too short to tell by shingles, "© Reuters" say), one of the gold body's lines has
    the same tokens.
    """
    tokens = WORD.findall(line)
    if len(tokens) < SHINGLE:
        return bool(tokens) and any(WORD.findall(gold) == tokens for gold in truth.splitlines())
    mine = shingles(line)
    return sum((mine & shingles(truth)).values()) >= 0.5 * sum(mine.values())


def print_audit(audit: dict[str, Any], show: int) -> None:
    """How many lines each rule cut, how many of those the gold keeps, and examples."""
    kept = Counter(line["rule"] for line in audit["in_gold"])
    print("\nstorylens cleaning by rule   lines removed   of which in the gold body")
    for kind, count in sorted(audit["removed"].items(), key=lambda item: -item[1]):
        print(f"{kind:<28} {count:13d} {kept[kind]:27d}")
    for line in audit["in_gold"][:show]:
        print(f"  in gold, cut by {line['rule']}: {line['id'][:10]} {line['text'][:80]!r}")


def floor_checks(summaries: dict[str, dict[str, float]]) -> list[FloorCheck]:
    """The figures that ``--check`` compares with ``floors.json``."""
    floors = load_floors("extraction")
    checks = []
    if "f1_min" in floors:
        f1 = summaries["storylens (Article.body)"]["f1"]
        checks.append(FloorCheck("storylens body F1", f1, floors["f1_min"], True))
    return checks


def evaluate(folder: Path, pages: list[Page], show: int) -> dict[str, Any]:
    """Run both systems, score them and print the report; returns the figures."""
    import trafilatura

    print(f"extracting {len(pages)} pages with trafilatura {trafilatura.__version__} ...")
    run_trafilatura(pages[0])  # warm-up: first-call imports and model loads are not timed
    theirs, their_s = timed(run_trafilatura, pages)
    print("extracting with storylens ...")
    run_storylens(pages[0])
    ours, our_s = timed(run_storylens, pages)
    predictions = {
        "trafilatura": theirs,
        "storylens": [page.body for page in ours],
        "storylens-text": [page.text for page in ours],
    }
    scores = {
        name: [score_page(p.truth, text) for p, text in zip(pages, texts, strict=True)]
        for name, texts in predictions.items()
    }
    stored = stored_output(folder, "trafilatura")
    stored_scores = [score_page(p.truth, stored.get(p.id, "")) for p in pages]
    summaries = {
        f"trafilatura {trafilatura.__version__} extract()": summarise(scores["trafilatura"]),
        "storylens (Article.body)": summarise(scores["storylens"]),
        "storylens before cleaning (.text)": summarise(scores["storylens-text"]),
        "stored trafilatura 2.0.0 output": summarise(stored_scores),
        "published trafilatura 2.0.0": PUBLISHED_REFERENCE,
    }
    print_quality(summaries, len(pages))
    speeds = {"trafilatura": ratio(len(pages), their_s), "storylens": ratio(len(pages), our_s)}
    relative = ratio(speeds["storylens"], speeds["trafilatura"])
    print(
        f"\nspeed (per CPU second): trafilatura {speeds['trafilatura']:.1f} pages/s,"
        f" storylens {speeds['storylens']:.1f} pages/s (ratio {relative:.2f})"
    )
    shares = metadata_shares(ours, [stated_fields(page) for page in pages])
    print_metadata(shares)
    failures = {p.id: o.failure for p, o in zip(pages, ours, strict=True) if o.failure}
    if failures:
        print(f"\nstorylens failed on {len(failures)} page(s): {failures}")
    audit = cleaning_audit(pages, ours)
    print_audit(audit, show)
    worst = worst_pages(pages, scores, ours, show)
    print_worst(worst)
    f1 = summaries["storylens (Article.body)"]["f1"]
    base = summaries[f"trafilatura {trafilatura.__version__} extract()"]["f1"]
    relative = ratio(f1, base)
    print(f"\nextraction: storylens F1 {f1:.3f}, trafilatura F1 {base:.3f}, ratio {relative:.3f}")
    return {
        "pages": len(pages),
        "trafilatura_version": trafilatura.__version__,
        "quality": summaries,
        "pages_per_s": speeds,
        "metadata": shares,
        "failures": failures,
        "worst": worst,
        "cleaning": audit,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="score only the first N pages (by id)")
    parser.add_argument("--show", type=int, default=10, help="worst pages to list (default 10)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a floor is missed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Score both systems, print the report, save it and optionally check the floors."""
    args = parse_args(argv)
    folder = require(bench_data_dir() / "article-extraction-benchmark")
    result = evaluate(folder, load_pages(folder, args.limit), args.show)
    print(f"wrote {write_results('extraction', result).relative_to(REPO_ROOT)}")
    return report_checks(floor_checks(result["quality"])) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
