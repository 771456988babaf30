"""Score the claim extractor's quote attribution on a hand-written development set.

    python bench/attribution_eval.py [--devset PATH] [--verbose] [--only ID[,ID...]] [--tag TAG[,TAG...]]

The development set (bench/attribution_devset.jsonl) is ~100 short news paragraphs written for this
project in many registers (wire copy, features, Q&A, live blogs, press releases, sport, courts,
business, embedded posts, British quoting, unbalanced marks, scare quotes, claim-free text), each
with a human gold annotation. It stands in for the held-out real news the product is judged on, so
it must never be tuned against sentence by sentence: a rule written for one paragraph is a defect.
Paragraphs tagged "batch-2" were written after the extractor had been worked on against the first
batch; compare the two (the by-tag table) for a rough measure of overfitting, and add a fresh,
unseen batch the same way whenever the gap needs re-measuring ("batch-3" to "batch-8" were written
blind the same way, each by a writer who never saw the extractor; score one batch alone with
--tag batch-8, and see bench/README.md for every batch's blind figure).

Gold format, one JSON object a line:
  {"id", "text", "published"?, "tags"?: [...], "notes"?, "quotes": [
     {"kind": "direct", "quote": words exactly as between the marks (one entry per quoted span),
      "speaker": canonical speaker, "unmarked"?: true for Q&A answers and embedded posts,
      "unbalanced"?: true when the closing mark is missing mid-paragraph,
      "partial"?: true for a fragment quoted inside reported speech or narration},
     {"kind": "indirect", "content": the reported content span, "speaker": ..., "cue": verb}]}
The canonical speaker is the fullest name the paragraph gives (titles dropped), or the description
when no name is given ("a spokesperson for the Ministry of Transport"). Nested quotes are part of
the outer quote and are not annotated separately; partial quotes inside reported speech are, and
flagged, because annotation schemes disagree on them: the "whole quotes" block scores direct quotes
with partial ones left out on both sides (neither credited nor held against the extractor).

Each paragraph goes through the product's own ingest path (build_articles over one JSON line), so
the extractor sees the cleaned text; predictions are matched back by text, never by offsets.

Matching (one predicted claim per gold entry unless said otherwise, maximum bipartite matching):
- direct, span: a direct_quote claim whose quoted words equal the gold after normalisation
  (Unicode NFKC, quote marks and apostrophes folded, whitespace collapsed, case folded, edge
  punctuation stripped);
- direct, lenient: token Dice >= 0.8, or a merge: the claim covers >= 0.8 of the gold span's tokens
  and >= 0.8 of the claim's tokens are gold quoted tokens of that paragraph (a split quote emitted
  as one claim then matches each of its spans; one claim may match several gold spans);
- indirect, span: an indirect_quote claim whose text has token Dice >= 0.5 with the gold content;
- +speaker: the predicted canonical speaker equals the gold speaker after normalisation (case,
  leading determiners, leading titles such as Mr/Dr/Sen./Judge/Chief Inspector, post-nominals such
  as MP/QC/Jr, possessive 's);
- +surname: the last word of both names agrees (a looser figure, printed separately).
Precision counts every direct_quote / indirect_quote claim the extractor emits, so claims on the
claim-free paragraphs and on scare quotes count against it. Other claim kinds (numeric, reported
events) are not scored here; a gold entry they cover is reported as a kind confusion.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_DEVSET = Path(__file__).resolve().parent / "attribution_devset.jsonl"

DIRECT_SPAN_DICE = 0.8
INDIRECT_SPAN_DICE = 0.5
MERGE_COVERAGE = 0.8

SCORED_KINDS = {"direct": "direct_quote", "indirect": "indirect_quote"}
MODES = {
    "direct": ("span", "span+speaker", "span+surname", "lenient", "lenient+speaker"),
    "indirect": ("span", "span+speaker", "span+surname"),
    "direct-whole": ("span", "span+speaker"),
}
KIND_TITLES = {
    "direct": "direct quotes",
    "direct-whole": "direct quotes, whole quotes only (partial quotes left out of gold and predictions)",
    "indirect": "indirect (reported speech)",
}
# Lenient direct matching lets one merged claim match several gold spans.
_MANY_TO_ONE_MODES = {"lenient", "lenient+speaker"}

# --------------------------------------------------------------------------- normalisation

_MARK_FOLD = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "‹": "'", "›": "'",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "′": "'",
})
_EDGE_CHARS = " \t\n\"'.,;:!?…-–—"
_TOKEN_RE = re.compile(r"\w+(?:'\w+)*")

_DETERMINERS = {"a", "an", "the"}
# Honorifics and ranks written before a name; stripped only when a name follows them.
_TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
    "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "president", "judge", "justice",
    "cllr", "councillor", "councilman", "councilwoman", "sgt", "sergeant", "det", "detective", "inspector",
    "chief", "constable", "superintendent", "supt", "officer", "capt", "captain", "col", "colonel", "gen",
    "general", "lt", "lieutenant", "maj", "major", "cmdr", "commander", "adm", "admiral", "coach",
    "chancellor", "minister", "prime", "secretary", "st", "saint", "hon", "rt",
}
# Letters written after a name ("Hannah Ferreira MP"): as much a title as "Dr" before it.
_POST_NOMINALS = {"mp", "msp", "mep", "qc", "kc", "jr", "sr", "phd", "obe", "mbe", "cbe", "esq"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_MARK_FOLD)


def normalise_quote(text: str) -> str:
    text = re.sub(r"\s+", " ", _fold(text)).casefold()
    return text.strip(_EDGE_CHARS)


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(_fold(text).casefold())


def token_dice(a: str, b: str) -> float:
    """Dice coefficient over token multisets: 2|A∩B| / (|A|+|B|)."""
    left, right = Counter(tokens(a)), Counter(tokens(b))
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 0.0


def _coverage(part: list[str], whole: Counter) -> float:
    """Share of ``part``'s tokens found in the multiset ``whole``."""
    return sum((Counter(part) & whole).values()) / len(part) if part else 0.0


def normalise_speaker(name: str | None) -> str:
    if not name:
        return ""
    words = re.sub(r"[^\w\s'-]", " ", _fold(name)).split()
    words = [re.sub(r"'s$|'$", "", word) for word in words]
    words = [word for word in words if word.strip("'-")]
    while words and words[0].casefold() in _DETERMINERS and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[0].casefold().rstrip(".") in _TITLES and words[1][:1].isupper():
        words = words[1:]
    while len(words) > 2 and words[-1].casefold().rstrip(".") in _POST_NOMINALS and words[-1][:1].isupper():
        words = words[:-1]
    return " ".join(words).casefold()


def same_speaker(gold: str, predicted: str | None) -> bool:
    return bool(predicted) and normalise_speaker(gold) == normalise_speaker(predicted)


def same_surname(gold: str, predicted: str | None) -> bool:
    gold_words, predicted_words = normalise_speaker(gold).split(), normalise_speaker(predicted).split()
    return bool(gold_words and predicted_words) and gold_words[-1] == predicted_words[-1]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GoldEntry:
    kind: str  # "direct" | "indirect"
    text: str  # the quote, or the reported content span
    speaker: str
    cue: str | None = None
    unmarked: bool = False
    partial: bool = False


@dataclass(frozen=True)
class DevParagraph:
    id: str
    text: str
    gold: tuple[GoldEntry, ...]
    tags: tuple[str, ...] = ()
    notes: str | None = None
    published: str | None = None
    line: str = ""


@dataclass(frozen=True)
class Prediction:
    kind: str  # a ClaimKind value
    text: str  # quoted words for direct quotes, the claim text otherwise
    speaker: str | None = None
    surface: str | None = None


def load_devset(path: Path) -> list[DevParagraph]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        data = json.loads(line)
        gold = tuple(
            GoldEntry(
                kind=item["kind"],
                text=item["quote"] if item["kind"] == "direct" else item["content"],
                speaker=item["speaker"],
                cue=item.get("cue"),
                unmarked=bool(item.get("unmarked")),
                partial=bool(item.get("partial")),
            )
            for item in data["quotes"]
        )
        rows.append(DevParagraph(
            id=str(data.get("id") or f"line {number}"), text=data["text"], gold=gold,
            tags=tuple(data.get("tags") or ()), notes=data.get("notes"), published=data.get("published"),
            line=line,
        ))
    return rows


# --------------------------------------------------------------------------- running the extractor


@dataclass
class Run:
    predictions: dict[str, list[Prediction]]
    other_claims: dict[str, list[Prediction]]  # numeric / reported_event, for kind-confusion notes
    warnings: list[str]
    seconds: float


def run_extractor(rows: list[DevParagraph]) -> Run:
    """Every paragraph through ingest (build_articles) and the extractor, batched."""
    from schemas.models import RawArticle, SourceKind
    from services.extract.extractor import extract_claims, extract_many
    from services.ingest.articles import build_articles
    from services.ingest.readers import document_from_bytes

    warnings: list[str] = []
    articles: list[tuple[DevParagraph, RawArticle]] = []
    for row in rows:
        built = build_articles(document_from_bytes(row.line.encode("utf-8"), "devset", SourceKind.stdin,
                                                   "application/x-ndjson"))
        article = next((item for item in built if isinstance(item, RawArticle)), None)
        if article is None:
            warnings.append(f"{row.id}: ingest refused the paragraph: {built[0] if built else 'no output'}")
            continue
        cleaned = normalise_quote(article.text)
        for gold in row.gold:
            if normalise_quote(gold.text) not in cleaned:
                warnings.append(f"{row.id}: cleaning changed the text of gold {gold.kind} {gold.text[:60]!r}")
        articles.append((row, article))

    predictions: dict[str, list[Prediction]] = {row.id: [] for row in rows}
    other: dict[str, list[Prediction]] = {row.id: [] for row in rows}
    started = time.perf_counter()
    try:
        claim_lists = list(extract_many(article for _, article in articles))
    except Exception:  # a crash is a finding: find the paragraph(s) one by one and keep scoring the rest
        claim_lists = []
        for row, article in articles:
            try:
                claim_lists.append(extract_claims(article))
            except Exception as error:
                warnings.append(f"{row.id}: the extractor crashed: {type(error).__name__}: {error}")
                claim_lists.append([])
    for (row, _), claims in zip(articles, claim_lists, strict=True):
        for claim in claims:
            kind = str(getattr(claim.kind, "value", claim.kind))
            speaker = claim.speaker.canonical if claim.speaker else None
            surface = claim.speaker.surface if claim.speaker else None
            # the gold has one direct entry per quoted span: each part of a split quotation, and
            # the quoted words inside reported speech (flagged partial)
            quoted = [part.text for part in claim.parts] or ([claim.quote or claim.text] if kind == "direct_quote"
                                                            else [])
            for words in quoted:
                predictions[row.id].append(Prediction(kind="direct_quote", text=words, speaker=speaker,
                                                      surface=surface))
            if kind != "direct_quote":
                prediction = Prediction(kind=kind, text=claim.text, speaker=speaker, surface=surface)
                (predictions if kind in SCORED_KINDS.values() else other)[row.id].append(prediction)
    return Run(predictions, other, warnings, time.perf_counter() - started)


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    gold_found: int = 0
    predicted_correct: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.gold_found += other.gold_found
        self.predicted_correct += other.predicted_correct


@dataclass
class Report:
    counts: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_tag: dict[tuple[str, str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    miss_reasons: Counter = field(default_factory=Counter)
    fp_reasons: Counter = field(default_factory=Counter)
    paragraphs: int = 0

    @staticmethod
    def modes(kind: str) -> tuple[str, ...]:
        return MODES[kind]


def _span_match(kind: str, mode: str, gold: GoldEntry, predicted: Prediction, quoted_tokens: Counter) -> bool:
    if kind == "indirect":
        return token_dice(gold.text, predicted.text) >= INDIRECT_SPAN_DICE
    if not mode.startswith("lenient"):
        return normalise_quote(gold.text) == normalise_quote(predicted.text)
    if token_dice(gold.text, predicted.text) >= DIRECT_SPAN_DICE:
        return True
    predicted_tokens = tokens(predicted.text)
    return (_coverage(tokens(gold.text), Counter(predicted_tokens)) >= MERGE_COVERAGE
            and _coverage(predicted_tokens, quoted_tokens) >= MERGE_COVERAGE)


def _matches(kind: str, mode: str, gold: GoldEntry, predicted: Prediction, quoted_tokens: Counter) -> bool:
    if not _span_match(kind, mode, gold, predicted, quoted_tokens):
        return False
    if mode.endswith("+speaker"):
        return same_speaker(gold.speaker, predicted.speaker)
    if mode.endswith("+surname"):
        return same_surname(gold.speaker, predicted.speaker)
    return True


def _pair(kind: str, mode: str, golds: list[GoldEntry], predicted: list[Prediction],
          quoted_tokens: Counter) -> tuple[set[int], set[int]]:
    """Indices of matched gold entries and matched predictions."""
    if not golds or not predicted:
        return set(), set()
    ok = np.array([[_matches(kind, mode, g, p, quoted_tokens) for p in predicted] for g in golds], dtype=bool)
    if mode in _MANY_TO_ONE_MODES:
        return set(np.flatnonzero(ok.any(axis=1))), set(np.flatnonzero(ok.any(axis=0)))
    # Maximum matching; ties go to the closest wording.
    closeness = np.array([[token_dice(g.text, p.text) for p in predicted] for g in golds])
    rows, cols = linear_sum_assignment(-(ok * (1.0 + 0.01 * closeness)))
    pairs = [(r, c) for r, c in zip(rows, cols, strict=True) if ok[r, c]]
    return {r for r, _ in pairs}, {c for _, c in pairs}


def _describe_miss(kind: str, gold: GoldEntry, predicted: list[Prediction], other: list[Prediction],
                   quoted_tokens: Counter) -> tuple[str, str]:
    """(reason category, detail) for a gold entry not matched with the right speaker."""
    same_kind = [p for p in predicted if p.kind == SCORED_KINDS[kind]]
    spans = [p for p in same_kind if _span_match(kind, "span", gold, p, quoted_tokens)]
    if spans:
        speakers = ", ".join(repr(p.speaker) for p in spans)
        if all(p.speaker is None for p in spans):
            return "span found, no speaker", f"speaker: none (gold {gold.speaker!r})"
        if any(same_surname(gold.speaker, p.speaker) for p in spans):
            return "span found, speaker differs, last word agrees", f"speaker: {speakers} (gold {gold.speaker!r})"
        return "span found, wrong speaker", f"speaker: {speakers} (gold {gold.speaker!r})"
    if kind == "direct":
        lenient = [p for p in same_kind if _span_match(kind, "lenient", gold, p, quoted_tokens)]
        if lenient:
            return "quote boundaries differ", f"predicted {lenient[0].text[:90]!r}"
    threshold = DIRECT_SPAN_DICE if kind == "direct" else INDIRECT_SPAN_DICE
    confused = [p for p in other if token_dice(gold.text, p.text) >= threshold]
    wrong_kind = "indirect_quote" if kind == "direct" else "direct_quote"
    confused += [p for p in predicted if p.kind == wrong_kind and token_dice(gold.text, p.text) >= threshold]
    if confused:
        return f"emitted as {confused[0].kind}", f"as {confused[0].kind} {confused[0].text[:70]!r}"
    nearest = max(same_kind, key=lambda p: token_dice(gold.text, p.text), default=None)
    if nearest is not None and token_dice(gold.text, nearest.text) >= 0.3:
        return ("span boundaries differ",
                f"nearest {nearest.text[:90]!r} (dice {token_dice(gold.text, nearest.text):.2f})")
    return "not found", ""


def _describe_false_positive(kind: str, row: DevParagraph, prediction: Prediction, golds: list[GoldEntry],
                             quoted_tokens: Counter) -> str:
    if not row.gold:
        return "claim-free paragraph"
    if any(_span_match(kind, "span", g, prediction, quoted_tokens) for g in golds):
        return "duplicate of a found span"
    other_kind = "indirect" if kind == "direct" else "direct"
    threshold = DIRECT_SPAN_DICE if other_kind == "direct" else INDIRECT_SPAN_DICE
    if any(token_dice(g.text, prediction.text) >= threshold for g in row.gold if g.kind == other_kind):
        return f"gold {other_kind} emitted as {kind}"
    if kind == "direct" and any(_span_match(kind, "lenient", g, prediction, quoted_tokens) for g in golds):
        return "quote boundaries differ"
    nearest = max((token_dice(g.text, prediction.text) for g in golds), default=0.0)
    return "span boundaries differ" if nearest >= 0.3 else "no gold span"


def score(rows: list[DevParagraph], predictions: dict[str, list[Prediction]],
          other_claims: dict[str, list[Prediction]] | None = None) -> Report:
    report = Report(paragraphs=len(rows))
    other_claims = other_claims or {}
    for row in rows:
        row_predictions = predictions.get(row.id, [])
        quoted_tokens = Counter(t for g in row.gold if g.kind == "direct" for t in tokens(g.text))
        tags = row.tags or ("untagged",)
        for kind, claim_kind in SCORED_KINDS.items():
            golds = [g for g in row.gold if g.kind == kind]
            predicted = [p for p in row_predictions if p.kind == claim_kind]
            for mode in MODES[kind]:
                found, correct = _pair(kind, mode, golds, predicted, quoted_tokens)
                counts = Counts(len(golds), len(predicted), len(found), len(correct))
                report.counts[(kind, mode)].add(counts)
                for tag in tags:
                    report.by_tag[(tag, kind, mode)].add(counts)
                if kind == "direct" and mode in MODES["direct-whole"]:
                    partials = [g for g in golds if g.partial]
                    wholes = [g for g in golds if not g.partial]
                    kept = [p for p in predicted
                            if not any(_span_match(kind, "span", g, p, quoted_tokens) for g in partials)]
                    found_whole, correct_whole = _pair(kind, mode, wholes, kept, quoted_tokens)
                    report.counts[("direct-whole", mode)].add(
                        Counts(len(wholes), len(kept), len(found_whole), len(correct_whole)))
                if mode == "span+speaker":
                    for index, gold in enumerate(golds):
                        if index in found:
                            continue
                        reason, detail = _describe_miss(kind, gold, row_predictions, other_claims.get(row.id, []),
                                                        quoted_tokens)
                        report.miss_reasons[(kind, reason)] += 1
                        report.misses.append(f"[{row.id}] {kind} MISS ({reason}) {gold.text[:90]!r} "
                                             f"— {gold.speaker}{'; ' + detail if detail else ''}")
                if mode == "span":
                    for index, prediction in enumerate(predicted):
                        if index in correct:
                            continue
                        reason = _describe_false_positive(kind, row, prediction, golds, quoted_tokens)
                        report.fp_reasons[(kind, reason)] += 1
                        report.false_positives.append(
                            f"[{row.id}] {kind} FALSE POSITIVE ({reason}) {prediction.text[:90]!r} "
                            f"— {prediction.speaker}")
    return report


# --------------------------------------------------------------------------- output


def _row(label: str, counts: Counts) -> str:
    return (f"  {label:<18} P {counts.precision:6.1%}  R {counts.recall:6.1%}  F1 {counts.f1:6.1%}"
            f"   (gold {counts.gold_found}/{counts.gold}, predicted {counts.predicted_correct}/{counts.predicted})")


def print_report(report: Report, run: Run | None, verbose: bool, out=sys.stdout) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    say(f"attribution dev set: {report.paragraphs} paragraphs"
        + (f", extractor {run.seconds:.1f}s" if run else ""))
    for kind in ("direct", "direct-whole", "indirect"):
        say(f"\n{KIND_TITLES[kind]}")
        for mode in MODES[kind]:
            say(_row(mode, report.counts[(kind, mode)]))

    say("\nmisses by reason (span+speaker)")
    for (kind, reason), count in report.miss_reasons.most_common():
        say(f"  {count:3d}  {kind:<8} {reason}")
    say("false positives by reason (span)")
    for (kind, reason), count in report.fp_reasons.most_common():
        say(f"  {count:3d}  {kind:<8} {reason}")

    tags = sorted({tag for tag, _, _ in report.by_tag})
    if tags:
        say("\nby tag (span+speaker: recall found/gold, precision correct/predicted; direct | indirect)")
        for tag in sorted(tags, key=lambda t: _tag_order(report, t)):
            cells = []
            for kind in ("direct", "indirect"):
                counts = report.by_tag.get((tag, kind, "span+speaker"))
                cells.append("            " if counts is None or not (counts.gold or counts.predicted) else
                             f"R {counts.gold_found:2d}/{counts.gold:<2d}"
                             f" P {counts.predicted_correct:2d}/{counts.predicted:<2d}")
            say(f"  {tag:<30} {cells[0]:<20} | {cells[1]}")

    if run and run.warnings:
        say("\ningest warnings")
        for warning in run.warnings:
            say(f"  {warning}")
    if verbose:
        say("\nmisses")
        for line in report.misses:
            say(f"  {line}")
        say("\nfalse positives")
        for line in report.false_positives:
            say(f"  {line}")


def _tag_order(report: Report, tag: str) -> tuple[float, str]:
    """Weakest tags first: F1 over both kinds, span+speaker."""
    total = Counts()
    for kind in ("direct", "indirect"):
        counts = report.by_tag.get((tag, kind, "span+speaker"))
        if counts is not None:
            total.add(counts)
    return (total.f1 if total.gold or total.predicted else 1.0, tag)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and false positive")
    parser.add_argument("--only", help="comma-separated paragraph ids to score")
    parser.add_argument("--tag", help="comma-separated tags: score only paragraphs carrying any of them (e.g. batch-3)")
    args = parser.parse_args(argv)

    rows = load_devset(args.devset)
    if args.only:
        wanted = {part.strip() for part in args.only.split(",")}
        rows = [row for row in rows if row.id in wanted]
    if args.tag:
        wanted_tags = {part.strip() for part in args.tag.split(",")}
        rows = [row for row in rows if wanted_tags & set(row.tags)]
    run = run_extractor(rows)
    report = score(rows, run.predictions, run.other_claims)
    print_report(report, run, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
