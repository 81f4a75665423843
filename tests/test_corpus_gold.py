"""The bundled sample corpus agrees with its gold annotations (examples/corpus/gold.json).

Standard library only: this reads the files the way a plain reader would, so it checks the corpus
and the gold file against each other, not storylens.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
GOLD: dict[str, Any] = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))

ARTICLES: list[dict[str, Any]] = GOLD["articles"]
BY_ID: dict[str, dict[str, Any]] = {a["id"]: a for a in ARTICLES}
STORIES: list[dict[str, Any]] = GOLD["stories"]
QUOTES: list[dict[str, Any]] = GOLD["quotes"]
FACTS: list[dict[str, Any]] = GOLD["facts"]
DRIFT: list[dict[str, Any]] = GOLD["drift"]
ENTITIES: list[dict[str, Any]] = GOLD["entities"]

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
OPENING_MARKS = "“\"‘'"
CLOSING_MARKS = "”\"’'"
FACT_KINDS = {"money", "percent", "count", "duration", "year", "date"}
FACT_STATUSES = {"corroborated", "single-source", "conflicting"}


class _MetaParser(HTMLParser):
    """Collects the <meta> properties, the <title> text and the tags seen in an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.tags: set[str] = set()
        self.links: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
        elif tag == "link" and "rel" in values:
            self.links[values["rel"]] = values.get("href", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _raw_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def _read_html(path: Path) -> dict[str, Any]:
    raw = _raw_text(path)
    parser = _MetaParser()
    parser.feed(raw)
    parser.close()
    assert {"article", "nav", "h1", "footer"} <= parser.tags, path
    published = parser.meta.get("article:published_time")
    return {
        "text": html.unescape(raw),
        "title": parser.meta.get("og:title"),
        "outlet": parser.meta.get("og:site_name"),
        "published": datetime.fromisoformat(published) if published else None,
        "author": parser.meta.get("author"),
        "canonical": parser.links.get("canonical"),
    }


def _read_txt(path: Path) -> dict[str, Any]:
    raw = _raw_text(path)
    lines = raw.split("\n")
    has_headline = len(lines) > 1 and lines[1].strip() == "" and not lines[0].endswith(".")
    return {
        "text": raw,
        "title": lines[0] if has_headline else None,
        "outlet": None,
        "published": None,
    }


def _from_json_record(record: dict[str, Any]) -> dict[str, Any]:
    for key in ("id", "title", "text", "source", "url", "published", "author"):
        assert isinstance(record.get(key), str), key
    assert record["url"].startswith("https://") and ".example/" in record["url"]
    return {
        "text": record["text"],
        "title": record["title"],
        "outlet": record["source"],
        "published": datetime.fromisoformat(record["published"]),
    }


def _read_jsonl(path: Path, article_id: str) -> dict[str, Any]:
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    matches = [record for record in records if record.get("id") == article_id]
    assert len(matches) == 1, f"{article_id} occurs {len(matches)} times in {path.name}"
    return _from_json_record(matches[0])


def _read_json(path: Path, article_id: str) -> dict[str, Any]:
    record = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(record, dict)
    assert record.get("id", path.stem) == article_id
    return _from_json_record(record)


def _read_rss_item(path: Path, article_id: str) -> dict[str, Any]:
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    items = [item for item in channel.findall("item") if item.findtext("guid") == article_id]
    assert len(items) == 1, f"{article_id} occurs {len(items)} times in {path.name}"
    item = items[0]
    guid = item.find("guid")
    assert guid is not None and guid.get("isPermaLink") == "false"
    assert item.findtext("description"), "an item needs a teaser description"
    assert item.findtext(DC_CREATOR) or item.findtext("author")
    return {
        "text": html.unescape(item.findtext(CONTENT_NS) or ""),
        "title": item.findtext("title"),
        "outlet": channel.findtext("title"),
        "published": parsedate_to_datetime(item.findtext("pubDate") or ""),
    }


@functools.cache
def load(article_id: str) -> dict[str, Any]:
    """The article as its format presents it: text, title, outlet and publication time."""
    path = CORPUS / BY_ID[article_id]["file"]
    name = path.name
    if name.endswith((".html", ".html.gz")):
        return _read_html(path)
    if name.endswith((".txt", ".txt.gz")):
        return _read_txt(path)
    if name.endswith(".jsonl"):
        return _read_jsonl(path, article_id)
    if name.endswith(".json"):
        return _read_json(path, article_id)
    if name.endswith(".xml"):
        return _read_rss_item(path, article_id)
    raise AssertionError(f"unknown format: {name}")


def _source(article_id: str) -> str | None:
    """The independent source behind an article: a syndicated copy counts as its original."""
    article = BY_ID[article_id]
    if article["copy_of"]:
        article = BY_ID[article["copy_of"]]
    return article["outlet"]


def _story_of(article_id: str) -> str:
    return BY_ID[article_id]["story"]


# ------------------------------------------------------------------------------ shape


def test_top_level_shape() -> None:
    assert GOLD["version"] == 1
    assert set(GOLD) == {
        "version",
        "outlets",
        "articles",
        "stories",
        "quotes",
        "facts",
        "drift",
        "entities",
    }


def test_ids_are_unique() -> None:
    counts = Counter(a["id"] for a in ARTICLES)
    assert [i for i, n in counts.items() if n > 1] == []
    assert len({s["id"] for s in STORIES}) == len(STORIES)


def test_corpus_size() -> None:
    assert len(ARTICLES) >= 40
    assert len(GOLD["outlets"]) >= 6
    assert len(STORIES) >= 8
    assert len(FACTS) >= 30


def test_outlets_list_matches_articles() -> None:
    used = {a["outlet"] for a in ARTICLES if a["outlet"]}
    assert used == set(GOLD["outlets"])


def test_every_file_in_the_corpus_is_annotated() -> None:
    on_disk = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name != "gold.json" and not path.name.startswith(".")
    }
    assert on_disk == {a["file"] for a in ARTICLES}


# ------------------------------------------------------------------------------ articles


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["id"])
def test_article_reads_and_matches_metadata(article: dict[str, Any]) -> None:
    assert (CORPUS / article["file"]).is_file()
    record = load(article["id"])
    assert record["text"].strip()
    assert record["title"] == article["title"]
    assert record["outlet"] == article["outlet"]
    if article["published"] is None:
        assert record["published"] is None
    else:
        expected = datetime.fromisoformat(article["published"])
        assert expected.tzinfo is not None
        assert record["published"] == expected
    assert article["story"] in {s["id"] for s in STORIES}


@pytest.mark.parametrize("article", [a for a in ARTICLES if a["copy_of"]], ids=lambda a: a["id"])
def test_copy_of_points_to_an_original_in_the_same_story(article: dict[str, Any]) -> None:
    original = BY_ID[article["copy_of"]]
    assert original["copy_of"] is None
    assert original["story"] == article["story"]


# ------------------------------------------------------------------------------ stories


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s["id"])
def test_story_lists_only_its_own_known_articles(story: dict[str, Any]) -> None:
    assert story["articles"], "a story needs articles"
    for article_id in story["articles"]:
        assert article_id in BY_ID
        assert BY_ID[article_id]["story"] == story["id"]
    assert story["topic"]


def test_every_article_belongs_to_exactly_one_story() -> None:
    memberships = Counter(i for story in STORIES for i in story["articles"])
    assert all(memberships[a["id"]] == 1 for a in ARTICLES)
    assert set(memberships) == set(BY_ID)


# ------------------------------------------------------------------------------ quotes


@pytest.mark.parametrize("quote", QUOTES, ids=[f"{q['article']}:{n}" for n, q in enumerate(QUOTES)])
def test_quote_occurs_verbatim(quote: dict[str, Any]) -> None:
    assert quote["kind"] in {"direct", "indirect"}
    assert quote["speaker"]
    text = load(quote["article"])["text"]
    assert quote["text"] in text
    if quote["kind"] == "direct":
        start = text.find(quote["text"])
        marked = False
        while start >= 0 and not marked:
            end = start + len(quote["text"])
            marked = (
                start > 0
                and text[start - 1] in OPENING_MARKS
                and end < len(text)
                and text[end] in CLOSING_MARKS
            )
            start = text.find(quote["text"], start + 1)
        assert marked, "a direct quote sits between quotation marks"


def test_every_article_with_quotation_marks_has_quotes() -> None:
    quoted = {q["article"] for q in QUOTES}
    for article in ARTICLES:
        if article["file"].endswith((".txt", ".jsonl", ".json", ".txt.gz")):
            text = load(article["id"])["text"]
            if "“" in text:
                assert article["id"] in quoted


def test_speakers_are_known_entities() -> None:
    people = {e["name"] for e in ENTITIES if e["type"] == "PERSON"}
    assert {q["speaker"] for q in QUOTES} <= people


# ------------------------------------------------------------------------------ facts


@pytest.mark.parametrize(
    "fact", FACTS, ids=[f"{f['story']}:{n}:{f['about'][:30]}" for n, f in enumerate(FACTS)]
)
def test_fact_reports_occur_verbatim_in_their_story(fact: dict[str, Any]) -> None:
    assert fact["kind"] in FACT_KINDS
    assert fact["status"] in FACT_STATUSES
    assert fact["reports"]
    for report in fact["reports"]:
        assert _story_of(report["article"]) == fact["story"]
        assert report["text"] in load(report["article"])["text"]
        assert report["value"] is None or isinstance(report["value"], int | float)


@pytest.mark.parametrize(
    "fact", FACTS, ids=[f"{f['story']}:{n}:{f['about'][:30]}" for n, f in enumerate(FACTS)]
)
def test_fact_status_agrees_with_reports(fact: dict[str, Any]) -> None:
    values = {(r["value"], r["unit"]) for r in fact["reports"]}
    if fact["status"] == "conflicting":
        assert len(values) > 1
        return
    assert len(values) == 1
    sources = {_source(r["article"]) for r in fact["reports"]} - {None}
    if fact["status"] == "corroborated":
        assert len(sources) >= 2, "corroboration needs two independent outlets"


# ------------------------------------------------------------------------------ drift and entities


@pytest.mark.parametrize("entry", DRIFT, ids=lambda d: f"{d['story']}:{d['speaker']}")
def test_drift_versions_are_recorded_quotes(entry: dict[str, Any]) -> None:
    recorded = {(q["article"], q["speaker"], q["text"]) for q in QUOTES}
    assert len(entry["versions"]) >= 2
    for version in entry["versions"]:
        assert _story_of(version["article"]) == entry["story"]
        assert (version["article"], entry["speaker"], version["text"]) in recorded
    assert len({v["text"] for v in entry["versions"]}) >= 2


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e["name"])
def test_entity_forms_occur_in_the_corpus(entity: dict[str, Any]) -> None:
    assert entity["type"] in {"PERSON", "ORG", "GPE", "LOC"}
    texts = [load(a["id"])["text"] for a in ARTICLES]
    for form in [entity["name"], *entity["aliases"]]:
        assert any(form in text for text in texts), form


# ------------------------------------------------------------------------------ difficulties


def test_a_wire_story_has_three_syndicated_copies() -> None:
    copies = Counter(a["copy_of"] for a in ARTICLES if a["copy_of"])
    assert copies and max(copies.values()) >= 3
    original, _ = copies.most_common(1)[0]
    outlets = {a["outlet"] for a in ARTICLES if a["copy_of"] == original}
    assert len(outlets) >= 3


def test_a_fact_conflicts() -> None:
    assert any(f["status"] == "conflicting" for f in FACTS)


def test_a_quote_drifts() -> None:
    assert DRIFT


def test_a_story_develops_over_three_days() -> None:
    def days(story: dict[str, Any]) -> set[str]:
        return {BY_ID[i]["published"][:10] for i in story["articles"] if BY_ID[i]["published"]}

    assert any(len(days(story)) >= 3 for story in STORIES)


def test_two_topics_each_hold_two_stories() -> None:
    per_topic: dict[str, int] = defaultdict(int)
    for story in STORIES:
        per_topic[story["topic"]] += 1
    assert sum(1 for n in per_topic.values() if n >= 2) >= 2
