"""Keys that make differently written names of one entity compare equal.

Used by the analyze stage to merge mentions inside an article and by the store to link
entities across articles, so both agree on what "the same name" means.
"""

from __future__ import annotations

import re
import unicodedata

# Words that precede a person's name without being part of it.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    president vice prime minister chancellor secretary senator sen rep representative
    congressman congresswoman governor gov mayor premier king queen prince princess sheikh
    general gen colonel col major maj captain capt lieutenant lt sergeant sgt admiral adm
    commander chief justice judge ambassador envoy commissioner chairman chairwoman chair
    ceo director spokesman spokeswoman spokesperson minister deputy foreign defence defense
    interior finance health state former acting interim late new councillor alderman
    pres cmdr supt insp atty sec amb det cpl pvt hon inspector superintendent detective
    corporal attorney
    """.split()
)
# Descriptions a news sentence puts before a name, capitalised at the start of a sentence and
# so often swallowed into it by NER: "Jeweller Tobias Marchant", "Islander Morag Fenwick".
DESCRIPTORS = frozenset(
    """
    jeweller jeweler islander porter resident residents farmer fisherman fisher nurse doctor
    teacher driver shopkeeper owner worker cleaner engineer student pensioner skipper
    mum dad mother father grandmother grandfather widow neighbour neighbor commuter
    passenger volunteer veteran manager boss coach striker midfielder goalkeeper historian
    archaeologist scientist researcher economist analyst forecaster spokesman spokeswoman
    landlord tenant baker butcher publican fishmonger ferryman lifeboatman firefighter
    """.split()
)
_LEADING_WORDS = TITLES | DESCRIPTORS  # dropped from the front of a person's name
_NON_LETTERS = re.compile(r"[^a-z0-9 ]+")
_REPEATS = re.compile(r"([a-z])\1+")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe"})


def fold(text: str) -> str:
    """Lower case without accents: 'Zelenskyy' -> 'zelenskyy', 'Ñuñez' -> 'nunez',
    'Kjærgaard' -> 'kjaergaard' (casefold turns 'ß' into 'ss')."""
    if text.isascii():  # most text: nothing to decompose, and this runs for every name
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def strip_possessive(name: str) -> str:
    """'Russia's' -> 'Russia'."""
    return _POSSESSIVE.sub("", name).strip()


def name_key(name: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form: 'U.K.' and 'UK' -> 'uk'."""
    folded = fold(name).replace(".", "").replace("-", " ")
    return " ".join(_NON_LETTERS.sub(" ", folded).split())


def spelling_key(word: str) -> str:
    """One word's transliteration-insensitive form: Zelensky, Zelenskiy, Zelenskyy -> zelensky."""
    key = _NON_LETTERS.sub("", fold(word))
    key = _REPEATS.sub(r"\1", key)
    return re.sub(r"iy$", "y", key)


def person_tokens(name: str) -> list[str]:
    """The words of a person's name without titles, initials or a possessive ending."""
    words = strip_possessive(name).replace(",", " ").split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in _LEADING_WORDS:
        words.pop(0)
    core = [w for w in words if not _INITIAL.match(w)]
    return core or words


def person_key(name: str) -> str:
    """First and last name by spelling key: 'President Donald J. Trump' -> 'donald trump'."""
    tokens = [spelling_key(t) for t in person_tokens(name)]
    tokens = [t for t in tokens if t]
    if len(tokens) >= 2:
        return f"{tokens[0]} {tokens[-1]}"
    return tokens[0] if tokens else name_key(name)


def surname_key(name: str) -> str:
    """The spelling key of a person's last name."""
    tokens = person_tokens(name)
    return spelling_key(tokens[-1]) if tokens else ""


def entity_key(name: str, label: str) -> str:
    """The key that identifies an entity across articles, whatever label a mention carried.

    People are keyed by first and last name (middle names and initials dropped); everything
    else by all its words. Spelling keys make "Zelenskyy" and "Zelensky" one entity.
    """
    if label == "PERSON":
        return person_key(name)
    return " ".join(spelling_key(word) for word in name_key(name).split())


def acronym(name: str) -> str:
    """Initials of the capitalised words: 'Northern Ports Authority' -> 'NPA'."""
    skip = {"of", "the", "and", "for", "on", "in", "de", "&"}
    return "".join(w[0] for w in name.split() if w.lower() not in skip and w[:1].isalpha()).upper()
