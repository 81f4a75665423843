from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.ingest.boilerplate import classify_line, clean

BODY = "First paragraph of the story, with a full stop.\n\nSecond paragraph follows here."


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("ALSO READ | Harbour pilots vote to strike again", "related-link"),
        ("READ MORE: Storm Elna leaves thousands without power", "related-link"),
        ("Related: The ferry timetable explained", "related-link"),
        ("Subscribe to our newsletter for daily updates", "share-prompt"),
        ("Share this article", "share-prompt"),
        ("Follow us on social media for more", "share-prompt"),
        ("Photo: Ines Marlow/Coastline Press", "photo-credit"),
        ("(Photo by Ines Marlow)", "photo-credit"),
        ("Image credit: Velmar Port Authority", "photo-credit"),
        ("Advertisement", "advertisement"),
        ("(Reporting by Ines Marlow; editing by Tomas Brel)", "credit"),
        ("Coastline Press writers Ada Rook and Ben Sayle contributed to this report.", "credit"),
        ("Contributing: Ada Rook", "credit"),
        ("Write to Ada Rook at ada.rook@courier.example", "contact"),
        ("ada.rook@courier.example", "contact"),
        ("Follow the Velmar Courier on Instagram and X for live updates", "share-prompt"),
        ("Most read in Business", "related-link"),
        ("You may also like", "related-link"),
        ("[Related: Storm Ilsa timeline]", "related-link"),
        ("More: Ferry timetable changes", "related-link"),
        ("- Order Reprints", "site-tool"),
        ("___", "separator"),
        ("© 2026 The Velmar Courier. All rights reserved.", "copyright"),
    ],
)
def test_boilerplate_classify_line_recognises_boilerplate(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Read the full statement on the council's website, the mayor said.",
        "Photographers gathered outside the town hall on Tuesday.",
        "Subscribers to the water scheme will pay 4% more from April, the utility said in a long statement.",
        "The share of households without power fell to 12% by Wednesday evening.",
        "Related talks between the unions and the port resumed on Monday.",
        "More than 300 homes were flooded, the council said.",
        "Follow-up inspections found the breakwater had moved 40 centimetres.",
        "Reporting by the Courier last year found the same cracks.",
        "Most residents returned home by Friday evening, police said.",
        "Contact with the stranded trawler was lost at 3 a.m., the coastguard said.",
    ],
)
def test_boilerplate_classify_line_keeps_article_sentences(line: str) -> None:
    assert classify_line(line) is None


def test_boilerplate_headline_line_becomes_title() -> None:
    cleaned = clean("Storm Elna batters the Ostrava Coast\n\n" + BODY)
    assert cleaned.title == "Storm Elna batters the Ostrava Coast"
    assert cleaned.body == BODY
    assert [r.kind for r in cleaned.removed] == ["headline"]


@pytest.mark.parametrize(
    "first_line",
    [
        "A storm battered the coast on Tuesday, officials said.",  # a sentence, not a headline
        "World",  # one word: a section label, not a headline
    ],
)
def test_boilerplate_no_headline_without_the_headline_shape(first_line: str) -> None:
    cleaned = clean(first_line + "\n\n" + BODY)
    assert cleaned.title is None


def test_boilerplate_headline_needs_blank_line_after_it() -> None:
    assert clean("Storm Elna batters the coast\n" + BODY).title is None


def test_boilerplate_known_title_repeated_as_first_line_is_removed() -> None:
    cleaned = clean("Storm Elna batters the coast\n\n" + BODY, title="Storm Elna batters the coast")
    assert cleaned.body == BODY


def test_boilerplate_trailing_section_label_is_removed() -> None:
    cleaned = clean(BODY + "\n\nWorld")
    assert cleaned.body == BODY
    assert cleaned.removed[-1].kind == "section-label"
    assert cleaned.removed[-1].text == "World"


def test_boilerplate_lines_inside_body_are_removed_with_offsets() -> None:
    text = (
        "Ferry crews walk out\n\nCrews stopped work at dawn.\n\n"
        "ALSO READ | Pilots threaten action\n\nThe union said talks had failed.\n\nBusiness"
    )
    cleaned = clean(text)
    assert cleaned.body == "Crews stopped work at dawn.\n\nThe union said talks had failed."
    for removal in cleaned.removed:
        assert text[removal.start : removal.end] == removal.text
    assert [r.kind for r in cleaned.removed] == ["headline", "related-link", "section-label"]


def test_boilerplate_body_spans_map_back_to_the_same_text() -> None:
    text = "Headline goes here\n\nAlpha beta.\n\nREAD MORE: other story\n\nGamma delta epsilon."
    cleaned = clean(text)
    for word in ("Alpha", "beta", "Gamma", "epsilon"):
        start = cleaned.body.index(word)
        source = cleaned.body_map.span_to_source(start, start + len(word))
        assert text[slice(*source)] == word
        assert cleaned.body_map.to_body(source[0]) == start


@given(st.text(alphabet=st.sampled_from("ab .\n|:ALSOREDWrld"), max_size=200))
def test_boilerplate_body_is_always_made_of_source_slices(text: str) -> None:
    cleaned = clean(text)
    rebuilt = "".join(text[start:end] for start, end in cleaned.body_map.segments)
    assert rebuilt == cleaned.body
    for offset in range(len(cleaned.body)):
        assert text[cleaned.body_map.to_source(offset)] == cleaned.body[offset]


def test_boilerplate_link_list_under_a_related_header_is_removed() -> None:
    text = (
        "Crews stopped work at dawn.\n\nMost read\n- Storm Ilsa: what we know\n"
        "- Ferry fares rise again\n\nThe union said talks had failed."
    )
    cleaned = clean(text)
    assert cleaned.body == "Crews stopped work at dawn.\n\nThe union said talks had failed."
    assert [r.kind for r in cleaned.removed] == ["related-link"] * 3


def test_boilerplate_a_list_in_the_story_is_kept() -> None:
    text = "The council listed three demands:\n- more pay\n- shorter shifts\n\nTalks resume today."
    assert clean(text).body == text
