"""Name keys: the spellings of one name that storylens treats as the same."""

from __future__ import annotations

import pytest

from storylens.names import entity_key, fold, surname_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Zelensky", "Zelenskyy"),
        ("Zelenskiy", "Zelenskyy"),
        ("Anneliese Kjærgaard", "Kjaergaard"),
        ("Søren Holm", "Soren Holm"),
        ("Ñuñez", "Nunez"),
    ],
)
def test_spelling_variants_share_a_surname_key(first: str, second: str) -> None:
    assert surname_key(first) == surname_key(second)


@pytest.mark.parametrize(("first", "second"), [("Putin", "Zelenskyy"), ("Holm", "Holt")])
def test_different_surnames_keep_different_keys(first: str, second: str) -> None:
    assert surname_key(first) != surname_key(second)


@pytest.mark.parametrize(
    ("text", "folded"), [("Straße", "strasse"), ("Œuvre", "oeuvre"), ("Æbeltoft", "aebeltoft")]
)
def test_fold_spells_out_letters_unicode_does_not_decompose(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_places_key_without_dots_or_case() -> None:
    assert entity_key("U.K.", "GPE") == entity_key("UK", "GPE")
