"""Fingerprint every claim the extractor emits, to prove a refactor changed none of them.

    .venv/bin/python bench/claims_fingerprint.py                      # print one hash per corpus
    .venv/bin/python bench/claims_fingerprint.py --save before.json   # keep every claim's hash
    .venv/bin/python bench/claims_fingerprint.py --check before.json  # exit 1 on any difference

Corpora, each read through ingest (``build_articles``) and extracted in order with one fresh
``EntityRegistry`` (the registry carries names from article to article, so order matters):

- seeds: ``../shared/seeds`` (every input file), when present;
- examples: ``examples/``;
- devset: ``bench/attribution_devset.jsonl``, one article a line;
- real-news: ``../shared/attribution-dev/polnear-dev.jsonl``, paragraphs joined per article with a
  blank line (how the set's README says claimwire should see it), when present.

A claim is hashed as its canonical JSON (sorted keys) with ``evidence.rule`` left out: the rule
name is the one field a behaviour-preserving change may add. ``--check`` names the first claims
that differ, so a regression points at an article and a sentence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas.models import ClaimEvent, RawArticle, SourceKind  # noqa: E402
from services.extract.extractor import extract_many  # noqa: E402
from services.extract.registry import EntityRegistry  # noqa: E402
from services.ingest.articles import build_articles  # noqa: E402
from services.ingest.readers import InputDocument, document_from_bytes, iter_input_paths, read_path  # noqa: E402

SHARED = ROOT.parent / "shared"
LEFT_OUT = {"evidence": {"rule"}}


def _articles(documents: Iterator[InputDocument]) -> list[RawArticle]:
    return [built for document in documents for built in build_articles(document) if isinstance(built, RawArticle)]


def _file_documents(folder: Path) -> Iterator[InputDocument]:
    for path in sorted(iter_input_paths([folder])):
        if path.name.lower() not in {"readme.md", "gold.json", "gold.jsonl"}:
            yield read_path(path)


def _line_documents(path: Path, name: str) -> Iterator[InputDocument]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            body = {"text": row["text"], **({"published": row["published"]} if row.get("published") else {})}
            yield document_from_bytes(json.dumps(body).encode("utf-8"), name, SourceKind.stdin, "application/json")


def _real_news_documents(path: Path) -> Iterator[InputDocument]:
    articles: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles.setdefault(row["id"].split("#p")[0], []).append(row["text"])
    for name, paragraphs in articles.items():
        body = json.dumps({"text": "\n\n".join(paragraphs)}).encode("utf-8")
        yield document_from_bytes(body, name, SourceKind.stdin, "application/json")


def corpora() -> dict[str, Iterator[InputDocument]]:
    found: dict[str, Iterator[InputDocument]] = {}
    if (SHARED / "seeds").is_dir():
        found["seeds"] = _file_documents(SHARED / "seeds")
    found["examples"] = _file_documents(ROOT / "examples")
    found["devset"] = _line_documents(ROOT / "bench" / "attribution_devset.jsonl", "devset")
    real_news = SHARED / "attribution-dev" / "polnear-dev.jsonl"
    if real_news.is_file():
        found["real-news"] = _real_news_documents(real_news)
    return found


def claim_hash(claim: ClaimEvent) -> str:
    canonical = claim.model_dump(mode="json", exclude=LEFT_OUT)
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def fingerprint() -> dict[str, list[dict[str, str]]]:
    """Per corpus, every claim in emission order: its hash, its article and its sentence."""
    result: dict[str, list[dict[str, str]]] = {}
    for name, documents in corpora().items():
        articles = _articles(documents)
        rows = result.setdefault(name, [])
        for article, claims in zip(articles, extract_many(articles, EntityRegistry()), strict=True):
            for claim in claims:
                rows.append({"hash": claim_hash(claim), "article": article.article_id[:16],
                             "sentence": claim.evidence.sentence[:120]})
        print(f"{name:10s} {len(articles):4d} articles {len(rows):5d} claims "
              f"{hashlib.sha256(''.join(r['hash'] for r in rows).encode()).hexdigest()[:16]}", flush=True)
    return result


def _differences(before: list[dict[str, str]], after: list[dict[str, str]]) -> list[str]:
    problems = [f"{len(before)} claims before, {len(after)} after"] if len(before) != len(after) else []
    for index, (old, new) in enumerate(zip(before, after, strict=False)):
        if old["hash"] != new["hash"]:
            problems.append(f"claim {index} in article {new['article']} differs: {new['sentence']!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write every claim's hash to this JSON file")
    parser.add_argument("--check", type=Path, help="compare against a file written by --save; exit 1 on change")
    args = parser.parse_args()
    found = fingerprint()
    if args.save:
        args.save.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    if args.check:
        before = json.loads(args.check.read_text(encoding="utf-8"))
        problems = [f"{name}: {problem}" for name in sorted(set(before) | set(found))
                    for problem in _differences(before.get(name, []), found.get(name, []))]
        for problem in problems[:20]:
            print(problem)
        print("identical" if not problems else f"{len(problems)} differences")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
