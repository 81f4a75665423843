"""Canonical entities: merging names, aliases and spellings, and repairing labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storylens.analyze import analyze
from storylens.analyze.entities import RawMention, canonicalise
from storylens.ingest import read_articles
from storylens.model import Article
from storylens.store import Store
from tests.conftest import write


def mention(text: str, label: str, start: int, **context: str) -> RawMention:
    return RawMention(start, start + len(text), text, label, 0, **context)


def canonical_names(*mentions: RawMention) -> list[tuple[str, str]]:
    linked, _ = canonicalise(mentions)
    return [(m.entity, m.label) for m in linked]


def test_entities_surname_takes_the_full_name() -> None:
    assert canonical_names(
        mention("President Mara Olsen", "PERSON", 0), mention("Olsen", "PERSON", 50)
    ) == [
        ("Mara Olsen", "PERSON"),
        ("Mara Olsen", "PERSON"),
    ]


@pytest.mark.parametrize("variant", ["Dorasenkyy", "Dorasenkiy", "Dorasenky’s"])
def test_entities_spelling_variants_of_a_surname_merge(variant: str) -> None:
    names = canonical_names(mention("Tomas Dorasenky", "PERSON", 0), mention(variant, "PERSON", 40))
    assert names[1] == ("Tomas Dorasenky", "PERSON")


def test_entities_surname_tagged_as_org_is_repaired_to_the_person() -> None:
    names = canonical_names(mention("Ilse Varga", "PERSON", 0), mention("Varga", "ORG", 30))
    assert names[1] == ("Ilse Varga", "PERSON")


def test_entities_shared_surname_goes_to_the_person_named_last() -> None:
    names = canonical_names(
        mention("Anna Kell", "PERSON", 0),
        mention("Bruno Kell", "PERSON", 100),
        mention("Kell", "PERSON", 150),
    )
    assert names[2] == ("Bruno Kell", "PERSON")


@pytest.mark.parametrize(
    ("written", "label", "canonical", "repaired"),
    [
        ("U.K.", "GPE", "United Kingdom", "GPE"),
        ("UK", "ORG", "United Kingdom", "GPE"),
        ("Britain", "GPE", "United Kingdom", "GPE"),
        ("U.S.", "GPE", "United States", "GPE"),
        ("United States", "GPE", "United States", "GPE"),
        ("Kyiv", "PERSON", "Kyiv", "GPE"),
        ("Kiev", "GPE", "Kyiv", "GPE"),
        ("the European Union", "ORG", "European Union", "ORG"),
    ],
)
def test_entities_gazetteer_aliases_and_type_repairs(
    written: str, label: str, canonical: str, repaired: str
) -> None:
    assert canonical_names(mention(written, label, 0)) == [(canonical, repaired)]


def test_entities_product_modifier_is_not_a_person() -> None:
    names = canonical_names(
        mention("Patriot", "PERSON", 0, root_dep="compound", head_lemma="missile")
    )
    assert names == [("Patriot", "PRODUCT")]


def test_entities_acronym_links_to_the_long_name() -> None:
    names = canonical_names(
        mention("the Northern Ports Authority", "ORG", 0), mention("NPA", "ORG", 60)
    )
    assert names == [("Northern Ports Authority", "ORG"), ("Northern Ports Authority", "ORG")]


def test_entities_majority_label_wins_for_an_unknown_place() -> None:
    names = canonical_names(
        mention("Velmar", "GPE", 0), mention("Velmar", "GPE", 20), mention("Velmar", "PERSON", 40)
    )
    assert {label for _, label in names} == {"GPE"}


def test_entities_summary_counts_mentions_and_variants() -> None:
    _, entities = canonicalise([mention("Mara Olsen", "PERSON", 0), mention("Olsen", "PERSON", 30)])
    assert len(entities) == 1
    assert entities[0].mentions == 2
    assert entities[0].variants == ("Mara Olsen", "Olsen")


def analysed(path: Path) -> dict[str, str]:
    article = next(a for a in read_articles([str(path)]) if isinstance(a, Article))
    return {e.name: e.label for e in analyze(article).entities}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["000_b033a6f8bb9ad94a.txt", "003_b3e2f940def642e6.txt"])
def test_entities_seed_articles_name_the_key_actors(seeds: Path, name: str) -> None:
    entities = analysed(seeds / name)
    for person in ("Donald Trump", "Volodymyr Zelenskyy"):
        assert entities.get(person) == "PERSON"
    assert entities.get("NATO") == "ORG"
    assert entities.get("Ukraine") == "GPE" and entities.get("Russia") == "GPE"
    assert entities.get("Kyiv", "GPE") == "GPE"


@pytest.mark.slow
def test_entities_from_a_parsed_article_with_invented_names(tmp_path: Path) -> None:
    text = (
        "Harbour master Lucia Brenner said the Northern Ports Authority would reopen the quay. "
        "Brenner told reporters in Port Velmar that the NPA had hired 40 divers.\n\n"
        "The U.K. and Britain's coastguard sent help, and Kiev offered a ship."
    )
    entities = analysed(write(tmp_path / "quay.txt", text))
    assert entities["Lucia Brenner"] == "PERSON"
    assert "Brenner" not in entities
    assert entities["United Kingdom"] == "GPE"
    assert entities.get("Kyiv") == "GPE"


PLACE = {"GPE": "place", "LOC": "place", "FAC": "place"}


@pytest.mark.slow
def test_entities_sample_corpus_gold_entities_are_found_with_their_type(
    corpus_store: Store, gold: dict[str, Any]
) -> None:
    bodies = " ".join(corpus_store.get(a["id"])[0].body for a in corpus_store.list_articles())
    named = [g for g in gold["entities"] if g["name"] in bodies]
    stored = {e["name"]: e["label"] for e in corpus_store.entities()}

    def kind(label: str | None) -> str | None:
        return PLACE.get(label or "", label)

    right = [g for g in named if kind(stored.get(g["name"])) == kind(g["type"])]
    missed = sorted({g["name"] for g in named} - {g["name"] for g in right})
    assert len(right) / len(named) >= 0.9, missed


@pytest.mark.slow
def test_entities_sample_corpus_surnames_link_to_full_names(
    corpus_store: Store, gold: dict[str, Any]
) -> None:
    people = {g["name"] for g in gold["entities"] if g["type"] == "PERSON"}
    stored = {e["name"] for e in corpus_store.entities(label="PERSON")}
    bare_surnames = {name.split()[-1] for name in people} & stored
    assert not bare_surnames, "a surname stands alone although its full name is known"
