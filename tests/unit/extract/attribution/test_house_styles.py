"""Attribution shapes the session-2 blind dev-set batches exposed (wire copy, US local news, and
the house styles of British, Irish, Indian, Nigerian, Kenyan, Philippine and Malaysian papers),
each checked on paragraphs written for this file, none a dev-set sentence: 'quoted as saying',
datelines, ranks, honorifics and particles in names, bodies named in full or by their owner,
unnamed sources named later, labels pinned with 'as' or 'called', terms in scare quotes."""

from __future__ import annotations

from paragraphs import claims_of, reported

from schemas.models import ClaimEvent, ClaimKind, SpeakerType


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    return claims_of(*texts, prefix="wire")


_reported = reported


def test_quoted_as_saying_is_the_quoted_persons_speech() -> None:
    passive, by_outlet = _claims(
        "Mayor Tom Hale was quoted as saying that the bypass plan was dead.",
        "Finance chief Roza Imanova was quoted by the Almaty Herald as saying the levy would stay.",
    )
    [(who, content)] = _reported(passive)
    assert who == "Tom Hale" and content.endswith("the bypass plan was dead")
    [(who, content)] = _reported(by_outlet)
    assert who == "Roza Imanova" and content == "the levy would stay"


def test_a_named_apposition_right_before_the_verb_is_the_speaker() -> None:
    [claims] = _claims(
        "Speaking to journalists in Kaduna, the commissioner, Bello Yusuf, disclosed that the "
        "bridge would reopen in March.",
    )
    [(who, content)] = _reported(claims)
    assert who == "Bello Yusuf"
    assert content.endswith("the bridge would reopen in March")


def test_a_reported_figure_is_not_reported_speech_but_a_reported_statement_is() -> None:
    results, statement = _claims(
        "Harlow Mills reported a quarterly loss of $12 million on Thursday.",
        "Harlow Mills reported that orders had fallen for a third quarter.",
    )
    assert not _reported(results)
    [(who, content)] = _reported(statement)
    assert who == "Harlow Mills" and content.endswith("orders had fallen for a third quarter")


def test_a_body_named_by_its_own_noun_is_the_named_body() -> None:
    committee, authority = _claims(
        "The Senate Rules Committee published its findings on Monday. The committee said the "
        "vote had been properly held.",
        "Crews from the Port of Veldra Authority worked overnight. The authority said the berth "
        "would reopen on Friday.",
    )
    assert [who for who, _ in _reported(committee)] == ["Senate Rules Committee"]
    assert [who for who, _ in _reported(authority)] == ["Port of Veldra Authority"]


def test_a_described_subject_is_who_the_next_pronoun_means_and_an_age_is_a_description() -> None:
    described, named, aged = _claims(
        "The minister was defiant. “We will not be bullied,” she said.",
        "Transport Minister Ruth Amadi faced the press on Monday. The minister was defiant. "
        "“We will not be bullied,” she said.",
        "“I have no regrets,” the 61-year-old told the Clarion.",
    )
    def quoted_by(claims: list[ClaimEvent]) -> list[str]:
        return [c.speaker.canonical for c in claims if c.kind is ClaimKind.direct_quote and c.speaker]

    assert quoted_by(described) == ["the minister"]
    assert quoted_by(named) == ["Ruth Amadi"]
    assert quoted_by(aged) == ["the 61-year-old"]


def test_a_document_speaks_for_whoever_signed_it_not_whoever_saw_it() -> None:
    [claims] = _claims(
        "Brewer Oakhurst Ales will close two sites, according to a letter seen by the Ledger. The "
        "letter, dated May 2 and signed by finance director Priyanka Raghavan-Holt, says the closures "
        "will be complete by October."
    )
    speakers = {who for who, _ in _reported(claims)}
    assert "Ledger" not in speakers and "the Ledger" not in speakers
    assert "Priyanka Raghavan-Holt" in speakers


def test_letters_after_a_name_and_occupations_before_it_are_not_part_of_it() -> None:
    barrister, executive = _claims(
        "Counsel for the State, Ciarán Ó Dálaigh SC, said the funds had never been traced.",
        "“Demand is turning,” Chief Executive Oyelaran Adewumi said on a call with analysts.",
    )
    assert [who for who, _ in _reported(barrister)] == ["Ciarán Ó Dálaigh"]
    assert [c.speaker.canonical for c in executive if c.kind is ClaimKind.direct_quote] == ["Oyelaran Adewumi"]


def test_a_capitalised_phrase_ending_in_an_acronym_is_not_a_person() -> None:
    [claims] = _claims(
        "Reality TV star turned candidate Tamsin Amberley-Crane weighed in after the debate. "
        "“Nobody on that stage has run a business,” she wrote on X."
    )
    assert [c.speaker.canonical for c in claims if c.kind is ClaimKind.direct_quote] == ["Tamsin Amberley-Crane"]


def test_people_named_by_their_work_and_described_documents_are_sources() -> None:
    weather, figures, bare = _claims(
        "Heavy snow is likely on high ground overnight, forecasters said.",
        "Hospital admissions rose by 12% in March, according to health ministry figures.",
        "Rates will fall next year, according to a statement.",
    )
    assert [who for who, _ in _reported(weather)] == ["forecasters"]
    assert [who for who, _ in _reported(figures)] == ["health ministry figures"]
    # whose statement is not said: the statement itself is the source, a document
    assert _reported(bare) == [("a statement", "Rates will fall next year")]
    assert [c.speaker.type for c in bare if c.speaker] == [SpeakerType.document]


def test_bodies_are_named_in_full_and_possessed_ones_by_their_owner() -> None:
    report, country, office, barrister = _claims(
        "A study by the Centre for Coastal Economics said the harbour levy had cost jobs.",
        "Latvia's foreign ministry said it had summoned the ambassador.",
        "Mayor Ines Carvalho-Reyes will veto the budget, her office said on Monday.",
        "Counsel for the State, Ms Gráinne Ní Bhriain SC, said the funds had never been traced.",
    )
    assert [who for who, _ in _reported(report)] == ["Centre for Coastal Economics"]
    assert [who for who, _ in _reported(country)] == ["Latvia's foreign ministry"]
    assert [who for who, _ in _reported(office)] == ["Ines Carvalho-Reyes's office"]
    assert [who for who, _ in _reported(barrister)] == ["Gráinne Ní Bhriain"]


def test_unnamed_sources_named_later_or_counted_from_a_group() -> None:
    named_later, partitive = _claims(
        "The board will meet next week, a UNHCR spokeswoman said on Friday. “We are seeing arrivals "
        "we have not seen in a decade,” the spokeswoman, Leila Haddad-Moreau, told reporters.",
        "Keldan Logistics is in talks to buy Portline, two people familiar with the matter said. A deal "
        "could be announced within weeks, one of the people said.",
    )
    assert {who for who, _ in _reported(named_later)} == {"Leila Haddad-Moreau"}
    assert [who for who, _ in _reported(partitive)] == ["two people familiar with the matter", "one of the people"]


def test_an_unclosed_quote_ends_where_an_inverted_attribution_begins() -> None:
    [claims] = _claims(
        "“They promised the line would reopen by June, said Temitope Adeyemi-Clarke, a driver who has "
        "worked the route for 20 years. “Now nobody tells us anything.”"
    )
    # one statement split around its attribution: one claim, each part ending where it should
    [quote] = [c for c in claims if c.kind is ClaimKind.direct_quote]
    assert quote.speaker.canonical == "Temitope Adeyemi-Clarke"
    assert [p.text.strip(" ,.") for p in quote.parts] == ["They promised the line would reopen by June",
                                                         "Now nobody tells us anything"]


def test_names_behind_ranks_roles_and_parties() -> None:
    hyphen, role_at_body, coordinated, rank, party = _claims(
        "Councillor Ama Mensah-Reid said the vote was rushed. “We had one hearing,” Mensah-Reid said.",
        "Tomas Ekdahl refused to blame the referee. “I still don't know why he gave it,” the Harbour "
        "City coach told reporters.",
        "“This was not an easy decision,” Alder Health President and CEO Rosalind Achterberg said.",
        "Police spokesperson Brigadier Sipho Ndlovu-Tshabalala said the suspects had been found.",
        "The PAC’s Lindiwe Mokoena-Dube said the ruling party was protecting its own.",
    )
    quoted = lambda claims: [c.speaker.canonical for c in claims if c.kind is ClaimKind.direct_quote]  # noqa: E731
    assert quoted(hyphen) == ["Ama Mensah-Reid"]
    assert quoted(role_at_body) == ["Tomas Ekdahl"]
    assert quoted(coordinated) == ["Rosalind Achterberg"]
    assert [who for who, _ in _reported(rank)] == ["Sipho Ndlovu-Tshabalala"]
    assert [who for who, _ in _reported(party)] == ["Lindiwe Mokoena-Dube"]


def test_formal_reporting_verbs_and_an_unclosed_quote_before_a_named_apposition() -> None:
    averred, opined, unclosed, adjective = _claims(
        "Engr. Chukwuma Obi-Ladipo, who spoke during an inspection tour, averred that the contractor "
        "had been paid in full.",
        "A historian at the University of Jos, Prof. Halima Sa'id-Bello, has opined that the census "
        "figures will be disputed.",
        "“We did nothing wrong and we will prove it, the firm’s chairman, Oskar Lindqvist, said in a "
        "statement on Friday. He said the firm would cooperate with the regulator.",
        "Adaeze later wrote on Instagram that she was recovering well.",
    )
    assert _reported(averred) == [("Chukwuma Obi-Ladipo", "the contractor had been paid in full")]
    assert [who for who, _ in _reported(opined)] == ["Halima Sa'id-Bello"]
    assert [(c.speaker.canonical, c.quote) for c in unclosed if c.kind is ClaimKind.direct_quote] == [
        ("Oskar Lindqvist", "We did nothing wrong and we will prove it")]
    assert [who for who, _ in _reported(unclosed)] == ["Oskar Lindqvist"]
    assert _reported(adjective) == [("Adaeze", "she was recovering well")]


def test_nationality_nouns_new_bodies_and_a_generic_noun_for_a_two_word_firm() -> None:
    demonym, delegation, bank, agency = _claims(
        "Her opponent, Ines Castellano-Ruiz, was gracious in defeat. “She will win one of these soon,” "
        "the Spaniard said.",
        "The Veldran delegation said it would not attend the summit.",
        "Halberg Lowe raised its target for the index to 6,400, the bank said in a note to clients.",
        "The Maritime Safety Administration has ordered checks on 340 older Tarven T-20 ferries, the "
        "agency said on Tuesday.",
    )
    assert [c.speaker.canonical for c in demonym if c.kind is ClaimKind.direct_quote] == ["Ines Castellano-Ruiz"]
    assert [who for who, _ in _reported(delegation)] == ["Veldran delegation"]
    assert [who for who, _ in _reported(bank)] == ["Halberg Lowe"]
    assert [who for who, _ in _reported(agency)] == ["Maritime Safety Administration"]


def test_split_particle_names_and_an_age_parsed_as_a_modifier() -> None:
    particle, aged = _claims(
        "“We are closer than ever,” ministry spokesman Khalid bin Saeed al-Marzouqi told reporters.",
        "Tomas Ekdahl refused to blame the referee. The 61-year-old confirmed that captain Ivo Marsh "
        "would miss the derby.",
    )
    assert [c.speaker.canonical for c in particle if c.kind is ClaimKind.direct_quote] == [
        "Khalid bin Saeed al-Marzouqi"]
    assert [who for who, _ in _reported(aged)] == ["Tomas Ekdahl"]


def test_a_second_reporting_verb_hung_on_the_first_ones_content_is_its_own_claim() -> None:
    added, conceded = _claims(
        "Police said the driver was arrested at the scene and added that no one else was hurt.",
        "Chief Executive Marit Solvang-Aune spoke to Reuters. She acknowledged that the company had "
        "been slow to invest but said prices would stay high into the summer.",
    )
    assert _reported(added) == [("police", "the driver was arrested at the scene"), ("police", "no one else was hurt")]
    assert _reported(conceded) == [("Marit Solvang-Aune", "the company had been slow to invest"),
                                   ("Marit Solvang-Aune", "prices would stay high into the summer")]


def test_house_styles_of_commonwealth_papers() -> None:
    minister, chief, nickname, aged = _claims(
        "The Minister for Fisheries, Aoife Ní Chonaill, has said quotas will not be cut this year.",
        "Chief minister K. Venkata Raghunath on Monday pledged that the state would release funds. "
        "“Not a single farmer will be left out,” the CM said.",
        "Senator Ma. Teresa “Tess” Aquino-Lim on Sunday said she would file a resolution. “Where is "
        "the money?” Aquino-Lim asked in a radio interview.",
        "Teenager Mei Hasegawa stunned the top seed to reach the Pacific Open final. “I just tried to "
        "enjoy it,” said the 19-year-old.",
    )
    speakers = lambda claims: {c.speaker.canonical for c in claims if c.speaker}  # noqa: E731
    assert speakers(minister) == {"Aoife Ní Chonaill"}
    assert [c.speaker.surface for c in chief if c.kind is ClaimKind.direct_quote] == ["the CM"]
    assert len(speakers(chief)) == 1 and "CM" not in speakers(chief)
    assert speakers(nickname) == {"Teresa Aquino-Lim"} or speakers(nickname) == {"Ma. Teresa Aquino-Lim"}
    assert speakers(aged) == {"Mei Hasegawa"}


def test_a_platform_is_where_words_were_posted_not_who_posted_them() -> None:
    [claims] = _claims(
        "Kestrel Motorsport said that Joaquim Alves-Brandt had been cleared to race.\n\n"
        "The Brazilian, who crashed heavily in second practice, later posted on Instagram: “All good, "
        "just a bit sore.”"
    )
    quoted = [c for c in claims if c.kind is ClaimKind.direct_quote]
    assert quoted and all(c.speaker is None or c.speaker.canonical != "Instagram" for c in quoted)


def test_a_company_is_named_in_full_when_its_short_name_speaks() -> None:
    [claims] = _claims(
        "Halvard Motors said it was disappointed by the strike. Halvard said its offer was the "
        "richest in the plant's history."
    )
    assert {who for who, _ in _reported(claims)} == {"Halvard Motors"}


def test_a_name_modifying_an_unnamed_source_is_not_the_source() -> None:
    backbencher, engineer = _claims(
        "“Nobody thinks this ends well,” one senior Labour backbencher told the Clarion.",
        "A Google engineer said the outage had been fixed.",
    )
    assert [c.speaker.canonical for c in backbencher if c.kind is ClaimKind.direct_quote] == [
        "one senior Labour backbencher"]
    assert [who for who, _ in _reported(engineer)] == ["a Google engineer"]


def test_an_unclosed_quote_ends_before_an_attribution_with_a_day() -> None:
    [claims] = _claims(
        "“We will rebuild this town, Mayor Curtis Delacroix said Friday, as crews cleared the debris."
    )
    assert [(c.speaker.canonical, c.quote) for c in claims if c.kind is ClaimKind.direct_quote] == [
        ("Curtis Delacroix", "We will rebuild this town")]


def test_every_quoted_span_inside_reported_speech_is_a_part_of_it() -> None:
    dismissed, called, named, so_called, modifier = _claims(
        "The regulator dismissed the complaint as “entirely without merit”.",
        "Opposition leader Rukhsana Qadri called the pledge “an election-season gimmick”.",
        "Locals still call the bend “the Widowmaker”.",
        "So-called “forever chemicals” were found in 31 towns, the Clean Water Trust said in a report.",
        "Brightbox said it would start charging for its “unlimited” storage plan, which had been capped.",
    )
    # the label is the quoted part of the one claim the sentence makes
    quoted = lambda claims: [(c.speaker.canonical, part.text) for c in claims  # noqa: E731
                             if c.speaker for part in c.parts]
    assert quoted(dismissed) == [("regulator", "entirely without merit")]
    assert quoted(called) == [("Rukhsana Qadri", "an election-season gimmick")]
    assert quoted(named) == []  # naming a place is no one's claim
    # terms and labels inside what someone said are counted as their words too (doc/decisions/0013)
    assert quoted(so_called) == [("Clean Water Trust", "forever chemicals")]
    assert quoted(modifier) == [("Brightbox", "unlimited")]


def test_studies_funds_and_nonprofits_as_sources() -> None:
    study, fund, nonprofit = _claims(
        "Adults who slept fewer than six hours were 30% more likely to develop diabetes, according to "
        "a study published Wednesday in the Nordic Medical Journal.",
        "Kestrel Ridge Capital lost 9% in March, its worst month since 2020, the hedge fund told investors.",
        "Alder Health System will close the maternity unit on March 31, the nonprofit announced Thursday.",
    )
    assert [who for who, _ in _reported(study)] == ["a study published Wednesday in the Nordic Medical Journal"]
    assert [who for who, _ in _reported(fund)] == ["Kestrel Ridge Capital"]
    assert [who for who, _ in _reported(nonprofit)] == ["Alder Health System"]


def test_names_with_initials_are_kept_whole() -> None:
    chief, author = _claims(
        "Chief minister K. Venkata Raghunath on Monday pledged that the state would release funds. "
        "“Not a single farmer will be left out,” the CM said.",
        "Author J.R. Okafor-Hale said the book took nine years to write.",
    )
    assert {c.speaker.canonical for c in chief if c.speaker} == {"K. Venkata Raghunath"}
    assert [who for who, _ in _reported(author)] == ["J.R. Okafor-Hale"]


def test_a_two_word_title_before_a_name_is_not_part_of_it() -> None:
    [claims] = _claims("“Customers are digesting their stock,” Chief Executive Oyewole Balogun-Hart said on a call.")
    assert [c.speaker.canonical for c in claims if c.kind is ClaimKind.direct_quote] == ["Oyewole Balogun-Hart"]


def test_hitting_back_is_speech_and_firing_back_at_someone_is_not() -> None:
    shot_back, hit_back, gunfire = _claims(
        "Councillor Imelda Oyarzún shot back that the burglaries had been solved without cameras.",
        "The singer Tavi Monroe-Okeke hit back at critics, saying the sound problems were not her fault.",
        "Police fired back at the gunmen from behind a van.",
    )
    assert _reported(shot_back) == [("Imelda Oyarzún", "the burglaries had been solved without cameras")]
    assert [who for who, _ in _reported(hit_back)] == ["Tavi Monroe-Okeke"]
    assert _reported(gunfire) == []


def test_a_refusal_to_speak_is_no_claim_but_still_names_the_person_in_focus() -> None:
    refused, declined = _claims(
        "Coach Tomas Ekdahl refused to blame the referee after the defeat.",
        "Ministry spokesman Yusuf al-Harthi declined to say whether sanctions had been discussed. "
        "“Everything is on the table,” he said.",
    )
    assert _reported(refused) == []
    assert [c.speaker.canonical for c in declined if c.kind is ClaimKind.direct_quote] == ["Yusuf al-Harthi"]


def test_a_hyphen_joined_particle_belongs_to_the_surname() -> None:
    [claims] = _claims(
        "Captain Tariq ul-Hassan admitted his side had been outplayed. “The pitch looked flat. It wasn’t,” "
        "ul-Hassan said."
    )
    assert {c.speaker.canonical for c in claims if c.speaker} == {"Tariq ul-Hassan"}


def test_the_company_is_the_body_that_spoke_not_a_place_or_its_shares() -> None:
    spoke, shares = _claims(
        "Brevik said a faulty update caused outages across North America. The company said it had "
        "restored service by 3 p.m.",
        "Shares of Halvard Therapeutics fell 30% after the company said its late-stage trial had failed.",
    )
    assert {who for who, _ in _reported(spoke)} == {"Brevik"}
    assert [who for who, _ in _reported(shares)] == ["Halvard Therapeutics"]


def test_a_surname_that_spoke_is_who_a_pronoun_or_a_nationality_means() -> None:
    pronoun, demonym = _claims(
        "“We were unlucky,” Ekdahl said. He added that Marsh would be assessed on Monday.",
        "“I’m gutted for the players,” Ekdahl said after the game.\n\nThe Swede added that Marsh would "
        "be assessed on Monday.",
    )
    assert {who for who, _ in _reported(pronoun)} == {"Ekdahl"}
    assert {who for who, _ in _reported(demonym)} == {"Ekdahl"}


def test_a_name_with_an_age_is_a_person_whatever_the_recogniser_said() -> None:
    [claims] = _claims("Okonkwo, 45, said she had waited for hours. “Nobody came,” she said.")
    assert [c.speaker.canonical for c in claims if c.kind is ClaimKind.direct_quote] == ["Okonkwo"]


def test_a_quotation_opening_the_story_is_the_person_the_paragraph_names_next() -> None:
    lede, chant = _claims(
        "“I thought it was a prank.” Those were the first words out of Wiremu Tane-Hollis’s mouth when "
        "the lottery official called.",
        "“Build the bridge!” The chant echoed across Harbour Square as the rally began.",
    )
    assert [c.speaker.canonical for c in lede if c.kind is ClaimKind.direct_quote] == ["Wiremu Tane-Hollis"]
    assert [c for c in chant if c.kind is ClaimKind.direct_quote and c.speaker is not None] == []


def test_a_quotation_signed_with_a_dash_and_a_name_is_that_persons() -> None:
    (claims,) = _claims(
        "Readers told us what they thought of the debate.\n\n"
        "“He never answered a single question about the budget.” ― Marta Lindqvist\n"
        "“I was proud of how calm she stayed.” — Jonas Brandt, Halden"
    )
    assert [(c.speaker.canonical, c.quote) for c in claims if c.kind is ClaimKind.direct_quote and c.speaker] == [
        ("Marta Lindqvist", "He never answered a single question about the budget."),
        ("Jonas Brandt", "I was proud of how calm she stayed."),
    ]
    assert {c.evidence.rule for c in claims if c.kind is ClaimKind.direct_quote} == {"direct_quote.signed"}


def test_a_list_of_quoted_labels_is_one_claim_and_the_next_quotation_stands_alone() -> None:
    (claims,) = _claims(
        'Ruiz called the senator a "nasty guy," an "anchor baby," "unstable" and "sick." '
        '"We will not be bullied," Senator Ana Lind said.'
    )
    [label] = [c for c in claims if c.kind is ClaimKind.indirect_quote]
    assert [p.text for p in label.parts][:3] == ["nasty guy", "anchor baby", "unstable"]
    assert [(c.speaker.canonical, c.quote) for c in claims if c.kind is ClaimKind.direct_quote] == [
        ("Ana Lind", "We will not be bullied")]


def test_a_paragraph_ending_in_a_colon_introduces_the_quotation_paragraph_after_it() -> None:
    """'The Gazette reports:' or 'Mayor Ana Ruiz was blunt:' closing a paragraph, then the quotation
    as a paragraph of its own: the introducer is its speaker. A pronoun opening the next paragraph
    ('He said:') is no attribution of the quotation before it."""
    [claims] = _claims(
        "Kestrel Bay Council met on Tuesday. Its treasurer, Omar Haddad, reported:\n\n"
        "“Only 14 percent of the pier shops opened this spring. In 2019 the figure was 60 percent.”\n\n"
        "Asked about the plan, Mayor Ana Ruiz was blunt:\n\n"
        "“We will not pay for a bridge nobody uses.”\n\n"
        "He said:\n\n"
        "“The ferry runs every hour, and that is enough.”"
    )
    quotes = {c.quote.split(".")[0]: (c.speaker.canonical, c.evidence.rule.split(" > ")[0])
              for c in claims if c.kind is ClaimKind.direct_quote}
    assert quotes["Only 14 percent of the pier shops opened this spring"] == ("Omar Haddad", "direct_quote.said_before")
    assert quotes["We will not pay for a bridge nobody uses"] == ("Ana Ruiz", "direct_quote.introduced")
    assert quotes["The ferry runs every hour, and that is enough"][0] == "Omar Haddad"


def test_an_attribution_between_two_parts_of_what_was_said_reports_both() -> None:
    """'Though the vote went smoothly, he said, replacing the chair will be harder': the parser
    hangs the attribution on the first part, but what was said runs on past it."""
    though, purpose, subject = _claims(
        "Though that vote was fairly smooth, the whip said, replacing the chair would be much harder.",
        "To understand the old port, Mayor Lena Ruiz said, one should visit the museum on the quay.",
        "The difference now, Omar Haddad told me on Friday, is that the council has the money.",
    )
    assert reported(though) == [
        ("whip", "Though that vote was fairly smooth, the whip said, replacing the chair would be much harder")]
    assert reported(purpose) == [
        ("Lena Ruiz", "To understand the old port, Mayor Lena Ruiz said, one should visit the museum on the quay")]
    assert reported(subject) == [
        ("Omar Haddad", "The difference now, Omar Haddad told me on Friday, is that the council has the money")]


def test_an_as_clause_attributes_the_clause_it_hangs_on() -> None:
    fronted, trailing, unnamed = _claims(
        "As Councillor Ana Ruiz noted on Monday, the harbour levy has never been collected.",
        "The report does not say whether the ferry was insured, as the coastguard has said.",
        "The fares rose in May, as expected.",
    )
    assert reported(fronted) == [("Ana Ruiz", "the harbour levy has never been collected")]
    assert reported(trailing) == [("coastguard", "The report does not say whether the ferry was insured")]
    assert reported(unnamed) == []  # 'as expected': nobody named holds it


def test_according_to_names_its_source_however_the_parser_hangs_the_clause() -> None:
    """A fronted source ends at its comma; a source no speaker rule knows is kept as written; a
    thing done 'according to plan' is no one's claim."""
    fronted, statistics, account, plan = _claims(
        "According to radio host Tom Dale, the move reeks of fear.",
        "About 9,000 families live on the island, according to federal statistics.",
        "According to her account, the doctor insisted that the mayor go to the hospital.",
        "The ferry left on time, according to plan.",
    )
    assert reported(fronted) == [("Tom Dale", "the move reeks of fear")]
    assert [(c.speaker.canonical, c.text) for c in statistics if c.kind is ClaimKind.indirect_quote] == [
        ("federal statistics", "About 9,000 families live on the island")]
    [(holder, content)] = [(c.speaker.canonical, c.text) for c in account if c.kind is ClaimKind.indirect_quote]
    assert holder in ("her account", "her") and content == "the doctor insisted that the mayor go to the hospital"
    assert [c for c in plan if c.kind is ClaimKind.indirect_quote] == []
