"""The quotation scanner: marks, apostrophes, run-on paragraphs, unclosed quotes, embedded posts."""

from __future__ import annotations

from services.extract.quotes import find_embedded_posts, find_quotes


def texts(text: str) -> list[str]:
    return [q.text for q in find_quotes(text)]


def test_curly_and_straight_quotes_with_trailing_comma_trimmed() -> None:
    text = '“We are ready,” she said. He added: "The vote is on Friday."'
    assert texts(text) == ["We are ready", "The vote is on Friday."]


def test_apostrophes_inside_words_are_not_quotes() -> None:
    text = "The minister’s aide said Russia’s plan won’t work and the players’ union agreed."
    assert texts(text) == []


def test_single_quotes_are_quotes_where_they_open_and_close_a_phrase() -> None:
    assert texts("He called it ‘a regional deployment’, nothing more.") == ["a regional deployment"]
    assert texts("'I don't know,' he said.") == ["I don't know"]


def test_nested_single_quotes_stay_inside_the_double_quote() -> None:
    assert texts('He said: "I never said \'we surrender\', I said pause."') == [
        "I never said 'we surrender', I said pause."
    ]


def test_a_new_opening_mark_ends_an_unclosed_quote() -> None:
    text = "“Let us look at where they are. Will they stay? “Will they advance, or retreat?”"
    assert texts(text) == ["Let us look at where they are. Will they stay?", "Will they advance, or retreat?"]


def test_unclosed_quote_is_capped_at_its_paragraph() -> None:
    text = "The director said the decade was “the one that changed everything.\n\nVisitors have doubled since."
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["the one that changed everything."]
    assert not quotes[0].closed
    assert quotes[0].end <= text.index("\n")


def test_quote_running_on_into_the_next_paragraph_is_one_quote() -> None:
    text = "“Not now, not ever.\n\n“Our members voted for this strike.”\n\nOfficials said talks would resume."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].text == "Not now, not ever. Our members voted for this strike."
    assert quotes[0].closed and len(quotes[0].parts) == 2


def test_inch_marks_and_stray_closing_marks_do_not_open_quotes() -> None:
    assert texts('The player is 6\'2" tall” and fast.') == []


def test_embedded_post_with_signature() -> None:
    text = (
        "Reactions came quickly.\n\nThe park belongs to the people.\n"
        "— Sara Lind (@saralind_city) May 3, 2023\n\nLind later tabled a motion."
    )
    posts = find_embedded_posts(text)
    assert len(posts) == 1
    assert posts[0].author == "Sara Lind"
    assert posts[0].handle == "@saralind_city"
    assert posts[0].line_texts == ("The park belongs to the people.",)


def test_multi_line_post_ending_in_a_media_link_keeps_its_lines_and_drops_the_link() -> None:
    narrative = ("The convoy was seen near the border on Monday by several residents of the nearby villages, "
                 "who said the vehicles carried no markings and moved north towards the capital during the night, "
                 "according to local media reports that could not be independently verified by this outlet "
                 "or by the regional authorities.")
    text = (
        f"{narrative}\n\nTo our people: thank you.\n\nWe stand with you.#Solidarity pic.twitter.com/AbC123\n"
        "— Jane Roe (@janeroe) February 28, 2022"
    )
    posts = find_embedded_posts(text)
    # the narrative paragraph does not fit in one post's length, so the post starts after it
    assert posts[0].line_texts == ("To our people: thank you.", "We stand with you.")


def test_post_without_media_link_is_the_single_line_above_the_signature() -> None:
    text = "Protests were loud.\nBelarus joined the war\n— Anna Roe (@annaroe) March 1, 2022"
    assert find_embedded_posts(text)[0].line_texts == ("Belarus joined the war",)


def test_a_closing_mark_typed_where_the_opening_belongs_opens_the_quotation() -> None:
    assert texts("”Fear. I am afraid the levy will pass.” ― Ana Ruiz.") == ["Fear. I am afraid the levy will pass."]
    assert texts("He called the plan ”a disgrace” on Monday.") == ["a disgrace"]
    # a closing mark after a word closes nothing open and opens nothing
    assert texts("The pier” was shut.") == []
