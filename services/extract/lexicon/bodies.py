"""Bodies that speak (ministries, companies, courts) and the documents that speak for them."""

from __future__ import annotations

# Heads of noun phrases naming a body that speaks.
ORG_NOUNS = frozenset(
    """
    ministry office agency department government cabinet council committee commission army military
    service services command parliament assembly court embassy administration authority
    authorities police forces force company bank union party group organisation organization
    newspaper outlet channel broadcaster network station media kremlin pentagon
    firm charity club team carrier airline operator retailer insurer developer manufacturer
    business lender publisher regulator watchdog prosecution prosecutors defence defense tribunal
    inquiry panel board organisers organizers league federation association institute university
    school hospital museum trust foundation society coalition alliance consortium brigade regiment
    battalion unit division corps squadron fleet guard exchange airport port
    coastguard navy observatory laboratory lab nhs
    delegation campaign secretariat mission bureau directorate senate congress legislature presidency
    nonprofit non-profit fund chain district
    maker automaker carmaker chipmaker drugmaker planemaker startup conglomerate provider supplier
    distributor giant
    """.split()
)

# Bodies referred to by a generic noun: "the company said" means the company last named.
GENERIC_ORG_NOUNS = frozenset(
    "company firm group organisation organization charity club team carrier airline operator "
    "retailer bank insurer developer manufacturer union business lender broadcaster publisher "
    "agency maker automaker carmaker chipmaker drugmaker planemaker startup conglomerate provider "
    "supplier distributor giant nonprofit fund chain".split()
)

# A document that "says" something speaks for whoever issued it ("the statement said").
DOCUMENT_NOUNS = frozenset(
    "message statement post tweet letter report article release communique notice video figures "
    "data survey poll study research estimates census filing document documents records memo "
    "assessment forecast review audit analysis analyses statistics account tally".split()
)

# 'a study published Monday in the Lancet': the document is identified by where it appeared
DOCUMENT_ISSUED_FORMS = frozenset("published released issued conducted presented posted".split())

# 'a memo seen by Reuters': who saw or obtained a document did not issue it, so the agent of
# these participles is not the document's speaker.
DOCUMENT_WITNESSED_FORMS = frozenset("seen obtained reviewed viewed read shown leaked sent given quoted cited".split())

# Words that make a name an organisation rather than a person (the alias resolver), and a
# territory name a union of states ('European Union', 'United Nations').
ORGANISATION_NAME_WORDS = frozenset(
    """
    ministry department office agency council committee commission union forces force army
    military navy police service services bank party government parliament assembly court
    university institute company corporation corp inc ltd llc plc group association organization
    organisation federation league club fund authority bureau administration guard brigade
    regiment division battalion corps command network news times post press tv radio foundation
    movement front alliance coalition church republic kingdom state states nations embassy
    secretariat cabinet senate congress troops soldiers servicemen grouping deployment airlines
    airways railways reuters telegraph journal herald tribune gazette daily weekly magazine
    """.split()
)

# Words that end a company's name and are dropped in its short form ('Halvard Motors' -> 'Halvard').
CORPORATE_TAILS = frozenset(
    "motors motor group holdings inc incorporated corp corporation co company ltd limited plc llc ag sa nv gmbh "
    "airlines airways industries technologies systems pharmaceuticals pharma therapeutics biologics "
    "capital partners media studios entertainment logistics shipping mining telecom robotics energy "
    "foods brands networks semiconductor semiconductors software labs enterprises international".split()
)

# Formal words that do not change which state is meant ("Republic of Belarus" = "Belarus").
FORMAL_STATE_WORDS = frozenset({"republic", "federation"})

# Nouns that make a capitalised sequence led by an acronym or "on"/"for" a body ("UN Security
# Council", "Institute for the Study of War"). Not ORGANISATION_NAME_WORDS: merging the two
# changes claims.
BODY_NOUNS_IN_A_NAME = frozenset(
    """council commission committee institute institution centre center foundation agency
    assembly parliament union organization organisation association federation alliance
    league bank fund court office ministry department army navy force forces command
    bureau board authority party university school college academy society group""".split()
)


# Words that, in a capitalised name, say it names no person (with ORG_NOUNS): companies, clubs,
# media, places and buildings ('Harbourline Shipping', 'Vos Arena', 'Coastal Times').
NON_PERSON_NAME_WORDS = frozenset(
    """
    republic kingdom union states nations city river sea ocean street square airport bridge
    university institute foundation times news post journal herald guardian pharma foods motors
    shipping logistics industrial industries holdings capital partners airlines airways energy rail
    railways systems technologies labs media solutions inc ltd plc llc corp co ag gmbh rovers united
    fc county council insurance brewery pharmaceuticals telecom telecoms mining minerals retail
    brands software networks semiconductors electric oil gas petroleum chemicals construction
    properties estates hotels resorts studios entertainment robotics therapeutics biotech analytics
    dynamics aerospace automotive cosmetics apparel racing motorsport athletic athletics wanderers
    sporting stadium arena hall centre center road avenue station hotel cathedral church mosque
    temple market palace campus gardens system health
    """.split()
)
