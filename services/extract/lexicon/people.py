"""Nouns for people described by what they do or who they are, not by name."""

from __future__ import annotations

from services.extract.lexicon.bodies import DOCUMENT_NOUNS, ORG_NOUNS
from services.extract.lexicon.titles import ROLE_NOUNS

# People named by who they are rather than what office they hold ("residents said", "a witness
# told"), singular and plural: an unnamed source.
SOURCE_NOUNS = frozenset(
    """source sources insider insiders people person witness witnesses resident residents observer observers woman
    women man men worker workers nurse nurses doctor doctors teacher teachers student students voter
    voters shopper shoppers fan fans passenger passengers driver drivers neighbour neighbours
    neighbor neighbors farmer farmers owner owners customer customers patient patients victim
    victims survivor survivors local locals member members supporter supporters protester
    protesters parent parents user users employee employees staff journalist journalists reporter
    reporters correspondent correspondents photographer commentator commentators onlooker onlookers
    bystander bystanders spectator spectators visitor visitors tenant tenants colleague colleagues
    friend friends relative relatives classmate classmates teammate teammates""".split()
)

# People described by what they do ("the chief engineer said"): with no name to resolve to, such a
# description is the speaker itself.
PERSON_NOUNS = frozenset(
    """
    engineer scientist economist historian lawyer attorney barrister solicitor coach manager player
    striker goalkeeper defender midfielder captain pilot firefighter paramedic inspector detective
    sheriff curator architect designer artist author writer poet actor actress singer musician
    producer chef landlord landlady priest bishop rabbi imam pastor vicar activist campaigner
    organiser organizer volunteer executive boss founder investor trader broker banker strategist
    consultant contractor builder mechanic electrician plumber surgeon dentist pharmacist vet
    midwife carer headteacher headmaster headmistress principal dean lecturer pupil referee umpire
    athlete swimmer runner cyclist rider jockey trainer skipper champion winner candidate nominee
    star rapper influencer pundit entrepreneur billionaire anchor dancer boxer fighter staffer
    batsman bowler wicketkeeper comedian podcaster youtuber streamer novelist columnist
    councillor clerk auditor defendant plaintiff claimant suspect prisoner inmate guard soldier medic
    spokesman spokeswoman spokesperson manageress owner shopkeeper fisherman fishermen miner
    ranger warden caretaker janitor cleaner driver conductor diver climber explorer treasurer
    registrar coroner magistrate juror steward chairperson convenor editor publisher presenter host
    astronomer astronaut academic physician teenager youngster pensioner veteran widow widower
    mother father son daughter wife husband brother sister grandmother grandfather grandson
    granddaughter nephew niece cousin uncle aunt boy girl mum dad rookie debutant newcomer
    homeowner householder shopowner landowner commuter motorist pedestrian resident
    """.split()
)

# People who speak for someone else: with an owner ("the minister's spokesman") they are not
# the owner.
AGENT_NOUNS = frozenset("spokesman spokeswoman spokesperson aide adviser advisor lawyer lawyers attorney "
                        "attorneys solicitor barrister representative representatives agent publicist".split())

# Heads of noun phrases that can be a speaker: a role, a body, a document or a source.
SPEAKERISH_NOUNS = ROLE_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS | SOURCE_NOUNS | frozenset(
    "official officials analysts experts diplomats officers protesters activists".split()
)

# People named by nationality with a noun of their own (the adjectives come from country data).
DEMONYM_NOUNS = frozenset(
    "spaniard briton brit frenchman frenchwoman dutchman dutchwoman dane swede pole scot finn turk "
    "welshman welshwoman irishman irishwoman englishman englishwoman scotsman scotswoman kiwi "
    "aussie filipino filipina icelander new zealander swiss greek thai".split()
)

# Every noun the lexicons know as a body, a role, a person or a document ('according to the
# charity', 'according to the coroner'): a sentence naming one may hold an attributed claim.
SPEAKER_LEXICON_NOUNS = ORG_NOUNS | PERSON_NOUNS | ROLE_NOUNS | SOURCE_NOUNS | DOCUMENT_NOUNS

# Endings of a role word that give its holder's gender ("spokeswoman", "chairman").
FEMALE_ROLE_SUFFIXES = ("woman", "women", "ess")
MALE_ROLE_SUFFIXES = ("man", "men")

# Role words ending in "-ess"/"-man" that say nothing about gender.
GENDER_NEUTRAL_ROLES = frozenset("business press congress access human german ottoman".split())
