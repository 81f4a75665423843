"""Sentence text for the summariser: content terms, and the trimming and filtering of candidates.

Kept free of spaCy so that scoring runs on stored analyses without loading a model: the
sentences come from :attr:`Analysis.sentences`, the words from a plain tokenizer here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS  # a word list only; no model is loaded

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
# "WASHINGTON (Reuters) —", "LONDON —", "PORT VELMAR, March 3 (MPA) -": a wire dateline;
# "WASHINGTON—The" (a dash may touch the next word, a hyphen may not: "U.S.-Mexico");
# "(CNN)The", "(Reuters) - The": the agency alone.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?,?\s*(?:\([^)]{1,40}\))?"
    r"|\([A-Z][A-Za-z .]{1,20}\))"
    r"\s*(?:[—–]{1,2}\s*|-{1,2}\s+|(?<=\))(?=[A-Z]))(?=[A-Z“\"])"
)
# "Why it matters: ..." / "The big picture: ...": a short label in front of a sentence.
_LABEL = re.compile(r"^(?:[A-Z][a-z’']*)(?: [a-z’']+){0,3}:\s+(?=[A-Z“\"])")
_LABEL_VERBS = {"said", "says", "wrote", "writes", "told", "added", "tweeted", "stated"}
_ENDS = (".", "!", "…", "”", '"', "’", "'", ")")
_OPENERS = ("”", "’", "'", ")", "]", ",", ";", ":", "…", "-", "—", "–")

# A sentence opening on one of these leans on the one before it ("It was ...", "But the ...").
_DANGLING = frozenset(
    "he she it they this that these those his her its their him them there here "
    "and but or so yet also still however meanwhile instead then thus".split()
)

#: A sentence shorter than this many words is a fragment, a caption or a byline, not a summary.
MIN_WORDS = 6


def tokens(text: str) -> list[str]:
    """The lowercased words of ``text``, apostrophes kept inside words."""
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def stem(word: str) -> str:
    """A light suffix stripper so that "talks", "talked" and "talking" meet.

    Deliberately crude (no model, no word list): it only needs to make the same word forms
    collide within one group of articles, never to produce real stems.
    """
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", 3), ("ied", 3), ("ing", 4), ("ed", 3), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "s" and word.endswith("ss"):
                return word
            return base
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` that carry content: no stop words, no one-letter tokens."""
    return [stem(w) for w in tokens(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def quote_share(text: str) -> float:
    """How much of ``text`` (0 to 1) lies inside quotation marks."""
    inside = sum(len(match.group(1)) for match in _QUOTED.finditer(text))
    return inside / len(text) if text else 0.0


def lead_trim(text: str) -> int:
    """How many leading characters to drop: a dateline or a short "Label:" in front."""
    match = _DATELINE.match(text)
    if match:
        return match.end()
    match = _LABEL.match(text)
    if match and not _LABEL_VERBS & set(tokens(match.group(0))):
        return match.end()
    return 0


def dangling(text: str) -> bool:
    """Whether ``text`` opens on a pronoun or connective that needs the sentence before it."""
    words = tokens(text[:40])
    return bool(words) and (words[0] in _DANGLING or words[0].split("'")[0] in _DANGLING)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a sentence may enter a summary, and the reason when it may not."""

    ok: bool
    reason: str | None = None


def judge(text: str) -> Verdict:
    """Leave out what reads badly out of context: questions, fragments, unbalanced quotes.

    A sentence that starts in lower case or with closing punctuation continues a quote or a
    clause the splitter cut; unbalanced straight quotes mean the sentence is part of a quote
    that spans sentences.
    """
    stripped = text.strip()
    if len(tokens(stripped)) < MIN_WORDS:
        return Verdict(False, "too short")
    if stripped.rstrip("”\"’' ").endswith("?"):
        return Verdict(False, "question")
    if not stripped.endswith(_ENDS):
        return Verdict(False, "no sentence end (a heading or a cut sentence)")
    if stripped[0].islower() or stripped.startswith(_OPENERS):
        return Verdict(False, "fragment")
    if stripped.count('"') % 2 or stripped.count("“") != stripped.count("”"):
        return Verdict(False, "unbalanced quote")
    return Verdict(True)
