"""The names of the paths that produce claims, written to each claim's ``evidence.rule`` so a
wrong claim can be traced to the code that made it. Where a path resolved its speaker from a
SpeakerRef whose speaker rule is named, the rule reads '<path> > <speaker rule>'.

`CLAIM_RULES` lists every path with what it reads (invented examples).
"""

from __future__ import annotations

QUOTE_SAID_AFTER = "direct_quote.said_after"
QUOTE_SAID_AFTER_INVERTED = "direct_quote.said_after_inverted"
QUOTE_SAID_BEFORE = "direct_quote.said_before"
QUOTE_SAID_BEFORE_INVERTED = "direct_quote.said_before_inverted"
QUOTE_INTRODUCED = "direct_quote.introduced"
QUOTE_NEW_SUBJECT = "direct_quote.new_subject"
QUOTE_SUBJECT_BEFORE = "direct_quote.subject_before"
QUOTE_CONTINUES = "direct_quote.continues"
QUOTE_NAMED_AFTER_LEDE = "direct_quote.named_after_lede"
QUOTE_SIGNED = "direct_quote.signed"
QUOTE_LABEL = "reported.quoted_label"
REPORTED_SPEECH_VERB = "reported.speech_verb"
REPORTED_ACCORDING_TO = "reported.according_to"
REPORTED_NOMINAL_CUE = "reported.nominal_cue"
QA_ANSWER = "qa.answer"
TRANSCRIPT_LINE = "transcript.line"
HANDOVER_POST = "handover.post"
EMBEDDED_POST = "embedded_post.line"
NUMERIC_OUTLET = "numeric.outlet"
EVENT_OUTLET = "reported_event.outlet"

# the inverted form of a speech-verb rule: the speaker named right after the verb
INVERTED = {QUOTE_SAID_AFTER: QUOTE_SAID_AFTER_INVERTED, QUOTE_SAID_BEFORE: QUOTE_SAID_BEFORE_INVERTED}

CLAIM_RULES: dict[str, str] = {
    QUOTE_SAID_AFTER: "'“We will reopen the pier,” the mayor said.': a speech verb after the quotation",
    QUOTE_SAID_AFTER_INVERTED: "'“It was loud,” said Ilse Marten.': the speaker named after the verb",
    QUOTE_SAID_BEFORE: "'The mayor said: “We will reopen the pier.”': a speech verb before the quotation",
    QUOTE_SAID_BEFORE_INVERTED: "'Said Ilse Marten: “It was loud.”': the speaker after a verb before it",
    QUOTE_INTRODUCED: "'Ilse Marten was firm: “No.”': a colon after a named person",
    QUOTE_NEW_SUBJECT: "'Her brother Tomas Marten agreed. “It was loud.”': the person just written about",
    QUOTE_SUBJECT_BEFORE: "'Ilse Marten runs the ferry.' then a quotation paragraph: that person",
    QUOTE_CONTINUES: "a quotation with no verb of its own continues the latest speaker",
    QUOTE_NAMED_AFTER_LEDE: "'“Gone.” That was all Ilse Marten said.': the first person named after it",
    QUOTE_SIGNED: "'“The ferry must stay.” ― Ilse Marten': a quotation signed with a dash and a name",
    QUOTE_LABEL: "'The mayor called the vote “a triumph”.': an object and the quoted label pinned on it",
    REPORTED_SPEECH_VERB: "'The mayor said the pier would reopen.': reported speech (its quoted words, as in "
                          "'said the plan was “long overdue”', are the claim's parts)",
    REPORTED_ACCORDING_TO: "'According to the harbour board, the pier will reopen.'",
    REPORTED_NOMINAL_CUE: "'The mayor's claim that the pier was safe …', 'the board issued a warning that …': "
                          "a cue noun, with its holder named by a possessor, 'by' or a light verb",
    QA_ANSWER: "'A: We never planned to close it.': an interview answer",
    TRANSCRIPT_LINE: "'MARTEN: It was loud.': a transcript line",
    HANDOVER_POST: "'… the mayor posted on Mastodon:' then the post's paragraph",
    EMBEDDED_POST: "a line of an embedded social-media post",
    NUMERIC_OUTLET: "'The ferry carried 4,000 people.': a quantity no quotation or report carries",
    EVENT_OUTLET: "'Police closed the harbour road.': the outlet's own reported event",
}


def path_of(rule: str) -> str:
    """The claim path of a rule, without the speaker rule: 'reported.speech_verb > x' -> 'reported.speech_verb'."""
    return rule.split(" > ", 1)[0]
