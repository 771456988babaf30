"""Time and peak memory of every hostile-input kind through the core path the services run.

    .venv/bin/python bench/hostile.py                  # every kind at the operators' sizes
    .venv/bin/python bench/hostile.py --size 0.05      # the tests' sizes
    .venv/bin/python bench/hostile.py --only quote_flood,json_bracket_flood

Per kind: ``build_articles`` (read, clean) then, per article, ``extract_claims(article,
EntityRegistry(), ExtractionLimits())`` in this process (no sandbox, no Kafka). Memory is the
tracemalloc peak over both (Python allocations) and the growth of the process' peak RSS (ru_maxrss,
which only rises: later kinds show 0 unless they go beyond every earlier one). A kind over 5 s is
flagged. The corpus is tests/hostile_inputs.py.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.extract.extractor import extract_claims, get_nlp  # noqa: E402
from services.extract.registry import EntityRegistry  # noqa: E402
from services.ingest.articles import build_articles  # noqa: E402
from services.ingest.readers import BadInput, MAX_INPUT_BYTES, document_from_bytes, refused_document  # noqa: E402
from schemas.models import SourceKind  # noqa: E402
from tests.hostile_inputs import KINDS, build_kind, make_xxe_target, XXE_SENTINEL  # noqa: E402

try:  # the extractor's work bounds, where they exist
    from services.extract.limits import ExtractionLimits  # noqa: E402
except ImportError:  # pragma: no cover - older tree
    ExtractionLimits = None  # type: ignore[assignment,misc]

SLOW_S = 5.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_kind(name: str, size: float) -> dict[str, object]:
    kind = build_kind(name, size)
    # Like read_path and read_stream_documents: an input over the limit is refused before it is parsed.
    if len(kind.content) > MAX_INPUT_BYTES:
        document = refused_document(f"input is {len(kind.content)} bytes, over the limit", kind.filename,
                                    SourceKind.file, kind.content_type)
    else:
        document = document_from_bytes(kind.content, kind.filename, SourceKind.file, kind.content_type)
    limits = ExtractionLimits() if ExtractionLimits is not None else None
    gc.collect()
    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    articles = claims = 0
    reasons: list[str] = []
    leaked = False
    error = None
    try:
        for result in build_articles(document):
            if isinstance(result, BadInput):
                reasons.append(str(result))
                continue
            articles += 1
            leaked = leaked or XXE_SENTINEL in result.text
            found = (extract_claims(result, EntityRegistry(), limits) if limits is not None
                     else extract_claims(result, EntityRegistry()))
            claims += len(found)
            leaked = leaked or any(XXE_SENTINEL in c.model_dump_json() for c in found)
    except Exception as exc:  # a crash is a finding, not the end of the bench
        error = f"CRASH {type(exc).__name__}: {str(exc)[:120]}"
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if error:
        outcome = error
    else:
        outcome = f"{articles} art, {claims} claims"
        if reasons:
            outcome += f"; {len(reasons)} dead: {reasons[0][:90]}"
    if leaked:
        outcome = "XXE LEAKED; " + outcome
    return {"kind": name, "bytes": len(kind.content), "seconds": seconds, "peak_mb": peak / 2**20,
            "rss_mb": _rss_mb() - rss_before, "outcome": outcome, "slow": seconds > SLOW_S}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated kind names")
    parser.add_argument("--size", type=float, default=1.0, help="scale of the big kinds; 1.0 = the operators' sizes")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(KINDS)
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    make_xxe_target()
    get_nlp()  # load spaCy before the first measurement
    print(f"{'kind':30} {'bytes':>10} {'sec':>7} {'peakMB':>7} {'rssΔMB':>7}  outcome")
    slow = []
    for name in names:
        row = run_kind(name, args.size)
        flag = "  <-- SLOW" if row["slow"] else ""
        print(f"{row['kind']:30} {row['bytes']:>10} {row['seconds']:>7.2f} {row['peak_mb']:>7.1f} "
              f"{row['rss_mb']:>7.1f}  {row['outcome']}{flag}", flush=True)
        if row["slow"]:
            slow.append(name)
    print(f"\n{len(names)} kinds; over {SLOW_S:.0f} s: {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
