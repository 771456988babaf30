"""Score claimwire on real news annotated by people: ``../shared/attribution-dev`` (PolNeAR dev split).

    .venv/bin/python bench/real_news_eval.py [--data DIR] [--dump PRED_DIR] [--misses N] [--json]

Each article is rebuilt from its paragraphs (joined with a blank line, as the set's README says
claimwire should see news), read through ingest (``build_articles``) and extracted in order with one
fresh ``EntityRegistry``. Every claim's content is mapped back to the paragraph it starts in, with
offsets into that paragraph (by aligning the words of the cleaned text with the paragraph's, since
cleaning changes characters such as no-break spaces), and scored with the set's own scorers, imported
from the data folder (nothing of the set is copied into the project):

- ``score.py`` on the direct quotations: every ``direct_quote`` claim, speaker = canonical and surface;
- ``score_attributions.py`` on every attribution: every claim with a speaker or a cue (direct,
  indirect, reported events), content = the claim's text.

Printed: direct-quote overlap P/R/F1, attribution content P/R/F1, end-to-end (content and source)
P/R/F1 strict and lenient, recall by kind (direct / indirect / mixed), recall by cue family (the
annotated cue sorted into speech verbs, "according to", beliefs, evidence, speech acts, nominal cues
and other), the precision of each claim kind and of each attribution type. ``--misses N`` prints N
missed gold contents per cue family for error study (to the terminal only: never paste them into the
project).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas.models import ClaimEvent, ClaimKind, RawArticle, SourceKind  # noqa: E402
from services.extract.extractor import extract_many  # noqa: E402
from services.extract.registry import EntityRegistry  # noqa: E402
from services.ingest.articles import build_articles  # noqa: E402
from services.ingest.readers import document_from_bytes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "attribution-dev"

# The annotated cue's head word, sorted into the families the issue names. A cue not listed is "other".
CUE_FAMILIES: dict[str, tuple[str, ...]] = {
    "according to": ("according",),
    "speech verb": ("said", "say", "says", "saying", "told", "tell", "tells", "telling", "added", "add",
                    "adds", "noted", "note", "notes", "claimed", "claim", "claims", "explained", "explains",
                    "stated", "states", "wrote", "writes", "write", "asked", "asks", "ask", "replied",
                    "responded", "argued", "argues", "argue", "insisted", "insists", "suggested", "suggests",
                    "declared", "announced", "announces", "recalled", "continued", "remarked", "repeated",
                    "reported", "reports", "report", "quoted", "quipped", "acknowledged", "admitted", "admits",
                    "conceded", "predicted", "predicts", "tweeted", "posted", "stressed", "emphasized",
                    "testified", "observed", "pointed", "mentioned", "confirmed", "confirms", "described",
                    "described", "speaking", "spoke", "talked", "cited", "contended", "maintained",
                    "asserted", "alleged", "alleges", "answered", "explaining", "adding", "noting",
                    "arguing", "writing", "declaring", "announcing", "claiming", "calling", "call",
                    "called", "calls", "shouted", "yelled", "chanted", "boasted", "bragged"),
    "belief": ("believe", "believes", "believed", "think", "thinks", "thought", "expect", "expects",
               "expected", "want", "wants", "wanted", "fear", "fears", "feared", "hope", "hopes", "hoped",
               "plan", "plans", "planned", "feel", "feels", "felt", "worry", "worries", "worried",
               "concerned", "know", "knows", "knew", "see", "sees", "saw", "view", "views", "consider",
               "considers", "considered", "convinced", "sure", "intend", "intends", "intended", "seek",
               "seeks", "sought", "aim", "aims", "wish", "wishes", "doubt", "doubts", "assume", "assumes",
               "suspect", "suspects", "agree", "agrees", "agreed", "disagree", "disagrees", "understand",
               "understands", "recognize", "recognizes", "realize", "realized", "likely", "confident",
               "determined", "committed", "prefer", "prefers", "like", "likes", "love", "loves", "hate",
               "opinion", "belief", "view", "convinced", "skeptical", "optimistic", "pessimistic"),
    "evidence": ("show", "shows", "showed", "shown", "showing", "found", "find", "finds", "finding",
                 "findings", "suggest", "reveal", "reveals", "revealed", "indicate", "indicates",
                 "indicated", "poll", "polls", "survey", "surveys", "data", "study", "studies", "records",
                 "documents", "filings", "figures", "estimates", "estimated", "according", "analysis",
                 "report", "research", "evidence", "results", "record", "count", "tally", "projected",
                 "projections", "demonstrate", "demonstrates"),
    "speech act": ("accused", "accuse", "accuses", "accusing", "called for", "urged", "urge", "urges",
                   "urging", "denied", "deny", "denies", "denying", "vowed", "vow", "vows", "vowing",
                   "promised", "promise", "promises", "promising", "warned", "warn", "warns", "warning",
                   "praised", "praise", "praises", "praising", "criticized", "criticised", "criticize",
                   "criticizes", "criticizing", "blamed", "blame", "blames", "blaming", "pledged", "pledge",
                   "pledges", "threatened", "threaten", "threatens", "demanded", "demand", "demands",
                   "proposed", "propose", "proposes", "rejected", "reject", "rejects", "dismissed",
                   "dismiss", "dismisses", "attacked", "attack", "attacks", "slammed", "blasted", "defended",
                   "defend", "defends", "endorsed", "endorse", "endorses", "supported", "support",
                   "supports", "backed", "back", "backs", "opposed", "oppose", "opposes", "questioned",
                   "question", "challenged", "challenge", "insulted", "mocked", "touted", "tout", "touts",
                   "thanked", "apologized", "apologised", "congratulated", "invited", "encouraged",
                   "refused", "refuse", "refuses", "declined", "decline", "declines", "agreed to",
                   "pressed", "press", "pushed", "push", "lobbied", "signaled", "signalled", "hinted",
                   "conceded", "credited", "credit", "credits", "condemned", "condemn", "condemns",
                   "rebuked", "labeled", "labelled", "branded", "dubbed", "characterized", "portrayed",
                   "painted", "framed", "cast", "offered", "offers", "offer", "committed", "commit"),
    "nominal": ("statement", "claim", "claims", "accusation", "accusations", "allegation", "allegations",
                "assertion", "argument", "remarks", "comments", "comment", "remark", "speech", "interview",
                "message", "promise", "pledge", "warning", "call", "calls", "message", "words",
                "announcement", "suggestion", "charge", "charges", "criticism", "testimony", "letter",
                "tweet", "tweets", "post", "ad", "ads", "campaign", "platform", "plan", "proposal",
                "position", "stance", "insistence", "contention", "assessment", "prediction", "vow",
                "denial", "response", "answer", "question", "questions", "reply", "explanation",
                "view", "opinion", "belief", "idea", "notion", "argument", "case", "message"),
}
# Words of a cue that say nothing of its family ('has said', 'is expected', 'did not address').
_AUXILIARIES = frozenset("has have had having is are was were be been being am will would shall should can "
                         "could may might must do does did not also just still even then now".split())

FAMILY_ORDER = ("speech verb", "according to", "belief", "evidence", "speech act", "nominal", "other")


def cue_family(cue: str | None) -> str:
    """The family of an annotated cue, by its words: a phrase is looked up whole, then word by word
    with speech acts and beliefs before the plain speech verbs ("accused", "calls for", "said he plans")."""
    words = [w for w in re.findall(r"[a-z]+", (cue or "").lower()) if w not in _AUXILIARIES]
    if not words:
        return "other"
    if "according" in words:
        return "according to"
    for family in ("speech act", "belief", "speech verb", "evidence", "nominal"):
        if any(word in CUE_FAMILIES[family] for word in words):
            return family
    return "other"


@dataclass
class Article:
    name: str
    paragraph_ids: list[str]
    paragraphs: list[str]


def load_articles(rows: Iterable[dict]) -> list[Article]:
    by_name: dict[str, Article] = {}
    for row in rows:
        name = row["id"].split("#p")[0]
        article = by_name.setdefault(name, Article(name, [], []))
        article.paragraph_ids.append(row["id"])
        article.paragraphs.append(row["text"])
    return list(by_name.values())


def raw_article(article: Article) -> RawArticle:
    body = json.dumps({"text": "\n\n".join(article.paragraphs)}).encode("utf-8")
    document = document_from_bytes(body, article.name, SourceKind.stdin, "application/json")
    built = [b for b in build_articles(document) if isinstance(b, RawArticle)]
    if len(built) != 1:
        raise SystemExit(f"ingest did not give one article for {article.name}: {built!r}")
    return built[0]


def paragraph_starts(cleaned: str, paragraphs: list[str]) -> list[int]:
    """Where each gold paragraph starts in the cleaned article text. Cleaning may change characters
    inside a paragraph, so each is found by its first words, searching forward from the last one."""
    starts, cursor = [], 0
    for paragraph in paragraphs:
        probe = " ".join(paragraph.split()[:6])
        found = cleaned.find(probe, cursor) if probe else -1
        if found < 0:
            found = cleaned.find(probe[:20], cursor) if probe else -1
        starts.append(found if found >= 0 else cursor)
        cursor = max(cursor, starts[-1])
    return starts


_TOKEN_RE = re.compile(r"\w+")  # the scorers' tokens


class ParagraphMap:
    """Offsets of the cleaned article text mapped onto the gold paragraphs. Cleaning changes some
    characters (a no-break space becomes a space, homoglyphs their letters), so a claim's text need
    not occur verbatim in the gold paragraph: its words are aligned instead (difflib over the
    scorers' word tokens), and the prediction carries paragraph offsets."""

    def __init__(self, cleaned: str, paragraphs: list[str]) -> None:
        self.cleaned, self.paragraphs = cleaned, paragraphs
        self.starts = paragraph_starts(cleaned, paragraphs)
        self._aligned: dict[int, tuple[list[tuple[int, int]], dict[int, int], list[tuple[int, int]]]] = {}

    def paragraph_at(self, offset: int) -> int:
        index = 0
        for position, start in enumerate(self.starts):
            if start <= offset:
                index = position
        return index

    def _alignment(self, index: int):
        if index not in self._aligned:
            end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.cleaned)
            ours = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(self.cleaned, self.starts[index], end)]
            theirs = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(self.paragraphs[index])]
            matcher = difflib.SequenceMatcher(
                None, [self.cleaned[a:b].lower() for a, b in ours],
                [self.paragraphs[index][a:b].lower() for a, b in theirs], autojunk=False)
            mapping = {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}
            self._aligned[index] = (ours, mapping, theirs)
        return self._aligned[index]

    def locate(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(paragraph index, start, end) in the gold paragraph of cleaned text[start:end], clipped to
        the paragraph it starts in; None when none of its words align."""
        return self._in_paragraph(self.paragraph_at(start), start, end)

    def _in_paragraph(self, index: int, start: int, end: int) -> tuple[int, int, int] | None:
        ours, mapping, theirs = self._alignment(index)
        mapped = [theirs[mapping[i]] for i, (a, b) in enumerate(ours) if a >= start and b <= end and i in mapping]
        if not mapped:
            return None
        return index, mapped[0][0], mapped[-1][1]


def content_span(claim: ClaimEvent, text: str) -> tuple[int, int] | None:
    """Where the claim's content lies in the (cleaned) article text: its quoted parts for a quote,
    else its text found from the evidence sentence on."""
    if claim.kind == ClaimKind.direct_quote and claim.parts:
        return claim.parts[0].start, claim.parts[-1].end
    found = text.find(claim.text, max(0, claim.evidence.start - len(claim.text)))
    return (found, found + len(claim.text)) if found >= 0 else None


def is_attribution(claim: ClaimEvent) -> bool:
    return claim.kind in (ClaimKind.direct_quote, ClaimKind.indirect_quote) or (
        claim.kind == ClaimKind.reported_event and (claim.speaker is not None or claim.cue is not None))


def speaker_names(claim: ClaimEvent) -> list[str]:
    if claim.speaker is None:
        return []
    return list(dict.fromkeys(n for n in (claim.speaker.canonical, claim.speaker.surface) if n))


def quoted_parts(claim: ClaimEvent) -> list[tuple[int, int, str]]:
    """The claim's quoted spans (start, end, words) in the cleaned text."""
    return [(part.start, part.end, part.text) for part in claim.parts]


def predict(articles: list[Article]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Per paragraph id: the attribution predictions and the direct-quote predictions."""
    attributions: dict[str, list[dict]] = defaultdict(list)
    quotes: dict[str, list[dict]] = defaultdict(list)
    raws = [raw_article(article) for article in articles]
    for article, raw, claims in zip(articles, raws, extract_many(raws, EntityRegistry()), strict=True):
        where = ParagraphMap(raw.text, article.paragraphs)
        for claim in claims:
            span = content_span(claim, raw.text)
            located = where.locate(*span) if span else None
            index = located[0] if located else where.paragraph_at(claim.evidence.start)
            paragraph_id = article.paragraph_ids[index]
            names = speaker_names(claim)
            # each quoted span is a quote for score.py: the parts of a split quotation and the
            # quoted words inside reported speech
            for part in quoted_parts(claim):
                quote: dict = {"text": part[2], "speaker": names}
                part_located = where.locate(part[0], part[1])
                if part_located and part_located[0] == index:
                    quote.update(start=part_located[1], end=part_located[2])
                quotes[paragraph_id].append(quote)
            if is_attribution(claim):
                prediction: dict = {
                    "content": claim.text, "source": names or None, "kind": str(claim.kind),
                    "path": (claim.evidence.rule or "-").split(" > ")[0],
                    "attribution_type": str(getattr(claim, "attribution_type", None) or "")}
                if located:
                    prediction.update(content_start=located[1], content_end=located[2])
                attributions[paragraph_id].append(prediction)
    return attributions, quotes


def _load_scorers(data: Path):
    sys.path.insert(0, str(data))
    import score  # type: ignore[import-not-found]
    import score_attributions  # type: ignore[import-not-found]
    return score, score_attributions


def breakdowns(gold_rows: list[dict], attributions: dict[str, list[dict]], scorer, misses: int) -> dict:
    """Recall by cue family, precision by claim kind and by attribution type, from the scorer's own matching."""
    gold_by_family, found_by_family = Counter(), Counter()
    emitted, matched = Counter(), Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    for row in gold_rows:
        preds = attributions.get(row["id"], [])
        pairs, _, _ = scorer.match_paragraph(row["text"], row["attributions"], preds)
        gold_hit = {gi for gi, _ in pairs}
        pred_hit = {pi for _, pi in pairs}
        for gi, gold in enumerate(row["attributions"]):
            family = cue_family(gold.get("cue"))
            gold_by_family[family] += 1
            found_by_family[family] += gi in gold_hit
            if gi not in gold_hit and len(missed[family]) < misses:
                missed[family].append(f"[{gold.get('cue')}] {gold.get('source')!r}: {gold['content'][:160]}")
        for pi, pred in enumerate(preds):
            for key in (f"kind {pred['kind']}", f"type {pred['attribution_type'] or '-'}", f"path {pred['path']}"):
                emitted[key] += 1
                matched[key] += pi in pred_hit
    return {
        "recall_by_cue_family": {f: {"gold": gold_by_family[f], "recall": round(found_by_family[f] /
                                     gold_by_family[f], 3) if gold_by_family[f] else 0.0}
                                 for f in FAMILY_ORDER if gold_by_family[f]},
        "precision_by_claim": {k: {"emitted": emitted[k], "precision": round(matched[k] / emitted[k], 3)}
                               for k in sorted(emitted)},
        "missed_examples": dict(missed),
    }


def evaluate(data: Path, misses: int = 0, dump: Path | None = None) -> dict:
    score, score_attributions = _load_scorers(data)
    gold_rows = score.load_jsonl(data / "polnear-dev.jsonl")
    quote_rows = score.load_jsonl(data / "polnear-dev-quotes.jsonl")
    articles = load_articles(gold_rows)
    attributions, quotes = predict(articles)
    attribution_preds = [{"id": row["id"], "attributions": attributions.get(row["id"], [])} for row in gold_rows]
    quote_preds = [{"id": row["id"], "quotes": quotes.get(row["id"], [])} for row in quote_rows]
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
        for name, rows in (("attributions.jsonl", attribution_preds), ("quotes.jsonl", quote_preds)):
            (dump / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return {
        "articles": len(articles),
        "direct_quotes": score.score(quote_rows, quote_preds),
        "attributions": score_attributions.score(gold_rows, attribution_preds),
        **breakdowns(gold_rows, attributions, score_attributions, misses),
    }


def _prf(block: dict) -> str:
    return f"P {block['precision']:.3f}  R {block['recall']:.3f}  F1 {block['f1']:.3f}"


def report(result: dict) -> str:
    quotes, attributions = result["direct_quotes"], result["attributions"]
    lines = [
        f"real news: {result['articles']} articles, {attributions['gold_attributions']} gold attributions, "
        f"{attributions['pred_attributions']} predicted",
        f"direct quotes, overlap         {_prf(quotes['extraction_overlap'])}",
        f"direct quotes + speaker        {_prf(quotes['end_to_end_lenient'])}",
        f"attributions, content          {_prf(attributions['content'])}",
        f"end to end (content + source)  {_prf(attributions['end_to_end_lenient'])}  (lenient)",
        f"end to end, strict source      {_prf(attributions['end_to_end_strict'])}",
        "recall by kind                 " + "  ".join(f"{k} {v:.3f}" for k, v in
                                                     attributions["content_recall_by_type"].items()),
        "recall by cue family:",
        *(f"  {family:14s} {row['recall']:.3f}  (of {row['gold']})"
          for family, row in result["recall_by_cue_family"].items()),
        "precision by claim kind and attribution type:",
        *(f"  {key:28s} {row['precision']:.3f}  (of {row['emitted']})"
          for key, row in result["precision_by_claim"].items()),
    ]
    for family, examples in result["missed_examples"].items():
        if not examples:
            continue
        lines += [f"missed, {family}:", *(f"  {example}" for example in examples)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with polnear-dev*.jsonl and scorers")
    parser.add_argument("--dump", type=Path, help="write the prediction files the scorers read into this folder")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed gold contents per cue family")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    if not (args.data / "polnear-dev.jsonl").is_file():
        print(f"no real-news set at {args.data}", file=sys.stderr)
        return 2
    result = evaluate(args.data, args.misses, args.dump)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
