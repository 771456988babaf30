"""Throughput of the claim extractor against the naive baseline, measured in the same run.

    python bench/extract_speed.py [--repeat N] [--seeds DIR]

Corpus: the seed articles (cleaned by ingest when available), the repository's examples/ texts,
and the extractor's own varied test articles (tests/unit/extract/samples.py), repeated N times.

- baseline: spaCy's full pipeline (all pipes, NER included) over every sentence of every article,
  which is what a straightforward extractor does before it can look for speakers;
- claimwire: ``extract_many`` (rule-based sentence split, pre-filter, parser and NER on the
  sentences that can hold an attributed claim only, batched with ``nlp.pipe``).

Prints articles/s and tokens/s (per CPU-second of this process) for both and the speed-up ratio.
Both sides run after a warm-up so model loading is not counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench", REPO / "tests" / "unit" / "extract"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from schemas.models import ArticleSource, RawArticle, SourceKind, stable_id  # noqa: E402
from seeds_eval import DEFAULT_SEEDS, load_article  # noqa: E402


def corpus(seeds: Path) -> list[RawArticle]:
    articles = [load_article(p) for p in sorted(seeds.glob("*.txt"))]
    examples = REPO / "examples"
    if examples.is_dir():
        for path in sorted(examples.rglob("*.txt")):
            try:
                articles.append(load_article(path))
            except Exception:  # an example the reader rejects is not a throughput sample
                continue
    try:
        from samples import SAMPLE_ARTICLES
    except ImportError:
        SAMPLE_ARTICLES = {}
    for name, text in SAMPLE_ARTICLES.items():
        articles.append(RawArticle(article_id=stable_id(name), text=text,
                                   source=ArticleSource(kind=SourceKind.stdin)))
    return articles


_FULL: list = []


def _full_pipeline(spacy, name):  # type: ignore[no-untyped-def]
    if not _FULL:
        _FULL.append(spacy.load(name))  # every pipe, as shipped
    return _FULL[0]


def baseline(articles: list[RawArticle]) -> None:
    """The full pipeline over every sentence (sentences from the model's own parse of the text)."""
    import spacy

    from services.extract.nlp import MODEL_NAME, paragraphs, split_sentences

    nlp = _full_pipeline(spacy, MODEL_NAME)
    sentences = [a.text[s.start : s.end] for a in articles for p in paragraphs(a.text)
                 for s in split_sentences(a.text, p)]
    for _ in nlp.pipe(sentences, batch_size=64):  # same batch size as the extractor
        pass


def measure(articles: list[RawArticle], repeat: int) -> dict[str, float]:
    from services.extract.extractor import extract_many
    from services.extract.nlp import get_nlp

    nlp = get_nlp()
    tokens = sum(len(nlp.make_doc(a.text)) for a in articles) * repeat
    work = articles * repeat
    baseline(articles[:3])  # warm-up
    list(extract_many(articles[:3]))
    # CPU time of this process, not wall time: other work on the machine does not skew the ratio
    # (both sides are single-threaded Python + numpy).
    started = time.process_time()
    baseline(work)
    base_seconds = time.process_time() - started
    started = time.process_time()
    claims = sum(len(c) for c in extract_many(work))
    ours_seconds = time.process_time() - started
    return {
        "articles": len(work), "tokens": tokens, "claims": claims,
        "baseline_s": base_seconds, "claimwire_s": ours_seconds,
        "ratio": base_seconds / ours_seconds if ours_seconds else float("inf"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = parser.parse_args(argv)
    articles = corpus(args.seeds)
    result = measure(articles, args.repeat)
    n, t = result["articles"], result["tokens"]
    print(f"corpus: {len(articles)} articles x {args.repeat} = {n} articles, {t} tokens")
    for label, key in (("spaCy full pipeline, every sentence", "baseline_s"), ("claimwire extract_many", "claimwire_s")):
        seconds = result[key]
        print(f"  {label:38s} {seconds:7.2f} CPU s  {n / seconds:7.1f} articles/s  {t / seconds:8.0f} tokens/s")
    print(f"  claims extracted: {result['claims']}")
    print(f"  speed-up: {result['ratio']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
