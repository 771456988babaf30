"""Verbs of belief and of evidence: the attributions that are not speech ('she believes', 'the
poll shows'). With the speech lemmas of `speech` they make every verb that can cue an attribution,
and each list names one attribution type (see services.extract.attribution_types)."""

from __future__ import annotations

# Beliefs, intentions and expectations: 'thinks the plan will fail', 'wants to run', 'expects a vote'
# ('consider' with what it is considered to be: 'considers the levy a tax on jobs', 'is considered a
# hazard'; with an object alone it is deliberation, no belief: 'will consider the bill').
BELIEF_LEMMAS: frozenset[str] = frozenset(
    """
    believe think expect want fear hope plan feel worry know intend doubt wish suspect assume reckon
    seek aim anticipate foresee envision envisage agree disagree see view regard consider
    """.split()
)

# Adjectives of a stance that, with a clause or what it is about, attribute a belief to the subject
# ('came away convinced that reforms were under way', 'is worried about the cost'). One form each.
STANCE_ADJECTIVES: frozenset[str] = frozenset(
    "sure certain confident convinced worried concerned afraid hopeful optimistic pessimistic aware adamant "
    "skeptical sceptical fearful doubtful unsure uncertain".split()
)

# Beliefs held only of what something is judged to be ('considers the levy unfair', 'considered
# the ferry a lifeline', 'considers that the levy is fair'); weighing a thing is no belief ('will
# consider the bill', 'considering taking action', 'considering whether to close the pool').
JUDGEMENT_ONLY_WITH_A_PREDICATE: frozenset[str] = frozenset({"consider"})

# Beliefs that are attributions only with a clause ('thinks that …', 'knows the vote is close'),
# never with a bare object ('knows the city', 'feels pain', 'feared the dog').
BELIEF_ONLY_WITH_THAT_CLAUSE: frozenset[str] = frozenset(
    "think feel know doubt suspect assume fear worry believe reckon foresee envision envisage".split()
)

# Evidence: a document, a poll or data shows something ('polls show', 'filings reveal').
EVIDENCE_LEMMAS: frozenset[str] = frozenset("show reveal indicate suggest find demonstrate estimate".split())

# Evidence verbs that are attributions only with a clause ('shows that …', 'shows Ruiz ahead'), not
# with an object alone ('showed the photos', 'revealed a plaque').
EVIDENCE_ONLY_WITH_THAT_CLAUSE: frozenset[str] = frozenset("show demonstrate".split())

# Nouns of belief and of evidence that attribute what they take to whoever holds them ('her fear
# that …', 'the council's plan to …', 'the audit's finding that …'); see services.extract.nominal.
BELIEF_NOUNS: frozenset[str] = frozenset(
    """
    belief fear hope expectation plan view concern worry doubt suspicion conviction opinion intention
    wish position idea theory
    """.split()
)
EVIDENCE_NOUNS: frozenset[str] = frozenset("finding evidence estimate conclusion".split())

IRREGULAR_STANCE_FORMS = {
    "think": ["think", "thinks", "thought", "thinking"],
    "feel": ["feel", "feels", "felt", "feeling"],
    "know": ["know", "knows", "knew", "known", "knowing"],
    "seek": ["seek", "seeks", "sought", "seeking"],
    "show": ["show", "shows", "showed", "shown", "showing"],
    "foresee": ["foresee", "foresees", "foresaw", "foreseen", "foreseeing"],
    "plan": ["plan", "plans", "planned", "planning"],
    "see": ["see", "sees", "saw", "seen", "seeing"],
    "agree": ["agree", "agrees", "agreed", "agreeing"],
}

# Verbs whose passive, with no agent, still attributes a claim to someone unnamed ('is expected to
# win', 'was accused of fraud', 'is said to be weighing a move'); not requests ('is asked to call',
# 'were told to expect delays'), which assert nothing.
UNNAMED_PASSIVE_LEMMAS: frozenset[str] = frozenset(
    "expect believe think say report consider estimate accuse suspect allege claim know fear predict "
    "rumour rumor understand "
    # a verdict or a label pinned on the subject by someone unnamed ('was blamed for the outage',
    # 'has been criticised as slow', 'was dubbed the winner')
    "blame criticize criticise label dub brand".split()
)
