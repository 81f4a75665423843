"""The installed ``storylens`` command, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens.store import Store
from tests.conftest import RunCli, write

pytestmark = pytest.mark.slow

STORY = (
    "Ferry crews in Oskarholm ended their strike on Friday after a pay deal with Baltline, "
    "the union leader Petra Hollis said. Hollis told reporters the deal raised pay by 6%."
)


def test_cli_ingest_seeds_then_list_show_search_entities(run_cli: RunCli, seeds: Path) -> None:
    first = run_cli("ingest", str(seeds))
    assert first.returncode == 0, first.stderr
    assert "new 2" in first.stderr

    again = run_cli("ingest", str(seeds), "--json")
    report = json.loads(again.stdout)
    assert (report["new"], report["duplicate"], report["failed"]) == (0, 2, 0)

    listed = [json.loads(line) for line in run_cli("articles", "--jsonl").stdout.splitlines()]
    by_stem = {row["external_id"]: row for row in listed}
    headline = (seeds / "003_b3e2f940def642e6.txt").read_text().splitlines()[0]
    assert by_stem["003_b3e2f940def642e6"]["title"] == headline

    shown = json.loads(run_cli("show", "003_b3e2f940def642e6", "--json").stdout)
    assert not shown["body"].startswith(headline)
    assert {"related-link", "section-label", "headline"} <= {r["kind"] for r in shown["removed"]}
    for mention in shown["mentions"]:
        assert shown["text"][mention["start"] : mention["end"]] == mention["text"]

    entities = {e["name"]: e for e in json.loads(run_cli("entities", "--json").stdout)}
    for name in (
        "Donald Trump",
        "Volodymyr Zelenskyy",
        "Vladimir Putin",
        "NATO",
        "Ukraine",
        "Russia",
    ):
        assert entities[name]["articles"] == 2, name
    assert entities["Kyiv"]["label"] == "GPE"

    hits = json.loads(run_cli("search", "Patriot missile", "--json").stdout)
    assert [h["external_id"] for h in hits] == ["000_b033a6f8bb9ad94a"]
    text_table = run_cli("show", "000_b033a6f8bb9ad94a")
    assert "Zelenskyy" in text_table.stdout and text_table.returncode == 0


def test_cli_ingest_reports_failures_and_exits_non_zero(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / "in" / "good.txt", STORY)
    write(
        tmp_path / "in" / "bad.jsonl",
        '{"id": "x", "text": "fine text about ferries and pay in Oskarholm"}\n{oops\n',
    )
    write(tmp_path / "in" / "blob.txt", b"\x00\x01\x02binary")
    result = run_cli("ingest", str(tmp_path / "in"))
    assert result.returncode == 1
    assert "new 2" in result.stderr and "failed 2" in result.stderr
    assert "bad.jsonl:2" in result.stderr and "malformed JSON" in result.stderr
    assert "blob.txt" in result.stderr and "binary" in result.stderr
    recorded = json.loads(run_cli("failures", "--json").stdout)
    assert {(Path(f["path"]).name, f["line"]) for f in recorded} == {
        ("bad.jsonl", 2),
        ("blob.txt", None),
    }


def test_cli_ingest_from_stdin(run_cli: RunCli) -> None:
    line = json.dumps({"id": "piped-1", "text": STORY, "source": "Norland Wire"})
    result = run_cli("ingest", "-", stdin=line + "\n")
    assert result.returncode == 0, result.stderr
    rows = json.loads(run_cli("articles", "--json", "--source", "Norland Wire").stdout)
    assert [r["external_id"] for r in rows] == ["piped-1"]


def test_cli_extract_prints_records_without_a_store(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(
        tmp_path / "ferry.txt", "Ferry strike ends in Oskarholm\n\n" + STORY + "\n\nBusiness"
    )
    result = run_cli("extract", str(path), "--jsonl")
    record = json.loads(result.stdout)
    assert record["id"] == "ferry" and record["title"] == "Ferry strike ends in Oskarholm"
    assert record["body"] == STORY
    assert not (tmp_path / "cli.db").exists()


def test_cli_search_filters_by_entity_and_dates(run_cli: RunCli, tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": STORY, "published": "2026-03-01T10:00:00Z", "source": "Norland Wire"},
        {
            "id": "b",
            "text": "Ferry crews in Velmar also ended a strike on Monday.",
            "published": "2026-03-09",
        },
    ]
    write(tmp_path / "in.jsonl", "\n".join(json.dumps(r) for r in records))
    assert run_cli("ingest", str(tmp_path / "in.jsonl")).returncode == 0

    def found(*args: str) -> list[str]:
        result = run_cli("search", "strike", "--json", *args)
        return [hit["external_id"] for hit in json.loads(result.stdout)]

    assert set(found()) == {"a", "b"}
    assert found("--entity", "Petra Hollis") == ["a"]
    assert found("--since", "2026-03-05") == ["b"]
    assert found("--until", "2026-03-05") == ["a"]


def test_cli_prints_brackets_in_names_and_text_as_they_are(run_cli: RunCli, tmp_path: Path) -> None:
    # Square brackets are common in news ("[sic]") and must never be read as terminal styling.
    path = write(
        tmp_path / "in[dim].jsonl",
        json.dumps({"id": "sic", "title": "Ferry vote [sic] passes", "text": STORY}) + "\n{oops\n",
    )
    ingested = run_cli("ingest", str(path))
    assert ingested.returncode == 1
    assert f"{path}:2" in ingested.stderr
    assert "[sic]" in run_cli("articles").stdout
    assert "[strike]" in run_cli("search", "strike").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "no-such-article"), "no article 'no-such-article'"),
        (("search", "   "), "empty search query"),
        (("ingest", "x.txt", "--db", "/no/such/folder/x.db"), "does not exist"),
        (("stories", "--db", "postgresql+nosuch://u@127.0.0.1:1/x"), "cannot open the store"),
        (("articles", "--db", "mistyped.db"), "no store at mistyped.db"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    Store(str(tmp_path / "cli.db"))  # the default store exists, and is empty
    result = run_cli(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_debug_shows_the_traceback(run_cli: RunCli) -> None:
    result = run_cli("--debug", "show", "no-such-article")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_cli_missing_model_says_how_to_install_it(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    result = run_cli(
        "ingest", str(tmp_path / "a.txt"), env={"STORYLENS_MODEL": "en_core_web_nonexistent"}
    )
    assert result.returncode == 1
    assert "pip install" in result.stderr and "en_core_web_nonexistent" in result.stderr
    assert "Traceback" not in result.stderr
