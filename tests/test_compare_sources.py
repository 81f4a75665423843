"""Independence of sources: copies, credits to another outlet, unknown outlets."""

from __future__ import annotations

import pytest

from storylens.compare import compare_story, credited_outlet
from storylens.compare.sources import Sources
from storylens.model import StoryArticle
from tests.story_articles import member as one_sentence

WIRE = "Meridian Press Agency"


def member(
    article_id: str, text: str, *, outlet: str | None = None, copy_of: str | None = None
) -> StoryArticle:
    """A one-sentence article whose only fact is the first "240 jobs" in it."""
    jobs = ("240 jobs", "count", 240, "job", {"of": "jobs"})
    return one_sentence(article_id, text, numbers=[jobs], outlet=outlet, copy_of=copy_of)


@pytest.mark.parametrize(
    ("sentence", "credited"),
    [
        ("Their meeting touched on aid, according to the Associated Press.", "Associated Press"),
        ("Some 60 people slept in the shelter, according to Meridian Press Agency.", WIRE),
        ("About 180 trains were held, according to the Freight Operators' Association.", None),
        ("It will employ 500 workers, according to the energy ministry.", None),
        ("Kessling's sales grew, according to Tarrow & Finch, and cells ran short.", None),
        # A speaker talking to an outlet is not a credit, unless that outlet is a known other.
        ("“It is the combination,” Strand told the Courier.", None),
        ("“We are ready,” she told Calder Reach Radio.", "Calder Reach Radio"),
        ("The ferry company said sailings would resume on Friday.", None),
    ],
)
def test_sources_credited_outlet(sentence: str, credited: str | None) -> None:
    assert credited_outlet(sentence, known_outlets=[WIRE, "Calder Reach Radio"]) == credited


SAID = "Bluewake Lines will cut 240 jobs, the company said."
CREDITED = "Bluewake Lines will cut 240 jobs, according to Meridian Press Agency."


@pytest.mark.parametrize(
    ("members", "status", "sources"),
    [
        # Two outlets reporting it on their own: corroborated.
        (
            [member("a", SAID, outlet=WIRE), member("b", SAID, outlet="Northline Gazette")],
            "corroborated",
            2,
        ),
        # A syndicated copy is the wire again, whatever outlet ran it.
        (
            [
                member("a", SAID, outlet=WIRE),
                member("b", SAID, outlet="Northline Gazette", copy_of="a"),
            ],
            "single-source",
            1,
        ),
        # A copy of a copy still goes back to the wire.
        (
            [
                member("a", SAID, outlet=WIRE),
                member("b", SAID, outlet="Northline Gazette", copy_of="a"),
                member("c", SAID, outlet="Velmar Courier", copy_of="b"),
            ],
            "single-source",
            1,
        ),
        # Crediting the wire in the sentence makes the wire the source.
        (
            [member("a", SAID, outlet=WIRE), member("b", CREDITED, outlet="Coastline Daily Post")],
            "single-source",
            1,
        ),
        # Two articles of one outlet are one source.
        ([member("a", SAID, outlet=WIRE), member("b", SAID, outlet=WIRE)], "single-source", 1),
        # Plain files of unknown outlet count as distinct sources ...
        ([member("a", SAID), member("b", SAID)], "corroborated", 2),
        # ... unless one copies the other.
        ([member("a", SAID), member("b", SAID, copy_of="a")], "single-source", 1),
    ],
)
def test_sources_independence_decides_status(
    members: list[StoryArticle], status: str, sources: int
) -> None:
    facts = [f for f in compare_story("s", members).facts if f.kind == "quantity"]
    assert len(facts) == 1
    assert facts[0].status == status
    assert facts[0].independent_sources == sources
    assert set(facts[0].articles) == {m.article.external_id for m in members}


def test_sources_labels_name_unknown_outlets_by_article() -> None:
    sources = Sources.of([member("plain-file", SAID), member("wire", SAID, outlet=WIRE)])
    assert sources.labels == {"plain-file": "plain-file", "wire": WIRE}
