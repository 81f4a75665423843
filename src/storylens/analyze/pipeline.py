"""The analyze stage: one spaCy pass per article, then sentences and canonical entities.

``analyze_batch`` is pure and per-article, so it runs the same in this process, in a local
process pool (:func:`analyze_many`) or on Dask workers.
"""

from __future__ import annotations

import bisect
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, TypeVar

from storylens.analyze.entities import NAME_LABELS, EntityIndex, RawMention, canonicalise
from storylens.analyze.events import find_events
from storylens.analyze.quantities import find_quantities
from storylens.analyze.quotes import find_quotes
from storylens.analyze.timex import find_times
from storylens.analyze.trims import find_trims
from storylens.errors import ModelNotFoundError
from storylens.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Fact,
    Failure,
    Mention,
    Quote,
    Sentence,
    Trim,
)
from storylens.names import DESCRIPTORS, TITLES

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

_Spanned = TypeVar("_Spanned", Mention, Quote, Fact, Event)
_T = TypeVar("_T")

#: Docs parsed together inside a worker. spaCy's peak memory grows with it while speed does
#: not (measured on PolNeAR: 972 MB at 32, 425 MB at 8, the same CPU time), so keep it small.
PARSE_BATCH = 8

#: spaCy refuses longer texts by default; longer bodies are cut here with a note.
MAX_CHARS = 1_000_000


#: The component that starts a sentence at each line break, added before the parser.
PARAGRAPH_BREAKS = "storylens_paragraph_breaks"

#: Abbreviated titles spaCy's English tokenizer splits from their full stop, which then ends
#: a sentence in front of the name: "discussed Pres. | Obama's press conference". (It knows
#: "Sen.", "Gov.", "Rep.", "Gen.", "Dr." and the like already; "Sr." and "Fr." may end a
#: sentence, so they are left out.)
TITLE_ABBREVIATIONS = (
    "Pres. Lt. Col. Capt. Sgt. Cmdr. Supt. Insp. Atty. Sec. Amb. Det. Cpl. Pvt. Maj. Hon. "
    "Gens. Reps. Sens."
).split()


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline once per process; a missing model says how to install it.

    A sentence starts at every line break (:func:`paragraph_breaks`) where the pipeline
    parses: news text keeps one paragraph per line, and a parse run on over a paragraph's end
    joins a heading or a quote's frame to the next paragraph's words.
    """
    import spacy
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    try:
        nlp = spacy.load(model)
    except OSError as error:
        if "E050" in str(error) or "E053" in str(error):
            raise ModelNotFoundError(model) from None
        raise
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        _register_paragraph_breaks()
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    if isinstance(nlp.tokenizer, Tokenizer):  # a custom tokenizer keeps its own rules
        for abbreviation in TITLE_ABBREVIATIONS:
            nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first word after each line break; the parser keeps preset
    starts, so no sentence, and no dependency, crosses from one paragraph into the next."""
    after_break = False  # whether the token before ends in or is a line break
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
        after_break = "\n" in token.text or "\n" in token.whitespace_
    return doc


def _register_paragraph_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)


def analyze_batch(
    articles: Sequence[Article], model: str, *, trims: bool = False
) -> list[Analysis | Failure]:
    """Analyse articles with one ``nlp.pipe`` pass; a failing article becomes a Failure.

    ``trims`` also marks the optional phrases a compressed summary may leave out
    (:attr:`Analysis.trims`): only ``summarize --compress`` reads them, and on long articles
    they cost about 6% of the parse, so they are not found otherwise.
    """
    nlp = load_pipeline(model)
    texts = [a.body[:MAX_CHARS] for a in articles]
    results: list[Analysis | Failure] = []
    docs = nlp.pipe(texts, batch_size=PARSE_BATCH)
    for article, doc in zip(articles, docs, strict=True):
        try:
            results.append(analysis_from_doc(article, doc, trims=trims))
        except Exception as error:  # noqa: BLE001 - one bad article must not sink the batch
            results.append(
                Failure(article.origin or article.external_id, f"analysis failed: {error!r}")
            )
    return results


def analysis_from_doc(article: Article, doc: Doc, *, trims: bool = False) -> Analysis:
    """Everything the analysis finds in a parsed body, with offsets into ``article.text``
    (the optional phrases only with ``trims``)."""
    sentences = sentence_spans(doc)
    mentions, entities = doc_entities(doc, sentences)
    index = EntityIndex(mentions)
    notes = list(_notes(article, sentences))
    times = _isolated(notes, "time expressions", find_times, doc, article.published)
    quotes = _isolated(notes, "quotes", find_quotes, doc, index)
    quantities = _isolated(notes, "quantities", find_quantities, doc)
    events = _isolated(notes, "events", find_events, doc, index, times)
    facts = _merge_facts(quantities, times)
    optional = _isolated(notes, "optional phrases", find_trims, doc) if trims else []
    place = _TextPlacer(article, [sent.start_char for sent in sentences])
    return Analysis(
        article_id=article.id,
        sentences=tuple(Sentence(*place.span(s.start_char, s.end_char)) for s in sentences),
        mentions=tuple(place.item(m) for m in mentions),
        entities=tuple(entities),
        notes=tuple(notes),
        quotes=tuple(place.quote(q) for q in quotes),
        facts=tuple(place.item(f) for f in facts),
        events=tuple(place.item(e) for e in events),
        trims=tuple(Trim(*place.span(t.start, t.end), t.kind) for t in optional),
    )


def _isolated(notes: list[str], what: str, find: Callable[..., list[_T]], *args: Any) -> list[_T]:
    """Run one extractor; if it fails on this article, note it and keep the rest."""
    try:
        return find(*args)
    except Exception as error:  # noqa: BLE001 - a bug in one extractor must not lose the article
        notes.append(f"{what} could not be extracted: {error!r}")
        return []


def _merge_facts(quantities: list[Fact], times: list[Fact]) -> list[Fact]:
    """Quantities and times in text order; a year inside a time expression is not repeated.

    "since 2017" is one date interval, not also the year 2017; "by 2035" stays a year.
    """
    inside_time = [
        q
        for q in quantities
        if q.kind == "year" and any(t.start <= q.start and q.end <= t.end for t in times)
    ]
    kept = [q for q in quantities if q not in inside_time]
    return sorted([*kept, *times], key=lambda fact: fact.start)


class _TextPlacer:
    """Moves spans found in the parsed body to the article text, and numbers their sentence."""

    def __init__(self, article: Article, sentence_starts: list[int]) -> None:
        self.article = article
        self.sentence_starts = sentence_starts

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.article.body_span_to_text(start, end)

    def sentence(self, body_offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, body_offset) - 1)

    def item(self, found: _Spanned) -> _Spanned:
        start, end = self.span(found.start, found.end)
        text = self.article.text[start:end]
        return replace(found, start=start, end=end, text=text, sentence=self.sentence(found.start))

    def quote(self, quote: Quote) -> Quote:
        placed = self.item(quote)
        if quote.speaker_start is None or quote.speaker_end is None:
            return placed
        speaker_start, speaker_end = self.span(quote.speaker_start, quote.speaker_end)
        return replace(placed, speaker_start=speaker_start, speaker_end=speaker_end)


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of a parsed text that hold more than whitespace."""
    return [sent for sent in doc.sents if sent.text.strip()]


def doc_entities(
    doc: Doc, sentences: list[Span] | None = None
) -> tuple[list[Mention], list[Entity]]:
    """Canonical entity mentions of a parsed text, with offsets into ``doc.text``.

    The stages that read a parse (quotes, events) use these through an
    :class:`~storylens.analyze.entities.EntityIndex`; the article's own offsets come later.
    ``sentences`` are the text's :func:`sentence_spans`, when the caller has them already.
    """
    starts = [sent.start for sent in (sentence_spans(doc) if sentences is None else sentences)]
    raw = []
    for found in doc.ents:
        if found.label_ not in NAME_LABELS:
            continue
        ent = _trim_descriptors(found) if found.label_ == "PERSON" else found
        raw.append(
            RawMention(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                label=found.label_,
                sentence=max(0, bisect.bisect_right(starts, ent.start) - 1),
                head_lemma=ent.root.head.lemma_.lower(),
                root_dep=ent.root.dep_,
            )
        )
    return canonicalise(raw)


def _trim_descriptors(ent: Span) -> Span:
    """Drop leading words spaCy folds into a name: "Jeweller Tobias Marchant" -> the name."""
    start = ent.start
    while start < ent.end - 1 and _is_descriptor(ent.doc[start]):
        start += 1
    return ent.doc[start : ent.end]


def _is_descriptor(token: Token) -> bool:
    word = token.lower_.rstrip(".")  # "Sen." as one token
    return token.pos_ != "PROPN" or word in TITLES or word in DESCRIPTORS


def _notes(article: Article, sentences: list[Span]) -> tuple[str, ...]:
    notes = []
    if len(article.body) > MAX_CHARS:
        notes.append(f"body is over {MAX_CHARS:,} characters; only the start was analysed")
    if not sentences:
        notes.append("no sentences found")
    if article.language not in (None, "en"):
        notes.append(f"language looks like {article.language!r}; the English model may be wrong")
    return tuple(notes)


def _init_worker(model: str) -> None:
    # Ctrl-C reaches the whole process group; the writer alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_pipeline(model)


def analyze_many(
    articles: Iterable[Article],
    *,
    model: str,
    jobs: int,
    batch_size: int = 32,
    trims: bool = False,
) -> Iterator[tuple[list[Article], list[Analysis | Failure]]]:
    """Analyse a stream of articles in batches, in order, over ``jobs`` processes
    (``trims``: see :func:`analyze_batch`).

    Yields each batch with its results as soon as it is done, keeping at most two batches per
    worker in flight so memory stays flat however long the stream is.
    """
    batches = _batched(articles, batch_size)
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    if first is None:
        return
    if jobs <= 1 or second is None:  # starting workers costs more than one batch
        for batch in chain([first], [second] if second else [], batches):
            yield batch, analyze_batch(batch, model, trims=trims)
        return
    load_pipeline.cache_clear()  # workers load their own copy; keep none in the writer
    pool = ProcessPoolExecutor(
        jobs, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(model,)
    )
    pending: deque[tuple[list[Article], Future[Any]]] = deque()
    try:
        for batch in chain([first, second], batches):
            pending.append((batch, pool.submit(analyze_batch, batch, model, trims=trims)))
            if len(pending) >= 2 * jobs:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BaseException:
        _stop_now(pool)
        raise
    pool.shutdown()


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop without finishing queued batches: nothing of theirs has been stored yet."""
    workers = list(getattr(pool, "_processes", {}).values())  # no public handle to them
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
