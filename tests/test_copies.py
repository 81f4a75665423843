"""Near-duplicate detection: syndicated copies are linked to their original, others are not."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from storylens.stories import CopyDetector
from storylens.stories.copies import CopyStateError

WIRE = (
    "The harbour authority of Quillhaven closed the northern ferry terminal on Tuesday after a "
    "crane collapsed onto the loading ramp during the morning shift. Two dock workers were "
    "taken to Saint Orla hospital with minor injuries, the authority said in a statement. "
    "Director Maren Tolvik told reporters that inspectors from the regional safety board would "
    "examine the crane, which had been serviced in January, before any ferry could dock at the "
    "terminal again. Passengers bound for the Essery islands were moved to the southern pier, "
    "where crossings ran about forty minutes late for most of the afternoon. The dockers' "
    "union called for an independent inquiry into maintenance at the port."
)

# Another outlet's own report of the same collapse: same event, different words.
SAME_EVENT = (
    "A crane toppled onto a ferry ramp in Quillhaven on Tuesday morning, injuring two workers "
    "and shutting the busy northern terminal. Maren Tolvik, who runs the port, said safety "
    "inspectors must clear the site first. Island travellers faced long delays as sailings "
    "were diverted south. Union leaders want an inquiry into how the port maintains its "
    "machinery, saying complaints about the cranes go back years."
)

UNRELATED = (
    "The Brask valley orchard cooperative expects its smallest apple harvest in a decade after "
    "a late frost in April damaged blossom across the lower slopes. Growers in Fenwarde and "
    "Little Oster said yields could fall by a third, and the cooperative will ask the "
    "provincial council for help to cover the cost of frost fans and netting next season."
)


def light_edit(text: str) -> str:
    """What an outlet does to a wire story: its own first words, a changed word, a credit."""
    edited = text.replace("on Tuesday", "on Tuesday morning").replace("about forty", "some forty")
    return f"QUILLHAVEN (Coast Wire) - {edited} Reporting by staff."


def republished_update(text: str) -> str:
    """The same story re-published later with one sentence added."""
    return f"{text} The terminal is expected to reopen on Friday, the authority said later."


@pytest.mark.parametrize(
    ("make_copy", "exact"),
    [
        (lambda text: text, True),
        (lambda text: text.upper().replace(".", " ."), True),  # same words, other case/spacing
        (light_edit, False),
        (republished_update, False),
    ],
    ids=["identical", "same-normalised-words", "light-edits", "republished-update"],
)
def test_copy_is_linked_to_its_original_with_a_similarity(
    make_copy: Callable[[str], str], exact: bool
) -> None:
    detector = CopyDetector()
    assert detector.add("wire-1", WIRE) is None
    found = detector.add("outlet-1", make_copy(WIRE))
    assert found is not None
    assert found.original == "wire-1"
    assert found.exact is exact
    assert 0.5 <= found.similarity <= 1.0
    assert (found.similarity == 1.0) if exact else (found.similarity < 1.0)


@pytest.mark.parametrize("other", [SAME_EVENT, UNRELATED], ids=["same-event", "unrelated"])
def test_different_articles_are_not_copies(other: str) -> None:
    detector = CopyDetector()
    detector.add("wire-1", WIRE)
    assert detector.add("other-1", other) is None


def test_copy_of_a_copy_links_to_the_first_original() -> None:
    detector = CopyDetector()
    detector.add("wire-1", WIRE)
    first = detector.add("outlet-1", light_edit(WIRE))
    second = detector.add("outlet-2", republished_update(light_edit(WIRE)))
    assert first is not None and second is not None
    assert first.original == second.original == "wire-1"


@pytest.mark.parametrize("text", ["", "   ", "!!! ---"], ids=["empty", "blank", "punctuation"])
def test_text_without_words_is_never_a_copy(text: str) -> None:
    detector = CopyDetector()
    assert detector.add("a", text) is None
    assert detector.add("b", text) is None
    assert len(detector) == 0


def test_state_round_trip_answers_the_same() -> None:
    detector = CopyDetector()
    for number, text in enumerate([WIRE, UNRELATED, light_edit(WIRE)]):
        detector.add(f"a{number}", text)
    restored = CopyDetector.from_bytes(detector.to_bytes())
    assert len(restored) == len(detector)
    probes = [republished_update(WIRE), SAME_EVENT, UNRELATED, WIRE]
    for number, probe in enumerate(probes):
        assert restored.add(f"p{number}", probe) == detector.add(f"p{number}", probe)


def test_saved_state_is_plain_data_not_a_pickle() -> None:
    saved = CopyDetector().to_bytes()
    assert not saved.startswith(b"\x80")  # pickle protocol 2+ header
    with pytest.raises(CopyStateError):
        CopyDetector.from_bytes(b"not a detector state")


@pytest.mark.parametrize("capacity", [1, 3])
def test_only_the_last_capacity_articles_are_remembered(capacity: int) -> None:
    detector = CopyDetector(capacity=capacity)
    detector.add("wire-1", WIRE)
    fillers = [f"{UNRELATED} Bulletin number {n} of the {n}th day." for n in range(capacity)]
    for number, filler in enumerate(fillers):
        detector.add(f"filler-{number}", filler.replace("apple", f"pear{number}"))
    assert len(detector) == capacity
    assert detector.add("late-copy", WIRE) is None  # the original has left the window


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_signatures_are_the_same_in_another_process(hash_seed: str) -> None:
    """Signatures depend on the text and the seed only, not on a per-process hash salt."""
    code = (
        "import sys; from storylens.stories import CopyDetector; "
        "print(CopyDetector().signature(sys.stdin.read()).tolist())"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", code], input=WIRE, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(CopyDetector().signature(WIRE).tolist())
    assert (CopyDetector(seed=2).signature(WIRE) != CopyDetector().signature(WIRE)).any()


SAMPLES = [
    WIRE,
    SAME_EVENT,
    light_edit(WIRE),
    "Short text",  # shorter than one shingle
    "The ‘Café’ — “Naïve” ﬁnance: 3½ × €20… in ＡＢＣ and ÉCOLE_2024 o’clock",
    "Typographic “quotes” – dashes — and… ellipses’ only\u00a0here",
    " ".join(f"word{n % 997} filler{n % 13}" for n in range(5_000)),  # past one block of rows
]


@pytest.mark.parametrize("text", SAMPLES, ids=range(len(SAMPLES)))
def test_signature_is_datasketch_minhash_of_the_shingle_hashes(text: str) -> None:
    """The numpy signature equals datasketch's MinHash fed the same hashed shingles."""
    from datasketch import MinHash

    from storylens.stories.copies import SCHEME, normalised_words, shingle_hashes

    detector = CopyDetector(seed=3)
    sketch = MinHash(num_perm=128, seed=3, hashfunc=int, scheme=SCHEME)
    sketch.update_batch(shingle_hashes(normalised_words(text), 3).tolist())
    assert detector.signature(text).tolist() == sketch.hashvalues.tolist()


def test_band_candidates_are_datasketch_lsh_candidates() -> None:
    """The band tables propose exactly the keys datasketch's MinHashLSH would."""
    from datasketch import LeanMinHash, MinHashLSH

    from storylens.stories.copies import (
        FALSE_NEGATIVE_WEIGHT,
        FALSE_POSITIVE_WEIGHT,
        SCHEME,
        _BandIndex,
    )

    lsh = MinHashLSH(
        threshold=0.5, num_perm=128, weights=(FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT)
    )
    bands = _BandIndex(lsh.b, lsh.r)
    detector = CopyDetector()
    texts = [WIRE, UNRELATED, SAME_EVENT]
    texts += [light_edit(text) for text in texts] + [republished_update(text) for text in texts]
    texts += [republished_update(light_edit(WIRE)), WIRE]
    proposed = 0
    for number, text in enumerate(texts):
        signature = detector.signature(text)
        expected = set(lsh.query(LeanMinHash(seed=1, hashvalues=signature, scheme=SCHEME)))
        assert bands.add(number, bands.keys(signature)) == expected
        lsh.insert(number, LeanMinHash(seed=1, hashvalues=signature, scheme=SCHEME))
        proposed += len(expected)
    assert proposed > len(texts)  # the stream has copies: the comparison is not vacuous
    for number in range(0, len(texts), 2):  # forget half, as the capacity window does
        bands.remove(number, bands.keys(detector.signature(texts[number])))
        lsh.remove(number)
    later = [WIRE, light_edit(SAME_EVENT), republished_update(UNRELATED)]
    for number, text in enumerate(later, start=len(texts)):
        sketch = LeanMinHash(seed=1, hashvalues=detector.signature(text), scheme=SCHEME)
        expected = set(lsh.query(sketch))
        assert bands.add(number, bands.keys(sketch.hashvalues)) == expected
        lsh.insert(number, sketch)
        assert expected  # each still has a copy among those kept


@pytest.mark.parametrize("text", SAMPLES, ids=range(len(SAMPLES)))
def test_words_are_those_of_the_unicode_folded_text(text: str) -> None:
    """The quicker ASCII path gives exactly the words of NFKC, case folding and ``\\w+``."""
    import re
    import unicodedata

    from storylens.stories.copies import _word_bytes, normalised_words

    expected = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    assert normalised_words(text) == expected
    assert _word_bytes(text) == [word.encode() for word in expected]


def test_separators_neither_are_nor_fold_into_word_characters() -> None:
    import re
    import unicodedata

    from storylens.stories.copies import SEPARATORS

    for char in SEPARATORS:
        assert not char.isascii() and unicodedata.combining(char) == 0, repr(char)
        assert not re.search(r"\w", unicodedata.normalize("NFKC", char).casefold()), repr(char)
        # and it joins nothing with its neighbours
        assert (
            unicodedata.normalize("NFKC", f"a{char}e") == f"a{unicodedata.normalize('NFKC', char)}e"
        )
