"""Sentence similarity for paraphrase alignment: TF-IDF over stemmed content words."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.compare.similarity import content_terms, paraphrase_pairs, similarity_matrix, stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("met", "meet"),
        ("meeting", "meet"),
        ("closed", "clos"),
        ("closing", "clos"),
        ("ships", "ship"),
        ("spoke", "speak"),
    ],
)
def test_statements_stem_joins_word_forms(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_statements_content_terms_drop_stop_words_and_numbers() -> None:
    assert content_terms("The council said it would hand out 350 sandbags on Monday.") == [
        "council",
        "hand",
        "sandbag",
        "monday",
    ]


@pytest.mark.parametrize(
    ("first", "second", "similar"),
    [
        (
            "The harbour master closed the port to ferries on Tuesday.",
            "Ferries were kept out as the harbour master closed the port.",
            True,
        ),
        (
            "The two leaders met for almost an hour in the customs house.",
            "Ardery and Kjaergaard were meeting in the old customs house.",
            True,
        ),
        (
            "The harbour master closed the port to ferries on Tuesday.",
            "Grain farmers welcomed the new export quota.",
            False,
        ),
    ],
)
def test_statements_similarity_separates_paraphrase_from_other_topics(
    first: str, second: str, similar: bool
) -> None:
    filler = [
        "Storm Ilsa brought heavy rain.",
        "The union called a strike.",
        "Shares fell sharply.",
    ]
    matrix = similarity_matrix([first, second, *filler])
    assert np.allclose(matrix, matrix.T)
    assert bool(matrix[0, 1] >= 0.3) is similar


def test_statements_pairs_skip_sentences_of_one_article() -> None:
    texts = [
        "The port closed on Tuesday.",
        "The port closed on Tuesday.",
        "The port closed on Tuesday.",
    ]
    pairs = paraphrase_pairs(similarity_matrix(texts), groups=[0, 0, 1], threshold=0.5)
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 2), (1, 2)]
