"""Label repairs for NER mentions, from the words of the name and the parse around it.

A small NER model confuses people, organisations and places, above all for names it has never
seen. Each rule here reads one kind of evidence a reader would use: the name's last word
("Kelby Point", "Skerry Ferries"), the word it modifies ("Patriot missiles", "the Hollin
coast", "Grayhaven's mayor"), or what it does in the sentence ("Ivo Strand said", "in
Saltmere"). The repaired label is a vote; the majority over an entity's mentions decides.
"""

from __future__ import annotations

from storylens.names import fold

CONFUSABLE = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})

# Head nouns that make a capitalised modifier a product, not a person: "Patriot missiles".
ARTEFACT_NOUNS = frozenset(
    """
    missile rocket system launcher battery tank jet aircraft plane fighter drone helicopter
    vehicle ship submarine vessel rifle gun munition shell bomb interceptor radar satellite
    vaccine drug pill phone device app software chip engine car truck
    """.split()
)
# Nouns whose modifier or possessor is a place: "the Hollin coast", "Grayhaven's mayor".
PLACE_HEADS = frozenset(
    """
    coast coastline region valley river bay county province district island islands marsh
    area peninsula border shore estuary mayor council councillors residents townspeople
    villagers harbour harbor port waterfront
    """.split()
)
# Last words that make a name a place: "Kelby Point", "Quay Street".
PLACE_WORDS = frozenset(
    """
    point bay marsh street lane road avenue park river island islands coast valley harbour
    harbor quay bridge square hill hills lake sea forest moor heath beach cape headland
    estuary creek falls mountain mountains ridge gulf sound fjord strait canal
    """.split()
)
# Last words that make a name an organisation: "Skerry Ferries", "Marrovian Weather Service".
ORG_WORDS = frozenset(
    """
    authority agency service services board council union association institute university
    college company corporation corp inc ltd plc group party bank ministry department office
    commission committee court lines ferries airways airlines motors railways rail news radio
    press times post herald courier gazette review network foundation trust fund federation
    league club federation partners holdings industries energy police army navy
    """.split()
)
SPEECH_VERBS = frozenset(
    """
    say tell add insist explain warn claim argue note write announce confirm deny ask reply
    admit state suggest assert urge describe acknowledge stress
    """.split()
)
ROLE_NOUNS = frozenset(
    """
    mayor minister president chancellor secretary spokesman spokeswoman spokesperson leader
    chief director manager forecaster officer official economist analyst professor governor
    chair chairman chairwoman founder owner councillor senator judge commissioner editor
    """.split()
)
EVENT_PREFIXES = ("storm ", "hurricane ", "typhoon ", "cyclone ", "tropical storm ")  # + a name
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across"})


def repair_label(name: str, label: str, *, root_dep: str, head_lemma: str) -> str:
    """The label a mention should count as, given its name and syntactic context."""
    words = fold(name).split()
    if label not in CONFUSABLE or not words:
        return label
    for repaired, applies in _rules(words, label, root_dep, head_lemma):
        if applies:
            return repaired
    return label


def _rules(words: list[str], label: str, root_dep: str, head_lemma: str) -> list[tuple[str, bool]]:
    """(label, whether the rule applies), most specific evidence first."""
    several, last = len(words) > 1, words[-1]
    person_or_org = label in {"PERSON", "ORG"}
    return [
        ("EVENT", " ".join(words).startswith(EVENT_PREFIXES)),
        ("PRODUCT", root_dep == "compound" and head_lemma in ARTEFACT_NOUNS),
        ("ORG", several and last in ORG_WORDS),
        ("LOC", several and last in PLACE_WORDS),
        ("GPE", person_or_org and root_dep in {"compound", "poss"} and head_lemma in PLACE_HEADS),
        ("GPE", person_or_org and root_dep == "pobj" and head_lemma in LOCATIVE_PREPOSITIONS),
        ("PERSON", label != "PERSON" and _reads_as_person(words, root_dep, head_lemma)),
    ]


def _reads_as_person(words: list[str], root_dep: str, head_lemma: str) -> bool:
    """Two or three plain words that speak ("Ivo Strand said") or fill a role ("mayor, X")."""
    if not 2 <= len(words) <= 3 or any(w in ORG_WORDS or w in PLACE_WORDS for w in words):
        return False
    speaks = root_dep == "nsubj" and head_lemma in SPEECH_VERBS
    fills_role = root_dep == "appos" and head_lemma in ROLE_NOUNS
    return speaks or fills_role
