"""Small hand-made story articles for the compare tests: one sentence, the facts given."""

from __future__ import annotations

from typing import Any

from storylens.model import Analysis, Article, Fact, OffsetMap, Quote, Sentence, StoryArticle


def member(
    article_id: str,
    text: str,
    numbers: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    quotes: list[tuple[str, str]] = (),  # type: ignore[assignment]
    outlet: str | None = None,
    copy_of: str | None = None,
) -> StoryArticle:
    """A one-sentence article; ``numbers`` are (text, kind, value, unit) found in it, with
    further :class:`Fact` fields in an optional fifth dict ({"approx": True}), and ``quotes``
    (words, speaker) direct quotes."""
    facts = []
    for shown, kind, value, unit, *extra in numbers:
        start = text.index(shown)
        fields: dict[str, Any] = extra[0] if extra else {}
        facts.append(Fact(kind, shown, start, start + len(shown), value=value, unit=unit, **fields))
    found = []
    for words, speaker in quotes:
        start = text.index(words)
        found.append(
            Quote(start, start + len(words), words, "direct", speaker, speaker_canonical=speaker)
        )
    article = Article(
        id=article_id,
        external_id=article_id,
        text=text,
        body=text,
        body_map=OffsetMap(()),
        outlet=outlet,
    )
    analysis = Analysis(
        article_id, (Sentence(0, len(text)),), (), (), quotes=tuple(found), facts=tuple(facts)
    )
    return StoryArticle(article, analysis, copy_of=copy_of)
