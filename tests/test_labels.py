"""Label repairs: the evidence of a name's words and its place in the sentence."""

from __future__ import annotations

import pytest

from storylens.analyze.labels import repair_label


@pytest.mark.parametrize(
    ("name", "label", "root_dep", "head_lemma", "repaired"),
    [
        ("Storm Ilsa", "PERSON", "nsubj", "batter", "EVENT"),
        ("Patriot", "PERSON", "compound", "missile", "PRODUCT"),
        ("Skerry Ferries", "PERSON", "nsubj", "cancel", "ORG"),
        ("Marrovian Weather Service", "GPE", "nsubj", "warn", "ORG"),
        ("Kelby Point", "PERSON", "pobj", "at", "LOC"),
        ("Hollin", "PERSON", "compound", "coast", "GPE"),
        ("Grayhaven", "PERSON", "poss", "mayor", "GPE"),
        ("Saltmere", "ORG", "pobj", "in", "GPE"),
        ("Ivo Strand", "ORG", "nsubj", "say", "PERSON"),
        ("Orla Brisk", "ORG", "appos", "mayor", "PERSON"),
    ],
)
def test_labels_repairs_what_the_context_settles(
    name: str, label: str, root_dep: str, head_lemma: str, repaired: str
) -> None:
    assert repair_label(name, label, root_dep=root_dep, head_lemma=head_lemma) == repaired


@pytest.mark.parametrize(
    ("name", "label", "root_dep", "head_lemma"),
    [
        ("Lena Rask", "PERSON", "nsubj", "say"),  # already right
        ("Bluewake Lines", "ORG", "nsubj", "say"),  # organisations speak too
        ("Donald Trump", "PERSON", "compound", "administration"),  # not an artefact noun
        ("Marrovia", "GPE", "nsubj", "say"),  # one word that speaks stays a place
        ("2026", "DATE", "pobj", "in"),  # not a name label: untouched
        ("Calder Reach Radio", "ORG", "nsubj", "report"),
    ],
)
def test_labels_leaves_confident_labels_alone(
    name: str, label: str, root_dep: str, head_lemma: str
) -> None:
    assert repair_label(name, label, root_dep=root_dep, head_lemma=head_lemma) == label
