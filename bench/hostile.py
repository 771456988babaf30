"""Time and peak memory of every hostile-input kind through the core path the services run.

    .venv/bin/python bench/hostile.py                  # every kind at the operators' sizes
    .venv/bin/python bench/hostile.py --size 0.05      # the tests' sizes
    .venv/bin/python bench/hostile.py --only quote_flood,json_bracket_flood

Per kind: ``build_articles`` (read, clean: what ingest does) then, per article,
``extract_claims(article, EntityRegistry(), ExtractionLimits())`` (what holds one extract worker)
in this process, with no sandbox: the extract worker would cut any article at
CLAIMWIRE_EXTRACT_TIMEOUT_S, so this shows the work the sandbox would otherwise have to cut.
Times are measured without tracemalloc; ``--memory`` adds a second, traced pass for the peak of
Python allocations. A kind is flagged when one article of it takes over 5 s (its share of the
build, or its extraction). The corpus is tests/hostile_inputs.py.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.models import SourceKind  # noqa: E402
from services.extract.extractor import extract_claims, get_nlp  # noqa: E402
from services.extract.registry import EntityRegistry  # noqa: E402
from services.ingest.articles import build_articles  # noqa: E402
from services.ingest.readers import MAX_INPUT_BYTES, BadInput, document_from_bytes, refused_document  # noqa: E402
from tests.hostile_inputs import KINDS, XXE_SENTINEL, build_kind, make_xxe_target  # noqa: E402

try:  # the extractor's work bounds, where they exist
    from services.extract.limits import ExtractionLimits  # noqa: E402
except ImportError:  # pragma: no cover - older tree
    ExtractionLimits = None  # type: ignore[assignment,misc]

SLOW_S = 5.0


def _document_for(kind):  # type: ignore[no-untyped-def]
    # Like read_path and read_stream_documents: an input over the limit is refused before it is parsed.
    if len(kind.content) > MAX_INPUT_BYTES:
        return refused_document(f"input is {len(kind.content)} bytes, over the limit", kind.filename,
                                SourceKind.file, kind.content_type)
    return document_from_bytes(kind.content, kind.filename, SourceKind.file, kind.content_type)


def _process(document, limits):  # type: ignore[no-untyped-def]
    """build_articles (what ingest does), then extract each article (what holds one worker):
    (build seconds, worst single-article extraction seconds, articles, claims, reasons, leaked)."""
    started = time.perf_counter()
    results = build_articles(document)
    build_s = time.perf_counter() - started
    worst = 0.0
    articles = claims = 0
    reasons: list[str] = []
    leaked = False
    for result in results:
        if isinstance(result, BadInput):
            reasons.append(str(result))
            continue
        articles += 1
        leaked = leaked or XXE_SENTINEL in result.text
        started = time.perf_counter()
        found = (extract_claims(result, EntityRegistry(), limits) if limits is not None
                 else extract_claims(result, EntityRegistry()))
        worst = max(worst, time.perf_counter() - started)
        claims += len(found)
        leaked = leaked or any(XXE_SENTINEL in c.model_dump_json() for c in found)
    return build_s, worst, articles, claims, reasons, leaked


def run_kind(name: str, size: float, memory: bool) -> dict[str, object]:
    """Timed without tracemalloc (it slows Python several times); peak memory, when asked, in a
    second pass under tracemalloc."""
    kind = build_kind(name, size)
    limits = ExtractionLimits() if ExtractionLimits is not None else None
    gc.collect()
    error = None
    build_s = worst = 0.0
    articles = claims = 0
    reasons: list[str] = []
    leaked = False
    started = time.perf_counter()
    try:
        build_s, worst, articles, claims, reasons, leaked = _process(_document_for(kind), limits)
    except Exception as exc:  # a crash is a finding, not the end of the bench
        error = f"CRASH {type(exc).__name__}: {str(exc)[:120]}"
    seconds = time.perf_counter() - started
    peak_mb = float("nan")
    if memory and error is None:
        gc.collect()
        tracemalloc.start()
        _process(_document_for(kind), limits)
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    if error:
        outcome = error
    else:
        outcome = f"{articles} art, {claims} claims"
        if reasons:
            outcome += f"; {len(reasons)} dead: {reasons[0][:80]}"
    if leaked:
        outcome = "XXE LEAKED; " + outcome
    per_article = max(worst, build_s / max(1, articles + len(reasons)))
    return {"kind": name, "bytes": len(kind.content), "seconds": seconds, "build_s": build_s, "worst_s": worst,
            "peak_mb": peak_mb, "outcome": outcome, "slow": per_article > SLOW_S}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated kind names")
    parser.add_argument("--size", type=float, default=1.0, help="scale of the big kinds; 1.0 = the operators' sizes")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory (a second, traced pass)")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(KINDS)
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    make_xxe_target()
    get_nlp()  # load spaCy before the first measurement
    print(f"{'kind':30} {'bytes':>10} {'total_s':>8} {'build_s':>8} {'worst_extract_s':>15} {'peakMB':>7}  outcome")
    slow = []
    for name in names:
        row = run_kind(name, args.size, args.memory)
        flag = "  <-- SLOW" if row["slow"] else ""
        print(f"{row['kind']:30} {row['bytes']:>10} {row['seconds']:>8.2f} {row['build_s']:>8.2f} "
              f"{row['worst_s']:>15.2f} {row['peak_mb']:>7.1f}  {row['outcome']}{flag}", flush=True)
        if row["slow"]:
            slow.append(name)
    print(f"\n{len(names)} kinds; over {SLOW_S:.0f} s for one article (its share of build_s, or its "
          f"extraction): {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
