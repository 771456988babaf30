"""The `claimwire` command: the embedded pipeline, search, and batch extraction."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from schemas import AttributionType, ClaimEvent, ClaimKind, RawArticle
from services.shared.config import Settings
from services.shared.logging import configure_logging

if TYPE_CHECKING:
    from services.ingest.publisher import ArticlePublisher
    from services.ingest.readers import InputDocument
    from services.shared.kafka_security import ConnectionFailure, ConnectionFailureRecorder
    from services.store.documents import ClaimIndex

# Exit codes for what went wrong outside claimwire (README: "What an operator sees", "Kafka: TLS and SASL").
EXIT_BAD_CONFIG = 2  # bad input or configuration: an old index, CLAIMWIRE_INDEX or KAFKA_SECURITY_* of no known form
EXIT_UNREACHABLE = 3  # the Kafka broker or the OpenSearch cluster cannot be reached, or fails
EXIT_KAFKA_AUTH_FAILED = 4  # the broker refused the SASL credentials (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD)
EXIT_KAFKA_TLS_FAILED = 5  # TLS with the broker failed: its certificate is not trusted (KAFKA_SSL_CAFILE), or ours

app = typer.Typer(
    name="claimwire",
    help="News articles in, attributed claims out: who said what, with numbers, hedges and dates.",
    epilog=f"Exit codes: {EXIT_BAD_CONFIG} bad input or configuration; {EXIT_UNREACHABLE} Kafka or OpenSearch "
           f"unreachable or failing; {EXIT_KAFKA_AUTH_FAILED} Kafka refused the SASL credentials; "
           f"{EXIT_KAFKA_TLS_FAILED} TLS with Kafka failed (e.g. the broker's certificate is not trusted).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console()
err_console = Console(stderr=True)


def _flags_take_no_value() -> None:
    """typer 0.29 prints a flag's type (`--json <bool>`), as if it took a value; a flag takes none."""
    from typer.core import TyperOption

    shown_type = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx):
        return None if self.is_flag else shown_type(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_take_no_value()
MAX_REASONS_SHOWN = 10

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", "-d",
        help="Where the index and dead letters live. \\[env: CLAIMWIRE_DATA_DIR; default: ./claimwire-data]",
    ),
]
OutletOption = Annotated[
    str | None,
    typer.Option(help="The outlet of articles that name none themselves (a plain text file carries no metadata); "
                      "an article's own outlet field wins."),
]


def _settings(data_dir: Path | None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings = Settings(data_dir=data_dir)
    return settings


def _open_index(settings: Settings) -> ClaimIndex:
    from claimwire import bootstrap

    with _index_errors():
        return bootstrap.claim_index(settings)


@contextmanager
def _index_errors() -> Iterator[None]:
    """An index written by another version, or a CLAIMWIRE_INDEX of no known form: one clear line and
    exit 2; an OpenSearch cluster that cannot be reached or fails: one line and exit 3. Never a traceback."""
    from opensearchpy.exceptions import ConnectionError as OpenSearchUnreachable
    from opensearchpy.exceptions import TransportError

    from services.shared.config import IndexUrlError
    from services.store.tantivy_index import IndexSchemaMismatch

    # opensearch-py logs a traceback for every retry; at the terminal the one line below says it all
    logging.getLogger("opensearch").setLevel(logging.CRITICAL)
    try:
        yield
    except (IndexSchemaMismatch, IndexUrlError) as error:  # an old index; a CLAIMWIRE_INDEX of no known form
        err_console.print(f"[red]{escape(str(error))}[/red]")  # the message shows '[/ALIAS]', not markup
        raise typer.Exit(2) from error
    except (OpenSearchUnreachable, TransportError) as error:  # like an unreachable broker: exit 3
        err_console.print(f"[red]OpenSearch failed: {escape(type(error).__name__)}. Is CLAIMWIRE_INDEX right and "
                          "the cluster up?[/red]")
        raise typer.Exit(EXIT_UNREACHABLE) from None


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: .txt .html .json .jsonl .xml (RSS/Atom).")],
    data_dir: DataDirOption = None,
    show: Annotated[int, typer.Option(help="How many extracted claims to print after the run.")] = 15,
    outlet: OutletOption = None,
) -> None:
    """Ingest, extract and index articles in-process (no Kafka, no server), then print a summary."""
    from claimwire import bootstrap

    settings = _settings(data_dir)
    # dead letters and skipped files are named once, in the summary below, not also as log lines
    configure_logging("ERROR", "console")
    files = _inputs_or_exit(paths)
    index = _open_index(settings)
    this_run: list[ClaimEvent] = []  # the first claims of this run, for --show (not the index's)
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(bar_width=20), MofNCompleteColumn(), TimeElapsedColumn(),
        # the current file's line is cut with "…", so the bar keeps its width at 80 columns
        TextColumn("{task.fields[current]}", table_column=Column(no_wrap=True, overflow="ellipsis")),
        console=err_console,
    ) as progress:
        task = progress.add_task("ingest → extract → index", total=len(files), current="loading NLP model…")
        current_file = ""

        def on_article(_article, claims):
            this_run.extend(claims[: max(0, show - len(this_run))])
            summary = pipeline.summary
            progress.update(task, current=f"{current_file} · {summary.articles} articles · {summary.claims} claims")

        pipeline = bootstrap.embedded_pipeline(settings, index, on_article=on_article, outlet=outlet)
        for path in files:
            current_file = path.name
            progress.update(task, current=current_file)
            pipeline.process_path(path)
            progress.advance(task)
        pipeline.flush()
        summary = pipeline.summary
        progress.update(task, current=f"{summary.articles} articles · {summary.claims} claims")
    index.close()
    if show and this_run:
        _print_claims(this_run, title=f"First {len(this_run)} claims of this run")
    table = Table(title="Run summary", show_header=False)
    table.add_row("files", str(summary.files))
    table.add_row("articles indexed", str(summary.articles))
    table.add_row("duplicates skipped", str(summary.duplicates))
    table.add_row("claims", str(summary.claims))
    for kind, count in sorted(summary.claims_by_kind.items()):
        table.add_row(f"  {kind}", str(count))
    table.add_row("top speakers", ", ".join(f"{name} ({n})" for name, n in summary.speakers.most_common(6)) or "-")
    dead_letters = f"{summary.dead_letters} → {settings.dead_letter_file}" if summary.dead_letters else "0"
    table.add_row("dead letters", dead_letters)
    target = settings.index_target
    table.add_row("index", target.location if target.engine == "tantivy" else f"OpenSearch {target.location}")
    console.print(table)
    _name_dead_letters(summary.dead_letter_reasons, summary.dead_letters, str(settings.dead_letter_file))
    if not summary.articles and not summary.duplicates:
        err_console.print(f"[red]Nothing was indexed: no input held a readable article "
                          f"({summary.dead_letters} dead letters).[/red]")
        raise typer.Exit(1)


def _inputs_or_exit(paths: list[Path]) -> list[Path]:
    """The input files of `run` and `extract` alike: a missing path is exit 2, no supported file exit 1,
    and each file a directory holds of an unsupported type is named once."""
    from claimwire.pipeline import input_files
    from services.ingest.readers import SUPPORTED_SUFFIXES, skipped_input_paths

    supported = " ".join(sorted(SUPPORTED_SUFFIXES))

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"[red]No such file or directory: {escape(', '.join(missing))}[/red]")
        raise typer.Exit(2)
    for skipped in skipped_input_paths(paths):
        err_console.print(f"[yellow]skipped[/yellow] {escape(str(skipped))}: not a supported type ({supported})")
    files = input_files(paths)
    if not files:
        err_console.print(f"[red]No supported input files found ({supported}).[/red]")
        raise typer.Exit(1)
    return files


def _name_dead_letters(reasons: list[str], count: int, where: str) -> None:
    for reason in reasons[:MAX_REASONS_SHOWN]:
        err_console.print(f"[yellow]dead letter[/yellow] {escape(reason)}")
    if count > MAX_REASONS_SHOWN:
        err_console.print(f"[yellow]… and {count - MAX_REASONS_SHOWN} more dead letters in {escape(where)}[/yellow]")


class SortOrder(StrEnum):
    relevance = "relevance"
    date = "date"


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help="Free text over claim text, quote, sentence, speaker and entities.")
    ] = "",
    speaker: Annotated[str | None, typer.Option(help="Only claims whose speaker name has these words.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only claims from this outlet.")] = None,
    kind: Annotated[ClaimKind | None, typer.Option(help="Only this kind of claim.")] = None,
    attribution_type: Annotated[AttributionType | None, typer.Option(
        "--type", help="Only claims held this way: speech, belief, evidence or speech_act.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only claims naming this entity (its canonical name).")] = None,
    hedged: Annotated[bool | None, typer.Option(
        "--hedged/--not-hedged", help="Only hedged claims, or only unhedged ones.", show_default=False)] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or after.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or before.")] = None,
    event_since: Annotated[datetime | None, typer.Option(
        formats=["%Y-%m-%d"], help="Event date on or after.")] = None,
    event_until: Annotated[datetime | None, typer.Option(
        formats=["%Y-%m-%d"], help="Event date on or before.")] = None,
    sort: Annotated[SortOrder, typer.Option(help="Best match first, or newest published first.")] = SortOrder.relevance,
    cursor: Annotated[str | None, typer.Option(help="The next page: the cursor the previous page printed.")] = None,
    facets: Annotated[bool, typer.Option("--facets", help="Also count the matches by speaker, outlet, kind and "
                                                          "entity.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One claim event per line instead of a table.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Search indexed claims: by text, speaker, outlet, kind, attribution type, entity, hedging, publication
    and event date; sorted by relevance or date; a page at a time (the next page's cursor goes to stderr)."""
    from services.store.documents import BadCursor, SearchQuery

    settings = _settings(data_dir)
    configure_logging("WARNING", "console")
    with _index_errors():
        engine = settings.index_target.engine
    if engine == "tantivy" and not settings.index_dir.exists():
        err_console.print(f"[red]No index at {settings.index_dir}: run `claimwire run PATH` first.[/red]")
        raise typer.Exit(2)
    request = SearchQuery(
        text=query, speaker=speaker, outlet=outlet, kind=kind, attribution_type=attribution_type, entity=entity,
        hedged=hedged, limit=limit, published_from=_day(since), published_to=_day(until),
        event_from=_day(event_since), event_to=_day(event_until), sort=sort.value, cursor=cursor, facets=facets,
    )
    try:
        with _index_errors():
            page = _open_index(settings).page(request)
    except BadCursor as error:
        err_console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from error
    if as_json:
        for hit in page.hits:
            sys.stdout.write(hit.claim.model_dump_json() + "\n")
        if facets:
            sys.stderr.write(json.dumps({name: [f.model_dump() for f in values]
                                         for name, values in page.facets.items()}) + "\n")
    elif not page.hits:
        console.print("No claims match.")
    else:
        _print_claims([hit.claim for hit in page.hits], title=f"{len(page.hits)} claims for {query!r}")
        if facets:
            _print_facets(page.facets)
    if page.next_cursor:
        err_console.print(f"more: --cursor {page.next_cursor}", highlight=False, soft_wrap=True)


def _print_facets(facets: dict) -> None:
    for name, values in facets.items():
        if not values:
            continue
        table = Table(title=f"by {name}", show_header=False)
        for facet in values:
            table.add_row(facet.value, str(facet.count))
        console.print(table)


@app.command()
def extract(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files; none or '-' reads JSONL from stdin.")
    ] = None,
    link_names: Annotated[
        bool,
        typer.Option(help="Make names canonical across the input's articles (a corpus of one story), "
                          "not only within each article."),
    ] = False,
) -> None:
    """Batch extraction: articles in, claim events out as JSONL on stdout.

    Stdin takes one JSON object per line: {"id": ..., "text": ..., "title"?, "url"?, "outlet"?, "published"?}.
    Lines that cannot be read are reported on stderr as dead-letter records; the rest go on.
    Each record is its own article: a bare "Smith" in one is never completed from another record's
    "John Smith" unless --link-names asks for it.
    """
    from claimwire import bootstrap
    from services.extract.extractor import extract_many
    from services.extract.registry import EntityRegistry
    from services.ingest.intake import Rejected, intake, read_documents
    from services.shared.deadletters import dead_letter_for

    settings = Settings()
    configure_logging(settings.log_level, "json")
    limits = bootstrap.extraction_limits(settings)
    from_stdin = not paths or [str(p) for p in paths] == ["-"]
    files = [] if from_stdin else _inputs_or_exit(paths or [])
    failures = 0
    extracted = 0

    def dead_letter(rejected: Rejected) -> None:
        nonlocal failures
        failures += 1
        _report_dead_letter(dead_letter_for(service="extract-cli", stage=rejected.stage, error=rejected.error,
                                            original=rejected.content, source_uri=rejected.source_uri))

    def articles() -> Iterator[RawArticle]:
        documents = stdin_documents() if from_stdin else read_documents(files)
        for document in documents:
            if isinstance(document, Rejected):
                dead_letter(document)
                continue
            # no dedup: each record is its own article, and the output is one claim list per record
            for outcome in intake(document, max_article_chars=settings.max_article_chars):
                if isinstance(outcome, Rejected):
                    dead_letter(outcome)
                else:
                    yield outcome.article

    registry = EntityRegistry() if link_names else None  # in memory only, for this invocation
    # Streamed: articles are read, extracted in small batches and written as they come, so a
    # large JSONL stream never sits in memory whole.
    for claims in extract_many(articles(), registry, limits=limits):
        extracted += 1
        sys.stdout.write("".join(claim.model_dump_json() + "\n" for claim in claims))
        sys.stdout.flush()
    if failures:
        err_console.print(f"[yellow]{failures} input(s) could not be read: dead-letter records above.[/yellow]")
    if not extracted:
        err_console.print("[red]Nothing was extracted: no input held a readable article.[/red]")
        raise typer.Exit(1)


def stdin_documents() -> Iterator[InputDocument]:
    """JSONL on stdin is one document per line (a bad line costs only itself); anything else
    (a plain-text or HTML article piped in) is one document. Both have the file size limit (a
    document, a line), enforced while reading: an oversized input is refused without being held."""
    from services.ingest.readers import read_stream_documents

    yield from read_stream_documents(sys.stdin.buffer)

serve_app = typer.Typer(help="Run one claimwire service against Kafka (KAFKA_BOOTSTRAP_SERVERS).", no_args_is_help=True)
dlq_app = typer.Typer(help="Inspect and replay the dead-letter topic.", no_args_is_help=True)
app.add_typer(serve_app, name="serve")
app.add_typer(dlq_app, name="dlq")


def _check_fetch_allow(settings: Settings) -> None:
    """A bad CLAIMWIRE_FETCH_ALLOW is one clear line and exit 2 before anything starts (not a traceback
    once the broker is connected and the feed poller is built)."""
    from services.shared.config import FetchAllowError

    try:
        settings.fetch_allow_networks  # noqa: B018 (parsing is the check)
    except FetchAllowError as error:
        err_console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from error


@serve_app.command("ingest")
def serve_ingest(
    feeds: Annotated[list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL to poll (repeatable).")] = None,
    poll_interval: Annotated[float, typer.Option(help="Seconds between feed polls.")] = 300.0,
    port: Annotated[int | None, typer.Option(help="HTTP port for POST /articles. \\[env: CLAIMWIRE_HTTP_PORT]")] = None,
) -> None:
    """HTTP `POST /articles` (single, batch, JSONL, text, HTML) and RSS/Atom polling, publishing raw articles."""
    from claimwire import bootstrap

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    _check_fetch_allow(settings)
    with _kafka_errors(settings, quiet=False):
        bootstrap.serve_ingest(settings, port=port or settings.http_port, feed_urls=feeds or [],
                               poll_interval=poll_interval)


@serve_app.command("extract", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def serve_extract(ctx: typer.Context) -> None:
    """The faust-streaming worker: raw articles in, claim events out. Extra args go to Faust (e.g. `-l info`)."""
    from claimwire import bootstrap
    from services.extract.service import run

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    sys.argv = ["claimwire-extract", "worker", *(ctx.args or ["-l", "warn"])]
    with _kafka_errors(settings, quiet=False):
        run(bootstrap.extract_worker(settings))


@serve_app.command("store")
def serve_store(
    port: Annotated[int, typer.Option(help="HTTP port for /search, /healthz, /readyz, /metrics.")] = 8081,
    data_dir: DataDirOption = None,
) -> None:
    """Consume claim events into the index (offsets committed after durable writes) and serve search."""
    from claimwire import bootstrap

    settings = _settings(data_dir)
    configure_logging(settings.log_level, settings.log_format)
    with _index_errors(), _kafka_errors(settings, quiet=False):
        bootstrap.serve_store(settings, port)


@app.command()
def publish(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories; none or '-' reads stdin.")] = None,
    content_type: Annotated[str | None, typer.Option(help="Content type of stdin (default: JSONL).")] = None,
    outlet: OutletOption = None,
) -> None:
    """Ingest service, one shot: clean, dedup and publish articles to Kafka (acks=all, idempotent)."""
    from claimwire import bootstrap
    from services.shared.kafka import ensure_topics

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    with _kafka_errors(settings):
        ensure_topics(settings)
        publisher = bootstrap.article_publisher(settings)
        totals = _publish_all(publisher, paths, content_type, outlet)
    console.print(f"published {totals['published']}, duplicates {totals['duplicates']}, "
                  f"dead-lettered {totals['rejected']}")


def _publish_all(publisher: ArticlePublisher, paths: list[Path] | None, content_type: str | None,
                 outlet: str | None = None) -> dict[str, int]:
    from services.ingest.intake import Rejected, read_documents
    from services.ingest.readers import iter_input_paths, read_stream_documents

    totals = {"published": 0, "duplicates": 0, "rejected": 0}
    try:
        if not paths or [str(p) for p in paths] == ["-"]:
            # JSONL (the default) one document per line, else one document; the file size limit
            # applies to each, enforced while reading (see read_stream_documents)
            documents: Iterator[InputDocument | Rejected] = read_stream_documents(
                sys.stdin.buffer, content_type=content_type or "application/x-ndjson")
        else:
            documents = read_documents(iter_input_paths(paths))
        for document in documents:
            if isinstance(document, Rejected):  # a file that cannot be read is a dead letter, not the end
                publisher.dead_letters.publish(stage=document.stage, error=document.error, original=b"",
                                               source_uri=document.source_uri)
                totals["rejected"] += 1
                continue
            result = publisher.publish(replace(document, outlet=outlet) if outlet else document)
            for name in totals:
                totals[name] += len(getattr(result, name))
    finally:
        publisher.close()
    return totals


@dlq_app.command("replay")
def dlq_replay(
    service: Annotated[str | None, typer.Option(help="Only letters from this service.")] = None,
    stage: Annotated[str | None, typer.Option(help="Only letters from this stage (validate, extract, ...).")] = None,
    dry_run: Annotated[bool, typer.Option(help="List what would be replayed, send nothing, commit nothing.")] = False,
) -> None:
    """Re-publish dead letters to where they failed, after a fix. Each letter is replayed once."""
    from claimwire.dlq import replay_dead_letters_supervised
    from services.shared.supervision import GaveUp

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    with _kafka_errors(settings, quiet=False) as recorder:
        try:
            report = replay_dead_letters_supervised(settings, service=service, stage=stage, dry_run=dry_run)
        except GaveUp as error:
            _exit_for_kafka_failure(settings, recorder.last, f"{error}. Is KAFKA_BOOTSTRAP_SERVERS right and the "
                                                             "broker up?")
    verb = "would replay" if dry_run else "replayed"
    console.print(f"{verb} {len(report.replayed)}, skipped {report.skipped}, unreadable {report.unreadable}")


@dlq_app.command("list")
def dlq_list(
    kafka: Annotated[
        bool, typer.Option("--kafka", help="Read the dead-letter topic instead of the embedded file.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    data_dir: DataDirOption = None,
) -> None:
    """Show dead letters: the embedded run's file, or the Kafka topic (read-only, commits nothing)."""
    from services.shared.deadletters import read_jsonl_dead_letters

    settings = _settings(data_dir)
    configure_logging("WARNING", "console")
    if kafka:
        from claimwire.dlq import peek_dead_letters

        with _kafka_errors(settings) as recorder:
            letters = peek_dead_letters(settings, limit=limit)
            if recorder.last is not None:  # the consumer read nothing and raised nothing: say why, not "0 letters"
                _exit_for_kafka_failure(settings, recorder.last, "")
    else:
        letters = read_jsonl_dead_letters(settings.dead_letter_file)[-limit:]
    table = Table(title=f"{len(letters)} dead letters", expand=True)
    for column in ("when", "service", "stage", "source", "error"):
        table.add_column(column, ratio=3 if column == "error" else 1)
    for letter in letters:
        source = letter.source_uri or f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}"
        table.add_row(letter.occurred_at.strftime("%Y-%m-%d %H:%M:%S"), letter.service, letter.stage, source,
                      letter.error)
    console.print(table)


@app.command()
def topics() -> None:
    """Create claimwire's versioned topics if absent (partitions and retention from the environment)."""
    from schemas.topics import ALL_TOPICS
    from services.shared.kafka import ensure_topics

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    with _kafka_errors(settings):
        ensure_topics(settings)
    for topic in ALL_TOPICS:
        console.print(f"{topic.name}  ({topic.model.__name__}, keyed by {topic.key})")


@contextmanager
def _kafka_errors(settings: Settings, *, quiet: bool = True) -> Iterator[ConnectionFailureRecorder]:
    """Turn a broker failure into one clear line and an exit code, not a traceback: refused SASL credentials
    exit 4, a failed TLS handshake 5, anything else (unreachable, failing) 3, bad KAFKA_* settings 2.

    ``quiet`` keeps kafka-python's own connection warnings off stderr (a one-shot command's last line
    says what failed); the long-running services keep them in their logs."""
    from kafka.errors import KafkaError

    from services.shared.config import KafkaSecurityError
    from services.shared.kafka_security import recording_connection_failures

    with recording_connection_failures(quiet=quiet) as recorder:
        try:
            yield recorder
        except KafkaSecurityError as error:
            err_console.print(f"[red]{escape(str(error))}[/red]", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_BAD_CONFIG) from None
        except KafkaError as error:
            _exit_for_kafka_failure(settings, recorder.last, f"{error}. Is KAFKA_BOOTSTRAP_SERVERS right and the "
                                                             "broker up?")


def _exit_for_kafka_failure(settings: Settings, cause: ConnectionFailure | None, otherwise: str) -> NoReturn:
    """One line naming what failed (the cause kafka-python logged, when it was credentials or TLS), and its code."""
    from services.shared.kafka_security import AUTH_FAILED, TLS_FAILED

    where = f"Kafka at {settings.kafka_bootstrap_servers}"
    security = settings.kafka_security
    if cause is not None and cause.kind == AUTH_FAILED:
        message = (f"{where} refused the SASL credentials of user {security.sasl_username or '(from file)'!r} "
                   f"({cause.reason}). Check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM.")
        code = EXIT_KAFKA_AUTH_FAILED
    elif cause is not None and cause.kind == TLS_FAILED:
        message = (f"TLS with {where} failed ({cause.reason}). Does KAFKA_SSL_CAFILE hold the CA that signed the "
                   "broker's certificate, and is the client certificate one the broker trusts?")
        code = EXIT_KAFKA_TLS_FAILED
    else:
        message, code = f"{where} failed: {otherwise}", EXIT_UNREACHABLE
    err_console.print(f"[red]{escape(message)}[/red]", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _report_dead_letter(letter) -> None:
    sys.stderr.write(letter.model_dump_json() + "\n")


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def _print_claims(claims: list[ClaimEvent], title: str) -> None:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker")
    table.add_column("claim", ratio=3)
    table.add_column("outlet / evidence", ratio=2)
    for claim in claims:
        speaker = claim.speaker.canonical if claim.speaker else "[dim](outlet)[/dim]"
        if claim.via:
            speaker += f"\n[dim]via {claim.via}[/dim]"
        text = claim.text
        extras = [q.surface for q in claim.quantities]
        if claim.hedged:
            extras.append("hedged: " + ", ".join(claim.hedges))
        if claim.event_date:
            extras.append(f"date: {claim.event_date.raw} → {claim.event_date.resolved or '?'}")
        if extras:
            text += "\n[dim]" + " · ".join(extras) + "[/dim]"
        evidence = claim.evidence.sentence
        evidence = evidence if len(evidence) < 160 else evidence[:157] + "…"
        table.add_row(claim.kind.value, speaker, text, f"[bold]{claim.outlet or '-'}[/bold]\n{evidence}")
    console.print(table)


def main() -> None:
    """The `claimwire` command. A setting that cannot be read (a word where a number goes, a secret file
    that is missing) is one line naming the variable and exit 2, whichever command read it, never a traceback."""
    from services.shared.config import SettingError
    from services.shared.secrets import SecretFileError

    try:
        app()
    except (SettingError, SecretFileError) as error:
        err_console.print(f"[red]{escape(str(error))}[/red]", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_BAD_CONFIG) from None


if __name__ == "__main__":
    main()
