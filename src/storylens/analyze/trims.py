"""Optional parts of sentences: what a tight summary may leave out and still say the same thing.

Found from spaCy's dependency parse, never from word lists: a phrase is optional when its
grammatical role makes it an aside that the rest of the sentence does not need.

- ``paren``: a parenthesis after a word, "Justice Department (DOJ)", "Sen. Paul (R-Ky.)";
- ``appos``: an appositive set off by commas after a name, "Jen Psaki, the press secretary,";
- ``relcl``: a non-restrictive relative clause set off by a comma, ", who served two terms";
- ``participle``: a participial clause set off by a comma, ", signaling a shift in ...";
- ``opener``: an adverbial in front of the subject, closed by a comma, "However,",
  "In a statement on Monday,", "Ahead of the vote," (but not "According to X,");
- ``cue``: the adjuncts of a verb of speech, "said *in a statement on Tuesday*".

What is never optional: a span holding a number, a negation, a quotation mark, the main verb or
its subject; a clause with a subordinating conjunction ("if", "because", "although"), since
leaving out a condition or a reason changes what the sentence claims; anything inside a
quotation, which is given as it was said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylens.analyze.doc_text import doc_text
from storylens.analyze.quote_cues import SPEECH_VERBS
from storylens.model import Trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_trims"]

_QUOTE_MARKS = frozenset("\"“”‘’'«»")
_NEGATIONS = frozenset({"not", "n't", "never", "no", "nor", "neither", "without"})
_CLAUSE_OPENERS = frozenset({"who", "whom", "whose", "which", "where", "when"})
_PARTICIPLES = frozenset({"VBG", "VBN"})
_OPENER_ROLES = frozenset({"advmod", "prep", "npadvmod", "advcl"})
_CUE_ADJUNCTS = frozenset({"prep", "npadvmod"})
_SENTENCE_ENDS = frozenset({".", "!", "…"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# "said of the rate", "spoke about the plan": the preposition names what was said about
_TOPIC_PREPOSITIONS = frozenset({"of", "about", "on", "regarding"})


def find_trims(doc: Doc) -> list[Trim]:
    """The optional spans of every sentence of ``doc``, as character offsets into its text."""
    found: list[Trim] = []
    for sentence in doc.sents:
        found.extend(sentence_trims(sentence))
    return found


def sentence_trims(sentence: Span) -> list[Trim]:
    """The optional spans of one sentence, in text order, none overlapping another."""
    spans: list[tuple[int, int, str]] = []
    for token in sentence:
        spans.extend(_token_trims(sentence, token))
    spans.sort()
    kept: list[Trim] = []
    for start, end, kind in spans:
        if kept and start < kept[-1].end:
            continue  # nested in (or crossing) one already kept: the outer one covers it
        if _quoted(sentence, start):
            continue  # a quotation is given as it was said, asides and all
        kept.append(Trim(start, end, kind))
    return kept


def _quoted(sentence: Span, offset: int) -> bool:
    """Whether character ``offset`` of the text lies inside quotation marks of ``sentence``."""
    before = doc_text(sentence.doc)[sentence.start_char : offset]
    curly = before.count("“") - before.count("”")
    return curly > 0 or before.count('"') % 2 == 1


def _token_trims(sentence: Span, token: Token) -> list[tuple[int, int, str]]:
    found = []
    if token.text == "(":
        found.append(_parenthesis(sentence, token))
    elif token.dep_ == "appos" and token.head.pos_ == "PROPN":
        found.append(_set_off(sentence, token, "appos"))
    elif token.dep_ == "relcl" and token.left_edge.lower_ in _CLAUSE_OPENERS:
        found.append(_set_off(sentence, token, "relcl"))
    elif token.dep_ in ("advcl", "acl") and token.tag_ in _PARTICIPLES and not _marked(token):
        found.append(_set_off(sentence, token, "participle"))
    if token.dep_ in _OPENER_ROLES and token.head == sentence.root and not _marked(token):
        found.append(_opener(sentence, token))
    if token.head == sentence.root and token.dep_ in _CUE_ADJUNCTS and _is_speech(sentence.root):
        found.append(_cue_adjunct(sentence, token))
    return [span for span in found if span is not None]


def _parenthesis(sentence: Span, opening: Token) -> tuple[int, int, str] | None:
    """``(...)`` after a word, with the space before it."""
    doc = opening.doc
    if opening.i == sentence.start or doc[opening.i - 1].is_punct:
        return None
    closing = next((t for t in doc[opening.i + 1 : sentence.end] if t.text == ")"), None)
    if closing is None or not _droppable(doc[opening.i : closing.i + 1]):
        return None
    before = doc[opening.i - 1]
    return before.idx + len(before.text), closing.idx + 1, "paren"


def _set_off(sentence: Span, head: Token, kind: str) -> tuple[int, int, str] | None:
    """A phrase with a comma before it and a comma or the sentence's end after it.

    The span runs from the comma before to the comma after (so "A, aside, B" becomes "A B"),
    or to the phrase's last word when the sentence ends there ("A, aside." becomes "A.").
    """
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    if left - 1 <= sentence.start or doc[left - 1].text != ",":
        return None
    if right + 1 >= sentence.end or not _droppable(doc[left : right + 1]):
        return None
    after = doc[right + 1]
    if after.text == ",":
        return doc[left - 1].idx, after.idx + 1, kind
    if after.text in _SENTENCE_ENDS and after.i == _last_word(sentence) + 1:
        return doc[left - 1].idx, doc[right].idx + len(doc[right].text), kind
    return None


def _opener(sentence: Span, token: Token) -> tuple[int, int, str] | None:
    """An adverbial that opens the sentence, with its comma and the space after it."""
    doc = token.doc
    if token.left_edge.i != sentence.start:
        return None
    comma = token.right_edge.i + 1
    if comma >= sentence.end - 1 or doc[comma].text != ",":
        return None
    if token.lemma_.lower() == "accord" or not _droppable(doc[sentence.start : comma]):
        return None  # "According to X," says whose claim follows: not an aside
    following = doc[comma + 1]
    root = sentence.root
    subject = any(c.dep_ in _SUBJECTS and following.i <= c.i < root.i for c in root.children)
    if not following.is_alpha or not subject:
        return None  # the subject must follow: not "At the centre of it, is a complaint."
    return doc[sentence.start].idx, following.idx, "opener"


def _cue_adjunct(sentence: Span, token: Token) -> tuple[int, int, str] | None:
    """A prepositional phrase or time word on a verb of speech, with the space before it."""
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i
    if left <= sentence.start or not _droppable(doc[left : right + 1]):
        return None
    if doc[left - 1].is_punct or (right + 1 < sentence.end and doc[right + 1].text == ","):
        return None  # set off by punctuation: an opener or an aside, judged elsewhere
    if any(t.dep_ in ("ccomp", "dobj", "dative") for t in doc[left : right + 1]):
        return None
    if token.dep_ == "prep" and token.lower_ in _TOPIC_PREPOSITIONS and not _is_time(token):
        return None  # what the words were about, not where or when they were said
    before = doc[left - 1]
    return before.idx + len(before.text), doc[right].idx + len(doc[right].text), "cue"


def _droppable(tokens: Span) -> bool:
    """Whether a span may go: no number, negation, quotation mark, main verb or its subject."""
    root = tokens.sent.root
    for token in tokens:
        if token.like_num or any(c.isdigit() for c in token.text):
            return False
        if token.dep_ == "neg" or token.lower_ in _NEGATIONS:
            return False
        if any(c in _QUOTE_MARKS for c in token.text) and token.text not in ("'s", "’s"):
            return False
        if token == root or (token.head == root and token.dep_ in ("nsubj", "nsubjpass")):
            return False
    return True


def _is_time(preposition: Token) -> bool:
    """Whether a preposition's object is a date or a time: "on Tuesday", "on March 3"."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition.children)


def _marked(token: Token) -> bool:
    """Whether a clause opens on a subordinating conjunction ("if", "because", "as")."""
    return any(child.dep_ == "mark" for child in token.children)


def _is_speech(verb: Token) -> bool:
    """A verb of speech with what was said as its clause: "said (that) ...", "..., he said"."""
    return (
        verb.pos_ in ("VERB", "AUX")
        and verb.lemma_.lower() in SPEECH_VERBS
        and any(child.dep_ == "ccomp" for child in verb.children)
    )


def _last_word(sentence: Span) -> int:
    """Index of the sentence's last token that is not closing punctuation or space."""
    index = sentence.end - 1
    while index > sentence.start and (sentence.doc[index].is_punct or sentence.doc[index].is_space):
        index -= 1
    return index
