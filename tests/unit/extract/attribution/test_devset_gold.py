"""The attribution development set (bench/attribution_devset.jsonl) is gold: these tests keep it
well-formed and self-consistent, and check that its scorer gives the obvious answers on obvious
predictions. They do NOT assert the extractor's score: that is a benchmark, printed by
``python bench/attribution_eval.py``."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
DEVSET = REPO / "bench" / "attribution_devset.jsonl"
EVAL_SCRIPT = REPO / "bench" / "attribution_eval.py"

OPENING_MARKS = "“\"‘'«‹„‚"
CLOSING_MARKS = "”\"’'»›“‘"
ROW_KEYS = {"id", "text", "published", "quotes", "tags", "notes"}
DIRECT_KEYS = {"quote", "speaker", "kind", "unmarked", "unbalanced", "partial"}
INDIRECT_KEYS = {"content", "speaker", "cue", "kind"}


def _rows() -> list[dict]:
    with DEVSET.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()


def _cases(kind: str) -> list[pytest.param]:
    return [
        pytest.param(row, gold, id=f"{row['id']}:{index}")
        for row in ROWS
        for index, gold in enumerate(row["quotes"])
        if gold.get("kind") == kind
    ]


def _load_eval_module():
    spec = importlib.util.spec_from_file_location("attribution_eval", EVAL_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("attribution_eval", module)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- file shape


def test_devset_is_large_and_varied_enough_to_mean_something():
    assert len(ROWS) >= 60
    kinds = [gold["kind"] for row in ROWS for gold in row["quotes"]]
    assert kinds.count("direct") >= 50 and kinds.count("indirect") >= 30
    assert sum(1 for row in ROWS if not row["quotes"]) >= 5, "need claim-free paragraphs to measure precision"


def test_ids_are_unique_and_rows_have_only_known_fields():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert isinstance(row["id"], str) and row["id"].strip()
        assert set(row) <= ROW_KEYS, f"{row['id']}: unknown fields {set(row) - ROW_KEYS}"
        assert isinstance(row["text"], str) and row["text"].strip()
        assert isinstance(row["quotes"], list)
        assert all(isinstance(tag, str) and tag for tag in row.get("tags", []))


@pytest.mark.parametrize("row", [r for r in ROWS if "published" in r], ids=lambda r: r["id"])
def test_published_is_an_iso_date(row):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"])
    date.fromisoformat(row["published"])


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_every_gold_entry_has_a_kind_and_a_speaker_named_in_the_text(row):
    for gold in row["quotes"]:
        assert gold.get("kind") in {"direct", "indirect"}
        allowed = DIRECT_KEYS if gold["kind"] == "direct" else INDIRECT_KEYS
        assert set(gold) <= allowed, f"unknown fields {set(gold) - allowed}"
        speaker = gold.get("speaker")
        assert isinstance(speaker, str) and speaker.strip() == speaker and speaker
        # The canonical speaker is the fullest form the paragraph itself gives, so every word of it
        # is written there (a nickname or a title between its words may be left out, and a
        # possessor named: "her office" -> "Miriam Ashworth-Delgado's office").
        text_words = set(re.findall(r"[\w-]+", row["text"].casefold().replace("’", "'")))
        missing = [w for w in re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", speaker.casefold())) if w not in text_words]
        assert not missing, f"speaker {speaker!r}: {missing} not in the paragraph"


# --------------------------------------------------------------------------- spans


def _bounded_occurrences(text: str, quote: str, need_closing: bool) -> list[int]:
    """Offsets where ``quote`` sits right after an opening mark and, if required, right before a
    closing mark or the end of its paragraph (a quote continued in the next paragraph)."""
    hits = []
    for match in re.finditer(re.escape(quote), text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else "\n"
        if before and before in OPENING_MARKS and (not need_closing or after in CLOSING_MARKS or after == "\n"):
            hits.append(match.start())
    return hits


@pytest.mark.parametrize(("row", "gold"), _cases("direct"))
def test_direct_quote_is_exactly_the_words_between_the_marks(row, gold):
    quote = gold["quote"]
    assert isinstance(quote, str) and quote.strip() == quote and quote
    text = row["text"]
    assert quote in text
    if gold.get("unmarked"):
        # Q&A answers and embedded posts: the words stand on their own, not inside marks.
        for match in re.finditer(re.escape(quote), text):
            assert match.start() == 0 or text[match.start() - 1] not in OPENING_MARKS
        return
    assert _bounded_occurrences(text, quote, need_closing=not gold.get("unbalanced")), (
        f"{quote!r} is not bounded by quote marks in {row['id']}"
    )
    if gold.get("unbalanced"):
        end = text.index(quote) + len(quote)
        assert end < len(text) and text[end] not in CLOSING_MARKS, "an 'unbalanced' quote must lack its closing mark"


@pytest.mark.parametrize(("row", "gold"), _cases("indirect"))
def test_indirect_content_and_cue_occur_in_the_paragraph(row, gold):
    content, cue = gold["content"], gold.get("cue")
    assert isinstance(content, str) and content.strip() == content and content
    assert content in row["text"]
    assert isinstance(cue, str) and cue
    assert re.search(rf"\b{re.escape(cue)}\b", row["text"], re.IGNORECASE), f"cue {cue!r} not in {row['id']}"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_no_direct_quote_is_listed_twice_in_a_paragraph(row):
    quotes = [gold["quote"] for gold in row["quotes"] if gold["kind"] == "direct"]
    assert len(quotes) == len(set(quotes))


# --------------------------------------------------------------------------- the scorer itself


@pytest.fixture(scope="module")
def evaluator():
    return _load_eval_module()


def test_speaker_normalisation_strips_titles_and_determiners_only(evaluator):
    norm = evaluator.normalise_speaker
    assert norm("Dr. Amrit Vale") == norm("Amrit Vale") == "amrit vale"
    assert norm("Chief Inspector Hannah Moyo") == "hannah moyo"
    assert norm("Mr Jalloh’s") == "jalloh"
    assert norm("Kevin O’Dowd") == norm("Kevin O'Dowd")
    assert norm("the interior ministry") == norm("The Interior Ministry") == "interior ministry"
    # a bare title is the whole name, not something to strip
    assert norm("the mayor") == "mayor"
    assert norm("Amrit Vale") != norm("Vale")
    assert norm("Hannah Ferreira MP") == "hannah ferreira"
    assert norm("Sam Jr") == "sam jr"  # too short to be a name plus post-nominal


def test_quote_normalisation_ignores_marks_case_and_edge_punctuation(evaluator):
    norm = evaluator.normalise_quote
    assert norm("“The plan is simple,”") == norm('"the plan  is simple"') == norm("The plan is simple.")
    assert norm("It’s over") == norm("It's over")
    assert norm("It is over") != norm("It is not over")


def test_token_dice(evaluator):
    assert evaluator.token_dice("a b c d", "a b c d") == 1.0
    assert evaluator.token_dice("a b c d", "x y") == 0.0
    assert evaluator.token_dice("the talks had failed", "he said the talks had failed") == pytest.approx(0.8)


def _claims_from_gold(evaluator, rows):
    """What a perfect extractor would emit for these rows."""
    return {
        row["id"]: [
            evaluator.Prediction(
                kind="direct_quote" if gold["kind"] == "direct" else "indirect_quote",
                text=gold.get("quote") or gold["content"],
                speaker=gold["speaker"],
            )
            for gold in row["quotes"]
        ]
        for row in rows
    }


def test_perfect_predictions_score_one_and_none_score_zero(evaluator):
    rows = evaluator.load_devset(DEVSET)
    perfect = evaluator.score(rows, _claims_from_gold(evaluator, ROWS))
    for kind in ("direct", "direct-whole", "indirect"):
        for mode in perfect.modes(kind):
            counts = perfect.counts[(kind, mode)]
            assert counts.precision == 1.0 and counts.recall == 1.0, (kind, mode)
    empty = evaluator.score(rows, {row["id"]: [] for row in ROWS})
    assert empty.counts[("direct", "span")].recall == 0.0
    assert empty.counts[("indirect", "span+speaker")].recall == 0.0


def test_wrong_speaker_and_invented_quote_are_counted_against_the_extractor(evaluator):
    rows = [row for row in evaluator.load_devset(DEVSET) if row.id in {"wire-03", "none-03"}]
    predictions = {
        "wire-03": [
            evaluator.Prediction("direct_quote", "It's the first time in 30 years the river has frozen solid",
                                 "Anselm"),
            evaluator.Prediction("direct_quote", "People are driving trucks across it", "the dam"),
        ],
        "none-03": [evaluator.Prediction("direct_quote", "The Salt House", "Merrow Prize")],
    }
    report = evaluator.score(rows, predictions)
    span = report.counts[("direct", "span")]
    assert (span.gold_found, span.predicted_correct, span.predicted, span.gold) == (2, 2, 3, 2)
    assert report.counts[("direct", "span+speaker")].gold_found == 0
    assert report.counts[("direct", "span+surname")].gold_found == 1
    assert any("none-03" in line for line in report.false_positives)


def test_every_paragraph_survives_ingest_with_its_gold_spans(evaluator):
    """The scorer feeds each line through build_articles: cleaning must keep every gold span, or
    the benchmark would blame the extractor for words it never saw."""
    from schemas.models import RawArticle, SourceKind
    from services.ingest.articles import build_articles
    from services.ingest.readers import document_from_bytes

    for row in evaluator.load_devset(DEVSET):
        built = build_articles(document_from_bytes(row.line.encode("utf-8"), "devset", SourceKind.stdin,
                                                   "application/x-ndjson"))
        assert len(built) == 1 and isinstance(built[0], RawArticle), f"{row.id}: {built}"
        body = evaluator.normalise_quote(built[0].text)
        for gold in row.gold:
            assert evaluator.normalise_quote(gold.text) in body, f"{row.id}: cleaning lost {gold.text!r}"
        if row.published:
            assert built[0].published is not None and built[0].published.date().isoformat() == row.published
