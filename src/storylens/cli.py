"""The ``storylens`` command line: argument checking and output, over importable functions."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from storylens import render
from storylens.errors import NotFoundError, StorylensError
from storylens.settings import SETTINGS_HELP, env_name, load_settings

app = typer.Typer(
    name="storylens",
    help="Turn a pile of news articles from many outlets into cited, cross-checked stories.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
_state = {"debug": False}

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help=SETTINGS_HELP["db"], envvar=env_name("db"), show_default="storylens.db"
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
JsonlFlag = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
SourceOption = Annotated[str | None, typer.Option("--source", help="Only this outlet.")]
SinceOption = Annotated[
    datetime | None, typer.Option("--since", help="Published on or after (ISO date or time).")
]
UntilOption = Annotated[
    datetime | None, typer.Option("--until", help="Published on or before (ISO date or time).")
]
LimitOption = Annotated[int | None, typer.Option("--limit", help="Show at most this many.")]


def _fmt(as_json: bool, as_jsonl: bool) -> str:
    if as_json and as_jsonl:
        raise typer.BadParameter("give --json or --jsonl, not both")
    return "json" if as_json else "jsonl" if as_jsonl else "table"


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from storylens.store import Store

    return Store(load_settings(db=db).db, create=False)


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """storylens: news articles in, cross-checked stories out."""
    _state["debug"] = debug


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=SETTINGS_HELP["jobs"])] = None,
    model: Annotated[str | None, typer.Option("--model", help=SETTINGS_HELP["model"])] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Read, analyse and store articles. Ingesting the same content twice stores it once."""
    from storylens.commands import run_ingest

    settings = load_settings(db=db, jobs=jobs, model=model)
    ok = run_ingest(paths, settings, quiet=quiet, as_json=as_json)
    raise typer.Exit(0 if ok else 1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """Print article records (metadata, text, cleaned body) without a store."""
    from storylens.commands import run_extract

    ok = run_extract(paths, _fmt(as_json, as_jsonl))
    raise typer.Exit(0 if ok else 1)


def _statements_command(what: str, summary: str) -> None:
    """Register ``storylens quotes`` or ``storylens facts``: same options, other statements."""

    def command(
        paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
        jobs: Annotated[
            int | None, typer.Option("--jobs", "-j", help=SETTINGS_HELP["jobs"])
        ] = None,
        as_json: JsonFlag = False,
        as_jsonl: JsonlFlag = False,
    ) -> None:
        from storylens.commands import run_statements

        ok = run_statements(paths, what, load_settings(jobs=jobs), _fmt(as_json, as_jsonl))
        raise typer.Exit(0 if ok else 1)

    command.__doc__ = summary
    app.command(name=what)(command)


_statements_command("quotes", "Print who said what in each document: quotes with speakers.")
_statements_command("facts", "Print the numbers and dates of each document, normalised.")


@app.command()
def articles(
    db: DbOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """List stored articles, newest first."""
    rows = _store(db).list_articles(source=source, since=since, until=until, limit=limit)
    render.print_records(rows, ("id", "published", "outlet", "title"), fmt=_fmt(as_json, as_jsonl))


@app.command()
def show(
    ref: Annotated[
        str, typer.Argument(help="Article id, id prefix or external id; or a story id (s-...).")
    ],
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show one article (metadata, highlighted body, entities, quotes) or one story."""
    from storylens.commands import article_json

    store = _store(db)
    if store.resolve_story(ref):
        from storylens.story_commands import run_show_story

        run_show_story(store, ref, as_json=as_json)
        return
    try:
        article, analysis = store.get(ref)
    except NotFoundError:
        if ref.startswith("s-"):
            raise NotFoundError(
                f"no story or article {ref!r}: `storylens stories` lists the stories"
            ) from None
        raise
    if as_json:
        render.print_json(article_json(article, analysis))
    else:
        render.print_article(article, analysis)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words or "a phrase"; AND, OR, NOT; prefix*.')],
    db: DbOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only articles mentioning this entity.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many.")] = 20,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """Full-text search over titles and bodies, best matches first."""
    rows = _store(db).search(
        query, source=source, since=since, until=until, entity=entity, limit=limit
    )
    render.print_records(rows, ("id", "outlet", "title", "snippet"), fmt=_fmt(as_json, as_jsonl))


@app.command()
def entities(
    db: DbOption = None,
    label: Annotated[
        str | None, typer.Option("--label", help="Only this type (PERSON, ORG, GPE, ...).")
    ] = None,
    limit: LimitOption = None,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """Canonical entities with their mention counts and articles."""
    rows = _store(db).entities(label=label, limit=limit)
    render.print_records(
        rows, ("name", "label", "mentions", "articles", "article_ids"), fmt=_fmt(as_json, as_jsonl)
    )


@app.command()
def stories(
    db: DbOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Forget the stories and place every article again.")
    ] = False,
    limit: LimitOption = None,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """List stories, latest first (--jsonl: each article's story and topic)."""
    from storylens.story_commands import run_stories

    run_stories(_store(db), fmt=_fmt(as_json, as_jsonl), rebuild=rebuild, limit=limit)


@app.command()
def compare(
    story: Annotated[str, typer.Argument(help="Story id (s-...) or a prefix of one.")],
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Corroborated, single-source and conflicting facts of a story, and quotes that drift."""
    from storylens.story_commands import run_compare

    run_compare(_store(db), story, as_json=as_json)


WordsOption = Annotated[int, typer.Option("--words", help="Length budget of the summary.")]
AbstractiveFlag = Annotated[
    bool,
    typer.Option(
        "--abstractive",
        help="Ask the configured LLM endpoint (STORYLENS_LLM_URL) to write the summary; its "
        "sentences are checked against the story and cited, or dropped.",
    ),
]


@app.command()
def brief(
    story: Annotated[str, typer.Argument(help="Story id (s-...) or a prefix of one.")],
    db: DbOption = None,
    words: WordsOption = 60,
    abstractive: AbstractiveFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """A story's cited brief: summary, key facts, quotes and timeline."""
    from storylens.story_commands import run_brief

    fmt = "json" if as_json else "table"
    settings = load_settings(db=db)
    run_brief(settings, story, fmt=fmt, words=words, abstractive=abstractive, output=None)


@app.command()
def export(
    story: Annotated[str, typer.Argument(help="Story id (s-...) or a prefix of one.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md, json or html (a standalone page).")
    ] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    db: DbOption = None,
    words: WordsOption = 60,
    abstractive: AbstractiveFlag = False,
) -> None:
    """Export a story's brief as Markdown, JSON or a standalone HTML report."""
    from storylens.story_commands import run_brief

    if fmt not in ("md", "json", "html"):
        raise typer.BadParameter("--format must be md, json or html")
    settings = load_settings(db=db)
    run_brief(settings, story, fmt=fmt, words=words, abstractive=abstractive, output=output)


@app.command()
def summarize(
    paths: Annotated[list[str], typer.Argument(help="GROUPS.jsonl files, or - for stdin.")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=SETTINGS_HELP["jobs"])] = None,
    words: WordsOption = 60,
    abstractive: AbstractiveFlag = False,
    compress: Annotated[
        bool,
        typer.Option(
            "--compress",
            help="Let a sentence too long for the words left go in without its asides "
            "(parentheses, appositives, non-restrictive clauses, openers, the adjuncts of "
            '"said"), as the NeuS benchmark does; for tight budgets.',
        ),
    ] = False,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """Summarise groups of articles, each sentence citing the articles that support it."""
    from storylens.story_commands import run_summarize

    settings = load_settings(jobs=jobs)
    fmt = _fmt(as_json, as_jsonl)
    ok = run_summarize(
        paths, settings, fmt=fmt, words=words, abstractive=abstractive, compress=compress
    )
    raise typer.Exit(0 if ok else 1)


@app.command()
def cluster(
    paths: Annotated[list[str], typer.Argument(help="Files (e.g. ARTICLES.jsonl), folders, -.")],
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=SETTINGS_HELP["jobs"])] = None,
    as_json: JsonFlag = False,
    as_jsonl: JsonlFlag = False,
) -> None:
    """Print each article's story and related-stories topic, without a store."""
    from storylens.story_commands import run_cluster

    ok = run_cluster(paths, load_settings(jobs=jobs), fmt=_fmt(as_json, as_jsonl))
    raise typer.Exit(0 if ok else 1)


@app.command()
def failures(db: DbOption = None, as_json: JsonFlag = False, as_jsonl: JsonlFlag = False) -> None:
    """Documents that could not be ingested, with file, line and reason."""
    rows = _store(db).failures()
    render.print_records(rows, ("path", "line", "reason", "failed_at"), fmt=_fmt(as_json, as_jsonl))


@app.command()
def overview(db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Articles per outlet and the most mentioned canonical entities."""
    from storylens.commands import run_overview

    run_overview(_store(db), as_json=as_json)


@app.command()
def demo(
    db: DbOption = None,
    corpus: Annotated[Path, typer.Option("--corpus", help="The sample corpus folder.")] = Path(
        "examples/corpus"
    ),
) -> None:
    """Ingest the bundled sample corpus and print an overview."""
    from storylens.commands import run_demo

    raise typer.Exit(0 if run_demo(corpus, load_settings(db=db)) else 1)


def main() -> None:
    """Entry point: one-line errors for users, tracebacks only with --debug."""
    try:
        app()
    except StorylensError as error:
        if _state["debug"]:
            raise
        render.stderr.print(render.labelled("error", "red", error), highlight=False)
        sys.exit(1)
