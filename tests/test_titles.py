"""Story titles when no article of the story has a headline."""

from __future__ import annotations

import pytest

from storylens.stories import lead_title


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Ferries stopped at noon.\nMore later.", "Ferries stopped at noon."),
        (
            "The harbour master of Port Velmar closed the quay to all traffic on Tuesday "
            "after the second surge of the night.",
            "The harbour master of Port Velmar closed the quay to all traffic …",
        ),
        ("   \n", None),
    ],
)
def test_lead_title_is_the_first_words_of_the_lead(body: str, title: str | None) -> None:
    assert lead_title(body) == title
