"""Score the claim extractor against the seed gold (../shared/seeds/gold.json).

    python bench/seeds_eval.py [--seeds DIR] [--verbose]

Scoring follows the seeds README: a predicted claim matches a gold claim of the same article when
its evidence span overlaps the gold evidence. Gold evidence is a substring of the ORIGINAL file
(homoglyphs included); it is mapped onto the cleaned article text by repairing lookalike letters
and searching, falling back to a fuzzy alignment.

- direct quotes: a predicted direct quote with the quoted text equal after whitespace and
  quote-mark normalisation, and the canonical speaker right;
- indirect quotes: a predicted reported-speech (or speaker-carrying numeric) claim overlapping,
  with the canonical speaker right;
- numeric: every gold quantity with a value found on an overlapping predicted claim with the same
  value and qualifier;
- reported events: any overlapping predicted claim;
- precision: over all predicted claims with a speaker: it overlaps a gold claim whose speaker is
  the same entity.

Aliases and cross-article names: the five articles are extracted in file order with one
`EntityRegistry` shared across them (registry on) and without (registry off, each article names
its own entities); both figures are printed. With the registry, an alias resolves when the
registry maps it to the same corpus name as its gold entity's canonical; without it, the claims'
entities of all articles are merged by a corpus-mode alias resolver inside the scorer (the old
measure). "speakers named alike across articles" counts gold speakers quoted in two or more
articles whose correctly attributed claims all carry one canonical name: no scorer-side merging.
`--reverse` also extracts in reverse file order and checks the registry forms the same alias
groups.

"Speaker right" compares canonical names; the gold lists every alias of an entity, and a
predicted canonical that is one of the gold entity's aliases counts too (an article alone cannot
know that its "Belarus Ministry of Defense" is the corpus' "Belarusian Ministry of Defense"). The
strict count (exact canonical) is printed alongside.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from schemas.models import ArticleSource, ClaimEvent, RawArticle, SourceKind, Speaker, stable_id  # noqa: E402

DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

TARGETS = {
    "direct_recall": 0.95,
    "indirect_recall": 0.85,
    "precision": 0.90,
    "quantities": 1.0,
    "aliases": 1.0,
}

# Cyrillic and Greek letters that look Latin: the seeds hide them inside English words.
_LOOKALIKES = str.maketrans("аеорсухіјѕԁАВЕКМНОРСТХІЈЅԁ", "aeopcyxijsdABEKMHOPCTXIJSd")
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})


def normalise_quote(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES).translate(_QUOTE_FOLD)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" \"'").rstrip(",;:").strip(" \"'")


# --------------------------------------------------------------------------- articles


def load_article(path: Path) -> RawArticle:
    """The seed as the product sees it: through the ingest reader and cleaner when present."""
    try:
        from services.ingest.articles import build_articles
        from services.ingest.readers import read_path
    except ImportError:  # the bench still runs on a checkout without the ingest service
        build_articles = None  # type: ignore[assignment]
    if build_articles is not None:
        for built in build_articles(read_path(path)):
            if isinstance(built, RawArticle):
                return built
    text = path.read_text(encoding="utf-8").translate(_LOOKALIKES)
    return RawArticle(
        article_id=stable_id(path.name), text=text,
        source=ArticleSource(kind=SourceKind.file, uri=str(path)),
    )


def locate(evidence: str, text: str) -> tuple[int, int] | None:
    """Where a gold evidence string (original file, lookalikes included) sits in the cleaned text."""
    for candidate in (evidence, evidence.translate(_LOOKALIKES)):
        at = text.find(candidate)
        if at >= 0:
            return at, at + len(candidate)
    folded_text = text.translate(_LOOKALIKES).translate(_QUOTE_FOLD)
    folded = evidence.translate(_LOOKALIKES).translate(_QUOTE_FOLD)
    at = folded_text.find(folded)
    if at >= 0:
        return at, at + len(folded)
    alignment = fuzz.partial_ratio_alignment(folded, folded_text, score_cutoff=80)
    if alignment is not None:
        return alignment.dest_start, alignment.dest_end
    return None


# --------------------------------------------------------------------------- scoring


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(default_factory=dict)
    attributed: int = 0
    attributed_correct: int = 0
    strict_speaker_ok: int = 0
    strict_speaker_total: int = 0
    quantities_total: int = 0
    quantities_found: int = 0
    aliases_total: int = 0
    aliases_resolved: int = 0
    false_positives: list[str] = field(default_factory=list)
    quantity_misses: list[str] = field(default_factory=list)
    alias_misses: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    # gold speaker -> {article file -> predicted canonical names on its correctly attributed claims}
    speaker_names: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    alias_groups: dict[str, str] = field(default_factory=dict)  # gold alias -> predicted corpus name
    merged_entities: list[str] = field(default_factory=list)  # corpus names holding 2+ gold entities
    claims: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.attributed_correct / self.attributed if self.attributed else 1.0

    def recall(self, kind: str) -> float:
        return self.kinds[kind].recall if kind in self.kinds else 1.0

    @property
    def quantity_rate(self) -> float:
        return self.quantities_found / self.quantities_total if self.quantities_total else 1.0

    @property
    def cross_article_speakers(self) -> tuple[int, int]:
        """(gold speakers quoted in 2+ articles named alike everywhere, such speakers)."""
        multi = {g: by_file for g, by_file in self.speaker_names.items() if len(by_file) >= 2}
        alike = sum(1 for by_file in multi.values() if len(set().union(*by_file.values())) == 1)
        return alike, len(multi)

    @property
    def alias_rate(self) -> float:
        return self.aliases_resolved / self.aliases_total if self.aliases_total else 1.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Speakers:
    """Gold entity table: canonical name -> every alias, folded for comparison."""

    def __init__(self, entities: list[dict]) -> None:
        self.aliases: dict[str, set[str]] = {}
        for entity in entities:
            names = {entity["canonical"], *entity.get("aliases", [])}
            self.aliases[_fold(entity["canonical"])] = {_fold(n) for n in names}

    def same(self, predicted: str | None, gold: str | None) -> bool:
        if predicted is None or gold is None:
            return False
        p, g = _fold(predicted), _fold(gold)
        return p == g or p in self.aliases.get(g, set())


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).translate(_LOOKALIKES).translate(_QUOTE_FOLD)
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).lower()


def evaluate(seeds: Path = DEFAULT_SEEDS, registry: bool = True, reverse: bool = False) -> Report:
    """Score the seeds; `registry`: one EntityRegistry shared across the articles, fed in file
    order (reverse file order with `reverse`)."""
    from services.extract.extractor import extract_many
    from services.extract.registry import EntityRegistry

    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))
    speakers = _Speakers(gold.get("entities", []))
    report = Report()
    entries = list(reversed(gold["articles"])) if reverse else list(gold["articles"])
    articles = [load_article(seeds / entry["file"]) for entry in entries]
    corpus = EntityRegistry() if registry else None
    started = time.perf_counter()
    predictions = list(extract_many(articles, corpus))
    report.seconds = time.perf_counter() - started
    for entry, article, claims in zip(entries, articles, predictions, strict=True):
        report.claims += len(claims)
        _score_article(entry, article, claims, speakers, report)
    _score_aliases(gold.get("entities", []), articles, predictions, report, corpus)
    return report


def _score_article(entry: dict, article: RawArticle, claims: list[ClaimEvent], speakers: _Speakers,
                   report: Report) -> None:
    located = _locate_gold(entry, article.text, report)
    spans = {id(c): (c.evidence.start, c.evidence.end) for c in claims}
    for gold_claim, span in located:
        overlapping = [c for c in claims if _overlaps(spans[id(c)], span)]
        _score_gold_claim(entry, gold_claim, overlapping, speakers, report)
    _score_attributed(entry, claims, spans, located, speakers, report)


def _locate_gold(entry: dict, text: str, report: Report) -> list[tuple[dict, tuple[int, int]]]:
    """The article's gold claims with their evidence span in `text`; the unlocated are reported."""
    located: list[tuple[dict, tuple[int, int]]] = []
    for claim in entry["claims"]:
        span = locate(claim["evidence"], text)
        if span is None:
            report.unlocated.append(f"{claim['id']}: {claim['evidence'][:70]}")
            continue
        located.append((claim, span))
    return located


def _score_gold_claim(entry: dict, gold_claim: dict, overlapping: list[ClaimEvent], speakers: _Speakers,
                      report: Report) -> None:
    kind = gold_claim["kind"]
    score = report.kinds.setdefault(kind, KindScore())
    score.gold += 1
    if kind == "direct_quote":
        speaker = _match_direct_quote(gold_claim, overlapping, speakers, report)
        ok = speaker is not None
    elif kind == "indirect_quote":
        speaker = _match_indirect_quote(gold_claim, overlapping, speakers, report)
        ok = speaker is not None
    else:
        speaker, ok = None, bool(overlapping)
    _score_quantities(gold_claim, overlapping, report)
    if ok:
        score.found += 1
        if gold_claim["speaker"] and speaker is not None:  # a quote matched with its speaker
            names = report.speaker_names.setdefault(gold_claim["speaker"], {})
            names.setdefault(entry["file"], set()).add(speaker.canonical)
    else:
        got = [(c.kind.value, c.speaker.canonical if c.speaker else None, (c.quote or c.text)[:50])
               for c in overlapping]
        score.misses.append(
            f"{gold_claim['id']} [{gold_claim['speaker']}] {gold_claim['text'][:70]!r}\n      got {got}")


def _match_direct_quote(gold_claim: dict, overlapping: list[ClaimEvent], speakers: _Speakers,
                        report: Report) -> Speaker | None:
    """The speaker of the first overlapping claim with a quoted part of the gold text and a right
    speaker, or None; each overlapping one with the gold text up to it counts towards the strict figure."""
    want = normalise_quote(gold_claim["text"])
    for c in overlapping:
        # a claim's quoted spans: each part of a split quotation, and quoted words inside reported speech
        if want not in {normalise_quote(part.text) for part in c.parts}:
            continue
        report.strict_speaker_total += 1
        if c.speaker and _fold(c.speaker.canonical) == _fold(gold_claim["speaker"] or ""):
            report.strict_speaker_ok += 1
        if c.speaker and speakers.same(c.speaker.canonical, gold_claim["speaker"]):
            return c.speaker
    return None


def _match_indirect_quote(gold_claim: dict, overlapping: list[ClaimEvent], speakers: _Speakers,
                          report: Report) -> Speaker | None:
    """The speaker of the first overlapping reported-speech (or numeric) claim with a right speaker,
    or None; each such claim with a speaker up to it counts towards the strict figure."""
    for c in overlapping:
        if c.kind.value in {"indirect_quote", "numeric"} and c.speaker:
            report.strict_speaker_total += 1
            if _fold(c.speaker.canonical) == _fold(gold_claim["speaker"] or ""):
                report.strict_speaker_ok += 1
            if speakers.same(c.speaker.canonical, gold_claim["speaker"]):
                return c.speaker
    return None


def _score_quantities(gold_claim: dict, overlapping: list[ClaimEvent], report: Report) -> None:
    """Each valued gold quantity is found when an overlapping claim carries it."""
    for quantity in gold_claim.get("quantities", []):
        if quantity.get("value") is None:
            continue
        report.quantities_total += 1
        if any(_same_quantity(q, quantity) for c in overlapping for q in c.quantities):
            report.quantities_found += 1
        else:
            report.quantity_misses.append(
                f"{gold_claim['id']}: {quantity['qualifier'] or ''} {quantity['value']} {quantity['unit']}"
                f" — got {[(q.qualifier, q.value) for c in overlapping for q in c.quantities]}")


def _score_attributed(entry: dict, claims: list[ClaimEvent], spans: dict[int, tuple[int, int]],
                      located: list[tuple[dict, tuple[int, int]]], speakers: _Speakers, report: Report) -> None:
    """Precision: each predicted claim with a speaker overlaps a gold claim of the same speaker."""
    for c in claims:
        if c.speaker is None:
            continue
        report.attributed += 1
        matched = any(
            _overlaps(spans[id(c)], span) and speakers.same(c.speaker.canonical, g["speaker"])
            for g, span in located
        )
        if matched:
            report.attributed_correct += 1
        else:
            report.false_positives.append(
                f"{entry['file'][:3]} {c.kind.value} [{c.speaker.canonical} <- {c.speaker.surface}] "
                f"{(c.quote or c.text)[:80]!r}")


def _same_quantity(predicted, gold: dict) -> bool:  # type: ignore[no-untyped-def]
    return predicted.value is not None and abs(predicted.value - float(gold["value"])) < 1e-6 and (
        predicted.qualifier == gold.get("qualifier"))


def _score_aliases(entities: list[dict], articles: list[RawArticle], predictions: list[list[ClaimEvent]],
                   report: Report, registry=None) -> None:  # type: ignore[no-untyped-def]
    """Every gold alias the articles use resolves into its gold entity's cluster: with the
    registry that named the claims, by its lookup; without, the claims' entities of all articles
    are merged corpus-wide by the scorer."""
    from services.extract.aliases import AliasResolver

    if registry is not None:
        class _RegistryNames:
            @staticmethod
            def canonical(name: str) -> str:
                return registry.lookup(name) or name

        corpus = _RegistryNames()
    else:
        corpus = AliasResolver(surname_merges=False)
        for claims in predictions:
            for claim in claims:
                for entity in claim.entities:
                    corpus.add_entity(entity)
    owners: dict[str, set[str]] = {}  # predicted corpus name -> gold entities resolved there
    bodies = " \n".join(a.text for a in articles)
    every_alias = sorted({a for e in entities for a in e.get("aliases", [])}, key=len, reverse=True)
    for entity in entities:
        canonical = corpus.canonical(entity["canonical"])
        for alias in entity.get("aliases", []):
            # only aliases used on their own, not just inside a longer name ("Zelensky" inside
            # "Volodymyr Zelensky" is not a separate mention to resolve)
            standalone = bodies
            for longer in every_alias:
                if len(longer) > len(alias) and alias in longer:
                    standalone = standalone.replace(longer, " " * len(longer))
            if alias.startswith("@") or not re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", standalone):
                continue
            report.aliases_total += 1
            report.alias_groups[alias] = _fold(corpus.canonical(alias))
            owners.setdefault(report.alias_groups[alias], set()).add(entity["canonical"])
            if _fold(corpus.canonical(alias)) == _fold(canonical):
                report.aliases_resolved += 1
            else:
                report.alias_misses.append(f"{alias!r} -> {corpus.canonical(alias)!r}, want {canonical!r}")
    # two different gold entities under one corpus name is a false merge, whatever the recall
    report.merged_entities = sorted(f"{name!r}: {sorted(gold)}" for name, gold in owners.items() if len(gold) > 1)


# --------------------------------------------------------------------------- printing


def print_report(report: Report, verbose: bool = False) -> None:
    print(f"claims predicted: {report.claims} in {report.seconds:.2f}s")
    for kind, score in sorted(report.kinds.items()):
        print(f"  {kind:16s} recall {score.recall:5.2f}  ({score.found}/{score.gold})")
    print(f"  precision (attributed claims) {report.precision:5.2f}  ({report.attributed_correct}/{report.attributed})")
    print(f"  strict canonical speaker on matched claims {report.strict_speaker_ok}/{report.strict_speaker_total}")
    print(f"  valued quantities found {report.quantities_found}/{report.quantities_total}")
    print(f"  aliases resolved {report.aliases_resolved}/{report.aliases_total}"
          f"; gold entities merged into another: {len(report.merged_entities)}")
    alike, multi = report.cross_article_speakers
    print(f"  speakers named alike across articles {alike}/{multi}")
    if report.unlocated:
        print(f"  gold evidence not located: {len(report.unlocated)}")
    if verbose:
        for kind, score in sorted(report.kinds.items()):
            for miss in score.misses:
                print(f"MISS {kind}: {miss}")
        for line in report.false_positives:
            print(f"FALSE {line}")
        for line in report.quantity_misses:
            print(f"QTY {line}")
        for line in report.alias_misses:
            print(f"ALIAS {line}")
        for line in report.merged_entities:
            print(f"MERGED {line}")
        for line in report.unlocated:
            print(f"UNLOCATED {line}")
        for speaker, by_file in sorted(report.speaker_names.items()):
            if len(by_file) >= 2 and len(set().union(*by_file.values())) > 1:
                print(f"NAMES {speaker}: {dict(sorted((f[:3], sorted(n)) for f, n in by_file.items()))}")


def groups(report: Report) -> set[frozenset[str]]:
    """The gold aliases partitioned by the corpus name they resolved to."""
    by_name: dict[str, set[str]] = {}
    for alias, name in report.alias_groups.items():
        by_name.setdefault(name, set()).add(alias)
    return {frozenset(members) for members in by_name.values()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--reverse", action="store_true",
                        help="also extract in reverse file order and compare the registry's alias groups")
    args = parser.parse_args(argv)
    before = evaluate(args.seeds, registry=False)
    report = evaluate(args.seeds, registry=True)
    print_report(report, args.verbose)
    print(f"entity registry off -> on: aliases resolved {before.aliases_resolved}/{before.aliases_total}"
          f" -> {report.aliases_resolved}/{report.aliases_total}; speakers named alike across articles"
          f" {'/'.join(map(str, before.cross_article_speakers))}"
          f" -> {'/'.join(map(str, report.cross_article_speakers))}")
    if args.reverse:
        backwards = evaluate(args.seeds, registry=True, reverse=True)
        same = groups(backwards) == groups(report)
        print(f"reverse file order: aliases resolved {backwards.aliases_resolved}/{backwards.aliases_total};"
              f" alias groups {'identical' if same else 'DIFFER'}")
        if not same:
            for group in sorted(groups(report) ^ groups(backwards), key=sorted):
                side = "file order" if group in groups(report) else "reverse"
                print(f"  {side}: {sorted(group)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
