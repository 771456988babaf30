"""Verbs and nouns of speech: what reports a statement ('said', 'warned') and how."""

from __future__ import annotations

import re

from services.extract.lexicon.stance import (
    BELIEF_LEMMAS,
    BELIEF_NOUNS,
    EVIDENCE_LEMMAS,
    EVIDENCE_NOUNS,
    IRREGULAR_STANCE_FORMS,
    STANCE_ADJECTIVES,
)

# Speech acts: what the words do (accuse, promise, warn, praise) more than what they state; this list
# gives their claims the attribution type "speech act".
SPEECH_ACT_LEMMAS: frozenset[str] = frozenset(
    """
    accuse deny dismiss vow promise pledge threaten urge warn praise criticise criticize condemn blame
    demand call propose reject blast slam defend endorse encourage question challenge
    decry rebut refute plead order instruct
    attack brand label dub hail denounce portray characterise characterize liken ask wonder inquire
    back support oppose thank mock
    """.split()
)

# Lemmas of verbs that report speech (and, for now, a stance a speaker states): those that state, and
# the speech acts. The parser's lemma is checked against `CUE_LEMMAS`, which adds beliefs and evidence
# (lexicon.stance).
SPEECH_LEMMAS: frozenset[str] = SPEECH_ACT_LEMMAS | frozenset(
    """
    say tell add state announce claim insist declare report write tweet
    post publish confirm reveal explain argue assert allege suggest note stress emphasise emphasize
    acknowledge admit reply respond answer comment remark predict
    believe estimate caution conclude describe disclose indicate maintain mention observe
    reiterate repeat reckon recall recount tout unveil concede contend complain
    inform brief testify
    read quip shout exclaim joke boast lament retort counter rule find
    aver opine posit affirm proclaim confess bemoan assure reassure
    underscore underline highlight hint signal clarify speculate muse concur
    cite
    """.split()
)

# Verbs whose object (not a clause) is the content: "X denied the claims", "X vowed war".
OBJECT_CONTENT_LEMMAS: frozenset[str] = frozenset(
    "announce deny dismiss vow promise pledge threaten question reject confirm demand unveil "
    "predict criticise criticize condemn welcome blame accuse warn report "
    # speech acts whose object is what they are about ('defended the tweets', 'cited the polls')
    # ('attack' only with a verdict, see ONLY_WITH_PREPOSITION; 'oppose' is left out: 'if the army
    # attacks the town', 'they oppose the war' are acts and stances, not statements)
    "cite defend propose endorse praise blast slam decry challenge mock "
    # taking a side, with a named object only (see SIDE_TAKING_LEMMAS)
    "back support oppose thank "
    # expectations and evidence with an object ('expects a recount', 'polls show a tie')
    "expect anticipate reveal indicate "
    # what was acknowledged, mentioned or stressed ('acknowledged their uphill battle', 'noted the
    # clot's existence'): real news annotates the object as the content
    "acknowledge admit concede proclaim mention note disclose tout stress emphasise emphasize highlight "
    "underscore".split()
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
    # a verdict pinned on someone: 'attacked her rival as a fraud', 'praised the crew for its calm'
    **{lemma: frozenset({"as", "for"}) for lemma in
       "attack blast slam praise hail criticise criticize condemn denounce portray characterise characterize mock"
       .split()},
    "liken": frozenset({"to"}),
    **{lemma: frozenset({"as"}) for lemma in ("see", "view", "regard")},
    "agree": frozenset({"with", "on"}),
    "disagree": frozenset({"with", "on"}),
    "worry": frozenset({"about", "over"}),
    "thank": frozenset({"for"}),  # 'worried about the cost' (the form 'worried' reads as 'worry')
    **{adjective: frozenset({"about", "of"}) for adjective in ("worried", "concerned", "afraid", "aware", "skeptical",
                                                              "sceptical", "fearful", "confident", "hopeful")},
}

# Acts of taking a side whose object is a named person, party or body ('endorsed Ruiz', 'backed the
# Greens', 'thanked Lind for her help', 'support the council'), or in the passive, whose agent is
# ('was endorsed by three local papers'): they cue an attribution only with such a side ('backed the
# truck', 'support the roof', 'they oppose the war' are not), and one name is content enough.
SIDE_TAKING_LEMMAS = frozenset({"endorse", "back", "support", "oppose", "thank"})

# Verbs that cue an attribution only with one of these prepositions: a verdict on their object
# ('attacked the plan as reckless', 'attacked him for lying'; a physical act otherwise: 'if the army
# attacks the town'), a view of it ('sees the levy as a tax on jobs'; 'saw the ferry' is no view).
ONLY_WITH_PREPOSITION: dict[str, frozenset[str]] = {
    "attack": frozenset({"as", "for"}),
    "see": frozenset({"as"}),
    "view": frozenset({"as"}),
    "regard": frozenset({"as"}),
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
CUE_LEMMAS: frozenset[str] = SPEECH_LEMMAS | BELIEF_LEMMAS | EVIDENCE_LEMMAS | STANCE_ADJECTIVES
CUE_FORMS: frozenset[str] = frozenset(
    f for lemma in CUE_LEMMAS - STANCE_ADJECTIVES for f in speech_verb_forms(lemma)) | STANCE_ADJECTIVES

# Forms of reporting verbs that are as often nouns ('the report', 'a warning', 'off the post'); after a
# determiner or a preposition they are nouns and do not make a sentence worth parsing.
NOUN_LIKE_FORMS: frozenset[str] = frozenset(
    """
    report reports post posts claim claims demand demands order orders state states call calls
    comment comments question questions answer answers reply replies promise promises pledge pledges
    estimate estimates note notes tweet tweets counter repeat repeats quip quips boast boasts
    threat warning warnings reading readings briefing saying posting writing blame
    plan plans hope hopes fear fears want wants show shows finding findings doubt doubts wish wishes
    aim aims plea pleas defend challenge challenges view views regard
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

# Nouns for something said: an ACT_OR_SPEECH verb with one as its object reports speech (a
# request or a proposal rejected is someone's speech act answered: 'rejected a request to reopen the hearing').
DISCOURSE_NOUNS = frozenset(
    """
    claim allegation accusation charge criticism suggestion report idea notion speculation rumour
    rumor assertion characterisation characterization comparison premise argument concern warning
    theory story account version finding conclusion label description remark comment statement
    talk assessment analysis interpretation reading view
    request demand call proposal plea appeal
    """.split()
)

# "refused to comment", "declined to say": a speech verb after one of these reports no speech.
REFUSAL_FORMS = frozenset("refused refuses refusing declined declines declining failed fails avoided avoids "
                          "hesitated".split())

# Verbs whose object is the audience and whose that-clause is what was said.
AUDIENCE_LEMMAS = frozenset({"tell", "inform", "assure", "remind", "warn", "brief", "promise"})


# --------------------------------------------------------------------------- nominal cues
# Nouns that attribute what they take to whoever holds them: 'her claim that the vote was rigged',
# 'the union's call for a strike', 'the minister made the promise to cut fares' (see
# services.extract.nominal). Each list names one attribution type, as the verbs' lists do; the
# belief and evidence nouns are lexicon.stance's.
SPEECH_NOUNS: frozenset[str] = frozenset(
    """
    claim statement assertion argument contention insistence suggestion announcement prediction
    remark comment explanation message assurance admission testimony complaint
    """.split()
)
SPEECH_ACT_NOUNS: frozenset[str] = frozenset(
    """
    accusation allegation charge criticism call demand promise pledge vow warning threat denial proposal
    question praise
    """.split()
)

# Nouns that cue an attribution only as the object of 'make': 'made the case that …', 'made the
# point that …' ('the court case', 'at that point' are no attribution).
NOUNS_ONLY_AFTER_MAKE: frozenset[str] = frozenset({"case", "point"})

NOMINAL_CUE_NOUNS: frozenset[str] = (SPEECH_NOUNS | SPEECH_ACT_NOUNS | BELIEF_NOUNS | EVIDENCE_NOUNS
                                     | NOUNS_ONLY_AFTER_MAKE)

# The prepositions that carry a cue noun's content: 'her call for an inquiry', 'fears of a
# recession', 'questions about his health'. A noun not listed takes a clause only ('the charge that
# …': 'the charges of fraud' are a court's, not a claim held).
NOMINAL_PREPOSITION_CONTENT: dict[str, frozenset[str]] = {
    "claim": frozenset({"of", "about"}),
    "argument": frozenset({"for", "against"}),
    "insistence": frozenset({"on"}),
    "suggestion": frozenset({"of"}),
    "announcement": frozenset({"of"}),
    "prediction": frozenset({"of", "about"}),
    "remark": frozenset({"about"}),  # not 'on': 'his remarks on Saturday', 'comments on its website'
    "comment": frozenset({"about"}),
    "complaint": frozenset({"about", "of", "over"}),
    "accusation": frozenset({"of"}),
    "allegation": frozenset({"of", "about"}),
    "criticism": frozenset({"of", "over"}),
    "call": frozenset({"for"}),
    "promise": frozenset({"of"}),
    "pledge": frozenset({"of"}),
    "warning": frozenset({"of", "about", "against"}),
    "threat": frozenset({"of"}),
    "denial": frozenset({"of"}),
    "proposal": frozenset({"for"}),
    "question": frozenset({"about", "over"}),
    "praise": frozenset({"for", "of"}),
    "belief": frozenset({"in"}),
    "fear": frozenset({"of", "about", "over"}),
    "hope": frozenset({"for", "of"}),
    "expectation": frozenset({"of"}),
    "concern": frozenset({"about", "over"}),
    "worry": frozenset({"about", "over"}),
    "thank": frozenset({"for"}),
    "doubt": frozenset({"about", "over", "on"}),
    "suspicion": frozenset({"of", "about"}),
    "intention": frozenset({"of"}),
    "wish": frozenset({"for"}),
    "finding": frozenset({"of"}),
    "evidence": frozenset({"of"}),
    "estimate": frozenset({"of"}),
    "case": frozenset({"for", "against"}),
}

# Cue nouns whose content can be an infinitive: 'his promise to cut taxes', 'calls to resign'.
INFINITIVE_CONTENT_NOUNS: frozenset[str] = frozenset(
    "promise pledge vow threat plan call demand proposal intention wish".split()
)

# Verbs whose subject holds the cue noun they take as object: 'the senator made the claim that …',
# 'the agency issued a warning that …', 'residents voiced fears that …' ('denied the claim that …'
# is not one: the claim is someone else's). Every form, written out.
LIGHT_VERB_FORMS: frozenset[str] = frozenset(
    """
    make makes made making issue issues issued issuing voice voices voiced voicing express expresses
    expressed expressing raise raises raised raising repeat repeats repeated repeating reiterate
    reiterates reiterated reiterating renew renews renewed renewing level levels leveled levelled
    leveling levelling deliver delivers delivered delivering sound sounds sounded sounding air airs
    aired airing share shares shared sharing offer offers offered offering give gives gave given
    giving hold holds held holding have has had having cast casts casting echo echoes echoed echoing
    send sends sent sending lodge lodges lodged lodging file files filed filing
    """.split()
)
MAKE_FORMS: frozenset[str] = frozenset({"make", "makes", "made", "making"})


def noun_forms(noun: str) -> list[str]:
    """A cue noun and its plural: 'claim' -> claim, claims; 'worry' -> worry, worries."""
    if noun.endswith(("s", "sh", "ch", "x")):
        return [noun, noun + "es"]
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]


# Every form of every cue noun, to its singular.
NOMINAL_CUE_FORMS: dict[str, str] = {form: noun for noun in NOMINAL_CUE_NOUNS for form in noun_forms(noun)}

# Words right after any cue noun that can open its content ('claim that') or name its holder ('the
# claim by', 'warnings from'); its own prepositions and an infinitive's 'to' open it as well. The
# parse pre-filter reads a cue noun only before one of them.
NOMINAL_LINK_WORDS: frozenset[str] = frozenset({"that", "by", "from"})

# What 'according to' takes when it says a thing went as arranged, not who said so: 'according to
# plan', 'according to the rules'.
CONFORMITY_NOUNS: frozenset[str] = frozenset(
    "plan plans schedule law laws rule rules regulation regulations script tradition custom protocol "
    "procedure procedures guideline guidelines instruction instructions standard standards".split()
)
