"""Throughput of the claim extractor against the naive baseline, measured in the same run.

    python bench/extract_speed.py [--repeat N] [--rounds R] [--seeds DIR]

Corpora (each repeated N times), timed separately and together:

- seeds: the seed articles, cleaned by ingest;
- examples: the repository's examples/*.txt;
- samples: the extractor's own varied test articles (tests/unit/extract/samples.py);
- plain news: bench/corpus/*.txt, long articles where most sentences carry no speech;
- real news: the 84 human-annotated articles of ``../shared/attribution-dev`` (paragraphs joined
  with a blank line, read through ingest), when that folder is present. Read at run time, never
  copied into the project.

The first three are dense with quotations; plain news is what most of a real feed looks like.

- baseline: spaCy's full pipeline (all pipes, NER included) over every sentence of every article,
  which is what a straightforward extractor does before it can look for speakers, as spaCy ships
  it (thinc multiplies matrices with BLIS);
- same-ops baseline: that pipeline built with the matrix library claimwire uses (numpy's
  OpenBLAS, one thread; services.extract.nlp), so the second ratio is what the pre-filter and the
  narrow NER windows alone buy;
- claimwire: ``extract_many`` (rule-based sentence split, pre-filter, parser and NER on the
  sentences that can hold an attributed claim only, batched with ``nlp.pipe``).

Each side is timed R times per corpus (alternating) and the fastest round counts, in CPU seconds of
this process, so a busy machine skews neither side. Prints tokens/s for both, the speed-up per
corpus and overall (summed times). Both sides run after a warm-up so model loading is not counted.

The extractor memoises pure functions of short strings (name folding and parsing, token folding,
date phrases, name genders) in bounded per-process caches. With ``--cold`` every such cache is
emptied before each article is planned and before it is walked, so no article profits from names
or words met in another one (the repeats of the corpus included): the cost for a stream of
articles that share nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench", REPO / "tests" / "unit" / "extract"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from seeds_eval import DEFAULT_SEEDS, load_article  # noqa: E402

from schemas.models import ArticleSource, RawArticle, SourceKind, stable_id  # noqa: E402


def _plain(name: str, text: str) -> RawArticle:
    return RawArticle(article_id=stable_id(name), text=text, source=ArticleSource(kind=SourceKind.stdin))


def corpora(seeds: Path) -> dict[str, list[RawArticle]]:
    found: dict[str, list[RawArticle]] = {}
    found["seeds"] = [load_article(p) for p in sorted(seeds.glob("*.txt"))]
    examples = []
    for path in sorted((REPO / "examples").rglob("*.txt")):
        try:
            examples.append(load_article(path))
        except Exception:  # an example the reader rejects is not a throughput sample
            continue
    found["examples"] = examples
    try:
        from samples import SAMPLE_ARTICLES
    except ImportError:
        SAMPLE_ARTICLES = {}
    found["samples"] = [_plain(name, text) for name, text in SAMPLE_ARTICLES.items()]
    found["plain news"] = [_plain(p.name, p.read_text(encoding="utf-8"))
                           for p in sorted((REPO / "bench" / "corpus").glob("*.txt"))]
    found["real news"] = _real_news()
    return {name: articles for name, articles in found.items() if articles}


def _real_news() -> list[RawArticle]:
    data = REPO.parent / "shared" / "attribution-dev"
    if not (data / "polnear-dev.jsonl").is_file():
        return []
    from real_news_eval import load_articles, raw_article

    rows = [json.loads(line) for line in (data / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [raw_article(article) for article in load_articles(rows)]


def corpus(seeds: Path) -> list[RawArticle]:
    """Every corpus in one list."""
    return [article for articles in corpora(seeds).values() for article in articles]


_FULL: dict[bool, object] = {}


def _full_pipeline(same_ops: bool):
    """Every pipe of the model: as shipped, or built with claimwire's matrix library."""
    if same_ops not in _FULL:
        import spacy
        from thinc.api import use_ops

        from services.extract.nlp import MODEL_NAME

        if same_ops:
            with use_ops("numpy", use_blis=False):
                _FULL[same_ops] = spacy.load(MODEL_NAME)
        else:
            _FULL[same_ops] = spacy.load(MODEL_NAME)
    return _FULL[same_ops]


def baseline(articles: list[RawArticle], same_ops: bool = False) -> None:
    """The full pipeline over every sentence (sentences split by the extractor's own rules)."""
    from services.extract.nlp import paragraphs, split_sentences

    nlp = _full_pipeline(same_ops)
    sentences = [a.text[s.start : s.end] for a in articles for p in paragraphs(a.text)
                 for s in split_sentences(a.text, p)]
    for _ in nlp.pipe(sentences, batch_size=64):  # same batch size as the extractor
        pass


def _bounded_caches() -> list:
    """Every bounded functools cache of more than one entry in the extractor's modules (the
    unbounded and single-entry ones hold a loaded model or tables built once per process, which
    a cold start pays for once, not per article)."""
    import importlib
    import pkgutil

    import services.extract as package

    caches = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"services.extract.{info.name}")
        classes = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__]
        for owner in [module, *classes]:
            for name in list(vars(owner)):
                value = getattr(owner, name)
                # an lru_cache wrapper, known by its methods (functools' wrapper type is private)
                if callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None)) \
                        and (value.cache_info().maxsize or 0) > 1:
                    caches.append(value)
    return caches


def cold_caches() -> None:
    """Empty the extractor's string caches before each article is planned and walked."""
    import services.extract.extractor as extractor
    from schemas.models import ClaimEvent
    from services.extract.limits import DEFAULT_LIMITS, ExtractionLimits
    from services.extract.plan import Plan
    from services.extract.walk import ArticleWalk

    caches = _bounded_caches()

    def clear() -> None:
        for cache in caches:
            cache.cache_clear()

    plan, run = extractor.plan_article, extractor.ArticleWalk.run

    def cold_plan(article: RawArticle, limits: ExtractionLimits = DEFAULT_LIMITS) -> Plan:
        clear()
        return plan(article, limits)

    def cold_run(self: ArticleWalk) -> list[ClaimEvent]:
        clear()
        return run(self)

    extractor.plan_article = cold_plan
    extractor.ArticleWalk.run = cold_run  # type: ignore[method-assign]


def _timed(run) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def measure(articles: list[RawArticle], repeat: int, rounds: int = 3) -> dict[str, float]:
    from services.extract.extractor import extract_many
    from services.extract.nlp import get_nlp

    nlp = get_nlp()
    tokens = sum(len(nlp.make_doc(a.text)) for a in articles) * repeat
    work = articles * repeat
    claims: list[int] = []
    base_seconds = same_ops_seconds = ours_seconds = float("inf")
    # CPU time of this process, not wall time: other work on the machine does not skew the ratio
    # (every side is single-threaded Python + numpy); the fastest of the rounds counts for each.
    for _ in range(rounds):
        base_seconds = min(base_seconds, _timed(lambda: baseline(work)))
        same_ops_seconds = min(same_ops_seconds, _timed(lambda: baseline(work, same_ops=True)))
        ours_seconds = min(ours_seconds, _timed(lambda: claims.append(sum(len(c) for c in extract_many(work)))))
    return {
        "articles": len(work), "tokens": tokens, "claims": claims[-1],
        "baseline_s": base_seconds, "same_ops_s": same_ops_seconds, "claimwire_s": ours_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    from services.extract.extractor import extract_many

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--cold", action="store_true",
                        help="empty the extractor's string caches before every article")
    args = parser.parse_args(argv)
    if args.cold:
        cold_caches()
    groups = corpora(args.seeds)
    everything = [a for articles in groups.values() for a in articles]
    baseline(everything[:3])  # warm-up: model loading and first-call costs are not counted
    baseline(everything[:3], same_ops=True)
    list(extract_many(everything[:3]))
    totals = {"articles": 0, "tokens": 0, "claims": 0, "baseline_s": 0.0, "same_ops_s": 0.0, "claimwire_s": 0.0}
    print(f"each corpus x {args.repeat}, fastest of {args.rounds} rounds, CPU seconds"
          + (", string caches emptied before every article" if args.cold else ""))
    print("  tokens/s of spaCy's full pipeline as shipped (baseline), of that pipeline on claimwire's "
          "matrix library (same ops), and of claimwire; speed-up against each")
    print(f"  {'corpus':12s} {'articles':>8s} {'tokens':>7s} {'claims':>6s} "
          f"{'baseline':>9s} {'same ops':>9s} {'claimwire':>9s} {'vs base':>8s} {'vs same':>8s}")

    def row(name: str, result: dict) -> None:
        t, ours = result["tokens"], result["claimwire_s"]
        print(f"  {name:12s} {result['articles']:8d} {t:7d} {result['claims']:6d} "
              f"{t / result['baseline_s']:9.0f} {t / result['same_ops_s']:9.0f} {t / ours:9.0f} "
              f"{result['baseline_s'] / ours:7.2f}x {result['same_ops_s'] / ours:7.2f}x")

    for name, articles in groups.items():
        result = measure(articles, args.repeat, args.rounds)
        for key in totals:
            totals[key] += result[key]
        row(name, result)
    row("overall", totals)
    print(f"  CPU s: spaCy full pipeline, every sentence {totals['baseline_s']:.2f} as shipped, "
          f"{totals['same_ops_s']:.2f} on the same ops; claimwire extract_many {totals['claimwire_s']:.2f}")
    print(f"  speed-up: {totals['baseline_s'] / totals['claimwire_s']:.2f}x against spaCy as shipped, "
          f"{totals['same_ops_s'] / totals['claimwire_s']:.2f}x against the same pipeline on the same ops")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
