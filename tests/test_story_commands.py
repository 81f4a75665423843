"""The story commands end to end through the installed CLI: stories, show, compare, brief,
export, cluster and summarize."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, RunCli, write

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(run_cli: RunCli, seeds: Path) -> dict[str, Any]:
    """The seed articles ingested into the CLI's store; returns their one story."""
    assert run_cli("ingest", str(seeds), "-q").returncode == 0
    [story] = json.loads(run_cli("stories", "--json").stdout)
    return dict(story)


def test_cli_stories_lists_and_shows_stories(
    run_cli: RunCli, seeds: Path, seeded: dict[str, Any]
) -> None:
    lines = [json.loads(line) for line in run_cli("stories", "--jsonl").stdout.splitlines()]
    assert {line["id"] for line in lines} == {p.stem for p in seeds.glob("*.txt")}
    assert len({line["story"] for line in lines}) == 1
    assert all(set(line) >= {"id", "story", "topic"} for line in lines)
    story = seeded
    shown = run_cli("show", story["id"][:8])
    assert shown.returncode == 0
    assert "2 articles · 0 outlets, 2 unnamed sources" in shown.stdout
    members = json.loads(run_cli("show", story["id"], "--json").stdout)["members"]
    assert [m["copy_of"] for m in members] == [None, None]


def test_cli_cluster_prints_each_articles_story_without_a_store(
    run_cli: RunCli, tmp_path: Path, gold: dict[str, Any]
) -> None:
    wire = [json.loads(line) for line in (CORPUS / "wire.jsonl").read_text().splitlines()]
    path = write(tmp_path / "in.jsonl", "".join(json.dumps(a) + "\n" for a in wire[:6]))
    result = run_cli("cluster", str(path), "--jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [a["id"] for a in wire[:6]]
    gold_story = {a: s["id"] for s in gold["stories"] for a in s["articles"]}
    same = {(a["id"], b["id"]) for a in lines for b in lines if a["story"] == b["story"]}
    assert same == {
        (a["id"], b["id"])
        for a in lines
        for b in lines
        if gold_story[a["id"]] == gold_story[b["id"]]
    }
    assert not (tmp_path / "cli.db").exists()


def test_cli_compare_shows_what_both_seed_articles_carry(
    run_cli: RunCli, seeded: dict[str, Any]
) -> None:
    story = seeded
    result = run_cli("compare", story["id"], "--json")
    assert result.returncode == 0, result.stderr
    comparison = json.loads(result.stdout)
    assert comparison["story"] == story["id"]
    corroborated = [f for f in comparison["facts"] if f["status"] == "corroborated"]
    assert any(f["kind"] == "quote" and "It’s a mess for him" in f["text"] for f in corroborated)
    assert all(f["independent_sources"] >= 2 for f in corroborated)
    table = run_cli("compare", story["id"][:6])
    assert table.returncode == 0 and "corroborated" in table.stdout


def test_cli_brief_and_exports_cite_both_seed_articles(
    run_cli: RunCli, seeded: dict[str, Any], tmp_path: Path
) -> None:
    brief = json.loads(run_cli("brief", seeded["id"], "--json").stdout)
    cited = {source for s in brief["summary"]["sentences"] for source in s["sources"]}
    assert len(cited) == 2
    assert run_cli("brief", seeded["id"]).returncode == 0
    page = tmp_path / "brief.html"
    result = run_cli("export", seeded["id"], "--format", "html", "--output", str(page))
    assert result.returncode == 0, result.stderr
    assert page.read_text().lstrip().lower().startswith("<!doctype html>")
    markdown = run_cli("export", seeded["id"], "-f", "md").stdout
    assert markdown.startswith("#")
    refused = run_cli("export", seeded["id"], "-f", "pdf")
    assert refused.returncode != 0 and "md, json or html" in refused.stderr


def test_cli_show_names_a_missing_story_as_such(run_cli: RunCli, seeded: dict[str, Any]) -> None:
    result = run_cli("show", "s-0000")
    assert result.returncode == 1
    assert "no story or article 's-0000'" in result.stderr and "storylens stories" in result.stderr


def test_cli_abstractive_without_an_endpoint_says_what_to_set(
    run_cli: RunCli, seeded: dict[str, Any]
) -> None:
    result = run_cli("brief", seeded["id"], "--abstractive")
    assert result.returncode == 1
    assert "STORYLENS_LLM_URL" in result.stderr and "Traceback" not in result.stderr


def test_cli_summarize_cites_every_supporting_article(run_cli: RunCli, tmp_path: Path) -> None:
    wire = [json.loads(line) for line in (CORPUS / "wire.jsonl").read_text().splitlines()]
    ilsa = [a for a in wire if "ilsa" in a["id"]]
    groups = write(tmp_path / "groups.jsonl", json.dumps({"id": "ilsa", "articles": ilsa}) + "\n")
    result = run_cli("summarize", str(groups), "--jsonl")
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "ilsa" and record["summary"]
    ids = {a["id"] for a in ilsa}
    assert all(set(s["sources"]) <= ids and s["sources"] for s in record["sentences"])


def test_cli_summarize_compress_fits_a_sentence_without_its_aside(
    run_cli: RunCli, tmp_path: Path
) -> None:
    articles = [
        {"text": "Mayor Ilse Varga, a former engineer, said the Halberd Bridge would close."},
        {"text": "Traffic will be sent through the village of Pellmoor for six months."},
    ]
    groups = write(tmp_path / "groups.jsonl", json.dumps({"id": "g", "articles": articles}))
    whole = run_cli("summarize", str(groups), "--words", "10", "--jsonl")
    short = run_cli("summarize", str(groups), "--words", "10", "--compress", "--jsonl")
    assert whole.returncode == short.returncode == 0, short.stderr
    assert json.loads(whole.stdout)["summary"] == ""
    expected = "Mayor Ilse Varga said the Halberd Bridge would close."
    assert json.loads(short.stdout)["summary"] == expected
