"""The `claimwire` command: the embedded pipeline, search, and batch extraction."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimwire.config import Settings
from claimwire.logging import configure_logging
from schemas import ClaimEvent, ClaimKind

app = typer.Typer(
    name="claimwire",
    help="News articles in, attributed claims out: who said what, with numbers, hedges and dates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console()
err_console = Console(stderr=True)

DataDirOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data-dir", "-d", help="Where the index and dead letters live. [env: CLAIMWIRE_DATA_DIR; default: ./claimwire-data]"
    ),
]


def _settings(data_dir: Path | None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings = Settings(data_dir=data_dir)
    return settings


def _open_index(settings: Settings):  # type: ignore[no-untyped-def]
    from services.store.tantivy_index import TantivyClaimIndex

    return TantivyClaimIndex(settings.index_dir)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: .txt .html .json .jsonl .xml (RSS/Atom).")],
    data_dir: DataDirOption = None,
    show: Annotated[int, typer.Option(help="How many extracted claims to print after the run.")] = 15,
) -> None:
    """Ingest, extract and index articles in-process (no Kafka, no server), then print a summary."""
    from claimwire.deadletters import JsonlDeadLetterSink
    from claimwire.pipeline import EmbeddedPipeline, input_files

    settings = _settings(data_dir)
    configure_logging("WARNING", "console")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"[red]No such file or directory: {', '.join(missing)}[/red]")
        raise typer.Exit(2)
    files = input_files(paths)
    if not files:
        err_console.print("[yellow]No supported input files found (.txt .html .json .jsonl .xml .rss .atom).[/yellow]")
        raise typer.Exit(1)
    index = _open_index(settings)
    pipeline = EmbeddedPipeline(index, JsonlDeadLetterSink(settings.dead_letter_file))
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"), console=err_console,
    ) as progress:
        task = progress.add_task("ingest → extract → index", total=len(files), current="loading NLP model…")
        for path in files:
            progress.update(task, current=path.name)
            pipeline.process_path(path)
            progress.advance(task)
        pipeline.flush()
    summary = pipeline.summary
    index.close()
    if show:
        from services.store.documents import SearchQuery

        shown = [hit.claim for hit in _open_index(settings).search(SearchQuery(limit=show))]
        _print_claims(shown, title=f"First {len(shown)} claims in the index")
    table = Table(title="Run summary", show_header=False)
    table.add_row("files", str(summary.files))
    table.add_row("articles indexed", str(summary.articles))
    table.add_row("duplicates skipped", str(summary.duplicates))
    table.add_row("claims", str(summary.claims))
    for kind, count in sorted(summary.claims_by_kind.items()):
        table.add_row(f"  {kind}", str(count))
    table.add_row("top speakers", ", ".join(f"{name} ({n})" for name, n in summary.speakers.most_common(6)) or "-")
    table.add_row("dead letters", f"{summary.dead_letters} → {settings.dead_letter_file}" if summary.dead_letters else "0")
    table.add_row("index", str(settings.index_dir))
    console.print(table)
    for reason in summary.dead_letter_reasons[:10]:
        err_console.print(f"[yellow]dead letter[/yellow] {reason}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Free text; Tantivy query syntax works (\"exact phrase\", AND, OR).")] = "",
    speaker: Annotated[Optional[str], typer.Option(help="Only claims whose speaker name has these words.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only claims from this outlet.")] = None,
    kind: Annotated[Optional[ClaimKind], typer.Option(help="Only this kind of claim.")] = None,
    since: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Published on or after.")] = None,
    until: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Published on or before.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One claim event per line instead of a table.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Search indexed claims by text, speaker, outlet, kind and publication date."""
    from services.store.documents import SearchQuery

    settings = _settings(data_dir)
    configure_logging("WARNING", "console")
    if not settings.index_dir.exists():
        err_console.print(f"[red]No index at {settings.index_dir}: run `claimwire run PATH` first.[/red]")
        raise typer.Exit(2)
    hits = _open_index(settings).search(
        SearchQuery(
            text=query, speaker=speaker, outlet=outlet, kind=kind, limit=limit,
            published_from=_day(since), published_to=_day(until),
        )
    )
    if as_json:
        for hit in hits:
            sys.stdout.write(hit.claim.model_dump_json() + "\n")
        return
    if not hits:
        console.print("No claims match.")
        return
    _print_claims([hit.claim for hit in hits], title=f"{len(hits)} claims for {query!r}")


@app.command()
def extract(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Article files; none or '-' reads JSONL from stdin.")
    ] = None,
) -> None:
    """Batch extraction: articles in, claim events out as JSONL on stdout.

    Stdin takes one JSON object per line: {"id": ..., "text": ..., "title"?, "url"?, "outlet"?, "published"?}.
    Lines that cannot be read are reported on stderr as dead-letter records; the rest go on.
    """
    from claimwire.deadletters import dead_letter_for
    from schemas import SourceKind
    from services.extract.extractor import extract_claims
    from services.ingest.articles import build_articles
    from services.ingest.readers import BadInput, document_from_bytes, iter_input_paths, read_path

    configure_logging(Settings().log_level, "json")
    if not paths or [str(p) for p in paths] == ["-"]:
        documents = [document_from_bytes(sys.stdin.buffer.read(), "stdin", SourceKind.stdin, "application/x-ndjson")]
    else:
        documents = []
        for path in iter_input_paths(paths):
            try:
                documents.append(read_path(path))
            except (OSError, BadInput) as error:
                _report_dead_letter(dead_letter_for(service="extract-cli", stage="read", error=error, original=b"",
                                                    source_uri=str(path)))
    failures = 0
    for document in documents:
        for result in build_articles(document):
            if isinstance(result, BadInput):
                failures += 1
                _report_dead_letter(dead_letter_for(service="extract-cli", stage="clean", error=result,
                                                    original=document.content, source_uri=document.uri))
                continue
            for claim in extract_claims(result):
                sys.stdout.write(claim.model_dump_json() + "\n")
    sys.stdout.flush()
    if failures:
        err_console.print(f"[yellow]{failures} input(s) could not be read: dead-letter records above.[/yellow]")


def _report_dead_letter(letter) -> None:  # type: ignore[no-untyped-def]
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


if __name__ == "__main__":
    app()
