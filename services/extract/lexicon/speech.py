"""Verbs and nouns of speech: what reports a statement ('said', 'warned') and how."""

from __future__ import annotations

import re

from services.extract.lexicon.stance import BELIEF_LEMMAS, EVIDENCE_LEMMAS, IRREGULAR_STANCE_FORMS

# Lemmas of verbs that report speech (and, for now, a stance a speaker states); the parser's lemma is
# checked against `CUE_LEMMAS`, which adds beliefs and evidence (lexicon.stance).
SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    say tell add state announce claim warn insist deny dismiss accuse vow declare report write tweet
    post publish confirm reveal explain argue assert allege suggest note stress emphasise emphasize
    acknowledge admit reply respond answer comment remark predict promise pledge threaten urge
    believe estimate caution conclude describe disclose indicate maintain mention observe
    propose question reiterate repeat reckon recall recount tout unveil concede contend complain
    criticise criticize condemn blame call demand ask order instruct inform brief testify
    read quip shout exclaim joke boast lament retort counter reject rule find
    aver opine posit affirm proclaim confess decry bemoan rebut refute assure reassure plead
    underscore underline highlight hint signal clarify speculate muse concur
    praise blast slam defend endorse encourage cite challenge
    """.split()
)

# Speech acts: what the words do (accuse, promise, warn, praise) more than what they state. They are
# also SPEECH_LEMMAS; this list gives their claims the attribution type "speech act".
SPEECH_ACT_LEMMAS: frozenset[str] = frozenset(
    """
    accuse deny dismiss vow promise pledge threaten urge warn praise criticise criticize condemn blame
    demand call propose reject blast slam defend endorse encourage question challenge
    decry rebut refute plead order instruct
    """.split()
)

# Verbs whose object (not a clause) is the content: "X denied the claims", "X vowed war".
OBJECT_CONTENT_LEMMAS: frozenset[str] = frozenset(
    "announce deny dismiss vow promise pledge threaten question reject confirm demand unveil "
    "predict criticise criticize condemn welcome blame accuse warn report "
    # speech acts whose object is what they are about ('defended the tweets', 'cited the polls')
    # ('attack' and 'oppose' are left out: 'if Ukraine attacks his country', 'they oppose the war'
    # are acts and stances, not statements)
    "cite defend propose endorse praise blast slam decry challenge "
    # expectations and evidence with an object ('expects a recount', 'polls show a tie')
    "expect anticipate reveal indicate".split()
)

# Verbs whose content can be a prepositional phrase, with the prepositions that carry it: 'accused
# X of Y', 'warned of Y', 'called for a recount', 'called on the mayor to resign', 'spoke of Y'.
PREPOSITION_CONTENT: dict[str, frozenset[str]] = {
    "accuse": frozenset({"of"}),
    "warn": frozenset({"of", "about", "against"}),
    "blame": frozenset({"on", "for"}),
    "complain": frozenset({"of", "about", "over"}),
    "speak": frozenset({"of", "about", "against", "on"}),
    "call": frozenset({"for", "on"}),
    "plead": frozenset({"for"}),
    "argue": frozenset({"for", "against"}),
    "believe": frozenset({"in"}),
    "vow": frozenset({"on"}),
}

# Forms of the speech lemmas that speech_verb_forms cannot build from the lemma.
IRREGULAR_SPEECH_FORMS = {
    "say": ["said", "says", "saying", "say"],
    "tell": ["told", "tells", "telling", "tell"],
    "write": ["wrote", "writes", "writing", "written", "write"],
    "tweet": ["tweeted", "tweets", "tweeting", "tweet"],
    "find": ["found", "finds", "finding", "find"],
    "aver": ["aver", "avers", "averred", "averring"],
    "concur": ["concur", "concurs", "concurred", "concurring"],
    "rebut": ["rebut", "rebuts", "rebutted", "rebutting"],
    "signal": ["signal", "signals", "signalled", "signaled", "signalling", "signaling"],
    "plead": ["plead", "pleads", "pleaded", "pled", "pleading"],
}


def speech_verb_forms(lemma: str) -> list[str]:
    """The inflected forms of a speech lemma: 'admit' -> admit, admits, admitted, admitting."""
    if lemma in IRREGULAR_SPEECH_FORMS:
        return IRREGULAR_SPEECH_FORMS[lemma]
    if lemma in IRREGULAR_STANCE_FORMS:
        return IRREGULAR_STANCE_FORMS[lemma]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", lemma):  # one-syllable CVC: admit -> admitted
        return [lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    forms = [lemma, lemma + "s", lemma + "ed", lemma + "ing"]
    if lemma.endswith(("sh", "ch", "ss", "x")):
        forms[1] = lemma + "es"
    if lemma in {"admit", "regret", "commit"}:
        forms += [lemma + "ted", lemma + "ting"]
    return forms


# Every inflected form of every speech lemma.
SPEECH_FORMS: frozenset[str] = frozenset(f for lemma in SPEECH_LEMMAS for f in speech_verb_forms(lemma))

# Every verb that can cue an attribution: speech, speech acts, beliefs and evidence, and their forms.
CUE_LEMMAS: frozenset[str] = SPEECH_LEMMAS | BELIEF_LEMMAS | EVIDENCE_LEMMAS
CUE_FORMS: frozenset[str] = frozenset(f for lemma in CUE_LEMMAS for f in speech_verb_forms(lemma))

# Forms of reporting verbs that are as often nouns ('the report', 'a warning', 'off the post'); after a
# determiner or a preposition they are nouns and do not make a sentence worth parsing.
NOUN_LIKE_FORMS: frozenset[str] = frozenset(
    """
    report reports post posts claim claims demand demands order orders state states call calls
    comment comments question questions answer answers reply replies promise promises pledge pledges
    estimate estimates note notes tweet tweets counter repeat repeats quip quips boast boasts
    threat warning warnings reading readings briefing saying posting writing blame
    plan plans hope hopes fear fears want wants show shows finding findings doubt doubts wish wishes
    aim aims plea pleas defend challenge challenges
    """.split()
) & CUE_FORMS

# Two-word proper names whose last word is a cue form: there the form is a word of the name ('the
# United States', 'the Washington Post'), never a reporting verb.
NAMES_ENDING_IN_A_CUE_FORM: frozenset[str] = frozenset({
    "united states", "islamic state", "washington post", "huffington post",
})

# Verbs that report speech only with 'back' ('hit back at critics, saying', 'shot back that …').
PHRASAL_SPEECH_FORMS: frozenset[str] = frozenset(
    "hit hits hitting shot shoots shoot fired fires fire snapped snaps".split()
)

# Stance verbs that report speech only with a that-clause ("maintained that ...", not "maintains
# garrisons to guard ...").
SPEECH_ONLY_WITH_THAT_CLAUSE = frozenset({"maintain", "believe", "estimate", "note", "point", "reckon", "indicate",
                                          "observe", "suggest", "argue", "conclude", "recall", "mention",
                                          # a court's ruling and a study's finding are reported only with what
                                          # was ruled or found ("ruled that", not "ruled out"; "found that",
                                          # not "found the body")
                                          "rule", "find",
                                          # stance verbs of formal and South Asian / West African house
                                          # styles: speech only with what is asserted ("highlighted the
                                          # risks" reports no statement)
                                          "underscore", "underline", "highlight", "hint", "signal", "clarify",
                                          "speculate", "muse", "concur", "posit", "affirm"})

# "quoted him as saying", "quoting a source": the forms of "quote".
QUOTE_VERB_FORMS = frozenset({"quote", "quotes", "quoted", "quoting"})

# Verbs that pin a quoted label on something ('called the vote “a victory”', 'dismissed the report
# as “market rumour”'): the quoted words are the speaker's claim.
LABELLING_LEMMAS = frozenset({"call", "describe", "dismiss", "reject", "condemn", "criticise", "criticize"})

# Verbs that report speech only when what they take is something said ("rejected the claims",
# "dismissed the report as a fairy tale"), and are acts otherwise ("rejected the application",
# "dismissed the case").
ACT_OR_SPEECH_LEMMAS = frozenset({"reject", "dismiss", "report"})

# Nouns for something said: an ACT_OR_SPEECH verb with one as its object reports speech.
DISCOURSE_NOUNS = frozenset(
    """
    claim allegation accusation charge criticism suggestion report idea notion speculation rumour
    rumor assertion characterisation characterization comparison premise argument concern warning
    theory story account version finding conclusion label description remark comment statement
    talk assessment analysis interpretation reading view
    """.split()
)

# "refused to comment", "declined to say": a speech verb after one of these reports no speech.
REFUSAL_FORMS = frozenset("refused refuses refusing declined declines declining failed fails avoided avoids "
                          "hesitated".split())

# Verbs whose object is the audience and whose that-clause is what was said.
AUDIENCE_LEMMAS = frozenset({"tell", "inform", "assure", "remind", "warn", "brief", "promise"})
