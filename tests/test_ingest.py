"""Reading every input format, and refusing bad input with file, line and reason."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storylens.ingest import read_articles
from storylens.model import Article, Failure
from tests.conftest import write

STORY = (
    "Harbour pilots in Port Velmar walked out on Tuesday after talks with the Northern Ports "
    "Authority broke down, leaving eleven cargo ships waiting offshore.\n\n"
    "The union said 240 pilots had joined the strike and that it would last three days."
)
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Pilots strike in Port Velmar | Velmar Courier</title>
<meta property="og:title" content="Pilots strike in Port Velmar">
<meta property="og:site_name" content="Velmar Courier">
<meta name="author" content="Ines Marlow">
<meta property="article:published_time" content="2026-03-10T07:45:00+01:00">
<link rel="canonical" href="https://courier.example/pilots-strike">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Pilots strike in Port Velmar</h1>
{"".join(f"<p>{p}</p>" for p in STORY.split(chr(10) * 2))}
</article><footer>© 2026 Velmar Courier</footer></body></html>"""
RSS = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coastline Press</title><link>https://coast.example/</link>
<item><title>Pilots strike</title><link>https://coast.example/a</link><guid isPermaLink="false">cp-1</guid>
<pubDate>Tue, 10 Mar 2026 09:00:00 +0000</pubDate><author>desk@coast.example (Desk)</author>
<description>Teaser only.</description>
<content:encoded><![CDATA[{"".join(f"<p>{p}</p>" for p in STORY.split(chr(10) * 2))}]]></content:encoded></item>
<item><title>Empty</title><guid>cp-2</guid></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atoll Daily</title><id>urn:atoll</id><updated>2026-03-10T09:00:00Z</updated>
<entry><title>Pilots strike</title><id>urn:atoll:1</id><updated>2026-03-10T09:00:00Z</updated>
<content type="html">{"".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in STORY.split(chr(10) * 2))}</content></entry></feed>"""


def read_one(path: Path) -> Article:
    items = list(read_articles([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def failures(*paths: Path | str) -> list[Failure]:
    return [item for item in read_articles([str(p) for p in paths]) if isinstance(item, Failure)]


def test_ingest_txt_keeps_text_as_read_and_uses_file_stem(tmp_path: Path) -> None:
    article = read_one(
        write(tmp_path / "pilots-day1.txt", "Pilots strike in Port Velmar\n\n" + STORY)
    )
    assert article.external_id == "pilots-day1"
    assert article.title == "Pilots strike in Port Velmar"
    assert article.body == STORY
    assert article.text.startswith("Pilots strike in Port Velmar\n\n")
    assert article.language == "en"
    assert len(article.id) == 16 and int(article.id, 16) >= 0


def test_ingest_html_extracts_text_and_metadata(tmp_path: Path) -> None:
    article = read_one(write(tmp_path / "strike.html", PAGE))
    assert article.title == "Pilots strike in Port Velmar"
    assert article.outlet == "Velmar Courier"
    assert article.author == "Ines Marlow"
    assert article.published == datetime(2026, 3, 10, 6, 45, tzinfo=UTC)
    assert article.url == "https://courier.example/pilots-strike"
    assert "240 pilots had joined the strike" in article.body
    assert "Home" not in article.body and "©" not in article.body


def test_ingest_jsonl_reads_fields_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "w-1",
                "title": "Pilots strike",
                "text": STORY,
                "source": "Norland Wire",
                "url": "https://wire.example/1",
                "published": "2026-03-10T08:00:00Z",
                "author": "A. Sorel",
            }
        ),
        "",
        '{"id": "w-2", "text": ',
        json.dumps({"id": "w-3", "title": "No text here"}),
        json.dumps({"id": "w-4", "text": STORY + " Updated.", "published": "2026-03-11"}),
    ]
    path = write(tmp_path / "wire.jsonl", "\n".join(lines) + "\n")
    items = list(read_articles([str(path)]))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [a.external_id for a in good] == ["w-1", "w-4"]
    assert good[0].outlet == "Norland Wire" and good[0].author == "A. Sorel"
    assert good[0].published == datetime(2026, 3, 10, 8, tzinfo=UTC)
    assert good[1].published == datetime(2026, 3, 11, tzinfo=UTC)
    assert [(f.line, f.path) for f in bad] == [(3, str(path)), (4, str(path))]
    assert "malformed JSON" in bad[0].reason
    assert '"text"' in bad[1].reason


def test_ingest_json_object_and_array(tmp_path: Path) -> None:
    one = read_one(
        write(tmp_path / "one.json", json.dumps({"text": STORY, "source": "Atoll Daily"}))
    )
    assert one.external_id == "one" and one.outlet == "Atoll Daily"
    many = list(
        read_articles(
            [str(write(tmp_path / "many.json", json.dumps([{"id": "a", "text": STORY}, 5])))]
        )
    )
    assert isinstance(many[0], Article) and many[0].external_id == "a"
    assert isinstance(many[1], Failure) and "item 2" in many[1].reason


@pytest.mark.parametrize("name", ["story.txt.gz", "story.html.gz", "story.jsonl.gz"])
def test_ingest_gzip_of_each_format(tmp_path: Path, name: str) -> None:
    content = {"txt": STORY, "html": PAGE, "jsonl": json.dumps({"id": "story", "text": STORY})}
    kind = name.split(".")[1]
    article = read_one(write(tmp_path / name, gzip.compress(content[kind].encode())))
    assert article.external_id == "story"
    assert "240 pilots" in article.body


def test_ingest_rss_feed_reads_full_content_and_reports_empty_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "feeds" / "coast.xml", RSS)
    items = list(read_articles([str(path)]))
    article = items[0]
    assert isinstance(article, Article)
    assert article.external_id == "cp-1" and article.outlet == "Coastline Press"
    assert article.published == datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert article.body == STORY
    assert isinstance(items[1], Failure) and "entry 2" in items[1].reason


def test_ingest_atom_feed(tmp_path: Path) -> None:
    article = read_one(write(tmp_path / "atoll.atom", ATOM))
    assert article.outlet == "Atoll Daily" and article.external_id == "urn:atoll:1"
    assert article.body == STORY


def test_ingest_warc_archive_of_pages(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        "https://courier.example/pilots-strike",
        "response",
        payload=io.BytesIO(PAGE.encode()),
        http_headers=headers,
    )
    writer.write_record(record)
    article = read_one(write(tmp_path / "crawl.warc", buffer.getvalue()))
    assert article.external_id == "https://courier.example/pilots-strike"
    assert article.outlet == "Velmar Courier"


def test_ingest_folder_recursively_in_name_order_skipping_ignored(tmp_path: Path) -> None:
    write(tmp_path / "b" / "two.txt", STORY + " Two.")
    write(tmp_path / "a.txt", STORY + " One.")
    write(tmp_path / "gold.json", json.dumps({"stories": []}))
    write(tmp_path / "notes.csv", "not,an,article")
    write(tmp_path / ".hidden.txt", STORY)
    write(tmp_path / ".storylensignore", "gold.json\n")
    ids = [a.external_id for a in read_articles([str(tmp_path)])]
    assert ids == ["a", "two"]


def test_ingest_same_content_gets_same_id_and_outlet_matters(tmp_path: Path) -> None:
    first = read_one(write(tmp_path / "x.txt", STORY))
    spaced = read_one(write(tmp_path / "y.txt", STORY.replace(" ", "  ") + "\n\n"))
    assert first.id == spaced.id
    other_outlet = read_one(
        write(tmp_path / "z.json", json.dumps({"text": STORY, "source": "Atoll Daily"}))
    )
    assert other_outlet.id != first.id


@pytest.mark.parametrize(
    ("name", "content", "reason", "line"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", None),
        ("latin1.txt", "Line one\nCaf\xe9 au lait\n".encode("latin-1"), "invalid UTF-8", 2),
        ("empty.txt", b"   \n", "empty", None),
        ("bad.json", b'{"text": "x",\n "id": }', "malformed JSON", 2),
        ("bad.txt.gz", b"this is not gzip", "gzip", None),
        ("bad.xml", b"<rss><channel><title>x</title>", "feed", None),
        (
            "blank.html",
            b"<html><head><title>x</title></head><body> </body></html>",
            "no article text",
            None,
        ),
        ("boiler.txt", b"Subscribe to our newsletter\n\nShare this article\n", "boilerplate", None),
    ],
)
def test_ingest_bad_input_is_reported_with_reason_and_line(
    tmp_path: Path, name: str, content: bytes, reason: str, line: int | None
) -> None:
    path = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", STORY)
    items = list(read_articles([str(path), str(good)]))
    assert isinstance(items[0], Failure)
    assert items[0].path == str(path)
    assert reason in items[0].reason
    assert items[0].line == line
    assert isinstance(items[1], Article), "the rest of the batch goes on"


def test_ingest_documents_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.txt", STORY * 50)
    items = list(read_articles([str(path)], max_bytes=1000))
    assert isinstance(items[0], Failure) and "limit" in items[0].reason


def test_ingest_missing_path_is_a_failure(tmp_path: Path) -> None:
    assert "no such file" in failures(tmp_path / "missing.txt")[0].reason
