"""Quote matching: the same words, excerpts, drift, and the word diff shown for drift."""

from __future__ import annotations

import pytest

from storylens.compare.quotes import QuoteRelation, quote_relation, word_diff


@pytest.mark.parametrize(
    ("first", "second", "relation"),
    [
        # Punctuation, case, curly apostrophes and ellipses do not count.
        (
            "We clean the wards, and we are paid like we are invisible,",
            "we clean the wards and we are paid like we are invisible.",
            QuoteRelation.SAME,
        ),
        ("It’s a mess for him", "It's a mess for him", QuoteRelation.SAME),
        # A shorter excerpt of a longer quote is compatible.
        (
            "He would like to get out of this. It is a mess for him,",
            "He would like to get out of this. It is a mess for him ... He called me the other day.",
            QuoteRelation.EXCERPT,
        ),
        (
            "the ferry will sail on Friday",
            "We hope the ferry will sail on Friday if the wind drops.",
            QuoteRelation.EXCERPT,
        ),
        # An excerpt with an ellipsis marking a cut: each piece is found, in order.
        (
            "Supplies are short ... we need more boats",
            "Supplies are short in the north, and we need more boats by Monday.",
            QuoteRelation.EXCERPT,
        ),
        # Words added, dropped or changed: drift.
        (
            "we came to trade grain and trust, and we have done both today",
            "We came to trade grain, power and trust, and we have done all three today,",
            QuoteRelation.DRIFT,
        ),
        (
            "and we are treated like we are invisible",
            "and we are paid like we are invisible",
            QuoteRelation.DRIFT,
        ),
        # Different statements.
        (
            "The harbour will stay closed until Friday.",
            "We are proud of the volunteers who came out.",
            QuoteRelation.UNRELATED,
        ),
        # Pieces out of order are not an excerpt.
        (
            "we need more boats ... supplies are short",
            "Supplies are short in the north, and we need more boats.",
            QuoteRelation.UNRELATED,
        ),
    ],
)
def test_quotes_relation(first: str, second: str, relation: QuoteRelation) -> None:
    assert quote_relation(first, second) is relation
    assert quote_relation(second, first) is relation


@pytest.mark.parametrize(
    ("base", "other", "diff"),
    [
        (
            "we are paid like we are invisible",
            "we are treated like we are invisible",
            "we are [-paid-] {+treated+} like we are invisible",
        ),
        (
            "trade grain, power and trust",
            "trade grain and trust",
            "trade grain [-power-] and trust",
        ),
        ("done all three today", "done both today", "done [-all three-] {+both+} today"),
        ("Same words, other commas.", "same words other commas", "same words other commas"),
    ],
)
def test_quotes_word_diff(base: str, other: str, diff: str) -> None:
    assert word_diff(base, other) == diff
