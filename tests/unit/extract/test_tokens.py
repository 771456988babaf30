"""tokens: the scanner's tokens and the spans where digits are never amounts."""

from services.extract.tokens import Tokens, TokenText, not_prose_spans, token_kind


def test_numbers_keep_their_group_separators_and_words_their_apostrophes():
    toks = Tokens("won’t 20\u00a0000 1,250.5")
    assert [toks[i].text for i in range(len(toks))] == ["won’t", "20\u00a0000", "1,250.5"]
    assert toks[0].low == "won't"


def test_lookalike_letters_are_folded():
    assert token_kind("th\u0430n")[0] == "than"


def test_articles_start_an_amount_only_before_a_scale_word():
    toks = Tokens("a dog and a dozen eggs and a few hundred")
    starts = toks.amount_starts()
    assert [toks[i].text for i in starts] == ["a", "dozen", "a", "few", "hundred"]


def test_not_prose_spans_cover_urls_handles_dates_and_times():
    text = "See https://x.org/7 or @crew9 on 12/05/2021 at 14:30."
    found = [text[a:b] for a, b in not_prose_spans(text)]
    assert found == ["https://x.org/7", "@crew9", "12/05/2021", "14:30"]
    assert not_prose_spans("plain words") == []


def test_glued_and_sentence_start():
    t = TokenText("Go. 5km\nNext")
    assert t.glued(2, 3) and not t.glued(1, 2)
    assert t.sentence_start(2) and t.sentence_start(4) and not t.sentence_start(3)
    assert t.low(99) == ""
