"""Attributions beyond speech (issue #10): beliefs and intentions, evidence from documents and polls,
speech acts with a prepositional content, and sources the extractor cannot resolve, which are kept
as written. Every sentence is written for this file."""

from __future__ import annotations

from paragraphs import claims_of, reported

from schemas.models import AttributionType, ClaimEvent, ClaimKind, SpeakerType


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    return claims_of(*texts, prefix="stance")


def _typed(claims: list[ClaimEvent]) -> list[tuple[str, str, AttributionType | None]]:
    return [(c.speaker.canonical if c.speaker else "", c.text, c.attribution_type)
            for c in claims if c.kind is ClaimKind.indirect_quote]


def test_beliefs_and_intentions_are_attributions() -> None:
    thinks, wants, plans = _claims(
        "Councillor Petra Lind thinks the ferry subsidy will be cut next spring.",
        "Mayor Ana Ruiz wants to double the number of night buses by 2028.",
        "The harbour board plans to dredge the outer basin in August.",
    )
    assert _typed(thinks) == [("Petra Lind", "the ferry subsidy will be cut next spring", AttributionType.belief)]
    assert _typed(wants) == [("Ana Ruiz", "to double the number of night buses by 2028", AttributionType.belief)]
    [(who, content, type_)] = _typed(plans)
    assert (content, type_) == ("to dredge the outer basin in August", AttributionType.belief)
    assert "harbour board" in who


def test_a_belief_with_a_bare_object_is_no_attribution() -> None:
    knows, feels = _claims(
        "Inspector Ruth Okafor knows the old quarter well.",
        "The goalkeeper felt a sharp pain in his knee.",
    )
    assert _typed(knows) == [] and _typed(feels) == []


def test_polls_and_documents_are_sources_of_evidence() -> None:
    polls, audit = _claims(
        "Polls show the incumbent trailing by four points in the northern districts.",
        "The audit found that the agency had lost track of 300 laptops.",
    )
    [(who, content, type_)] = _typed(polls)
    assert (who, type_) == ("Polls", AttributionType.evidence)
    assert content == "the incumbent trailing by four points in the northern districts"
    [claim] = [c for c in audit if c.kind is ClaimKind.indirect_quote]
    assert claim.text == "the agency had lost track of 300 laptops"
    assert claim.speaker is not None and claim.speaker.type is SpeakerType.document
    assert claim.attribution_type is AttributionType.evidence


def test_a_verdict_is_not_a_finding() -> None:
    (claims,) = _claims("The tribunal found the landlord liable for the flood damage.")
    assert reported(claims) == []


def test_speech_acts_carry_their_content_and_type() -> None:
    calls_for, urged, vowed = _claims(
        "Senator Lisa Marr called for an independent inquiry into the tender.",
        "Union leader Omar Haddad urged members to reject the pay offer.",
        "The premier, Jonas Weller, vowed to restore the rail link within a year.",
    )
    assert _typed(calls_for) == [("Lisa Marr", "for an independent inquiry into the tender",
                                  AttributionType.speech_act)]
    assert _typed(urged) == [("Omar Haddad", "members to reject the pay offer", AttributionType.speech_act)]
    assert _typed(vowed) == [("Jonas Weller", "to restore the rail link within a year", AttributionType.speech_act)]


def test_physical_acts_and_stances_are_not_speech_acts() -> None:
    attack, oppose = _claims(
        "Officials fear the rebels will attack the garrison before dawn.",
        "Most residents oppose the new quarry on the ridge.",
    )
    assert all("garrison" not in content or type_ is not AttributionType.speech_act
               for _, content, type_ in _typed(attack))
    assert _typed(oppose) == []


def test_an_unresolved_speaker_is_kept_as_written() -> None:
    (claims,) = _claims("She wants to triple the size of the volunteer corps.")
    [claim] = [c for c in claims if c.kind is ClaimKind.indirect_quote]
    assert claim.speaker is not None
    assert (claim.speaker.canonical, claim.speaker.type) == ("She", SpeakerType.unknown)
    assert claim.text == "to triple the size of the volunteer corps"


def test_a_description_no_rule_knows_is_kept_as_written() -> None:
    (claims,) = _claims("The bakery next door thinks the market will close.")
    [claim] = [c for c in claims if c.kind is ClaimKind.indirect_quote]
    assert claim.text == "the market will close" and claim.attribution_type is AttributionType.belief
    assert claim.speaker is not None and "bakery" in claim.speaker.canonical
    assert claim.speaker.type is SpeakerType.unknown
    assert claim.evidence.rule is not None and claim.evidence.rule.endswith("as_written")


def test_a_thing_said_of_is_still_no_speaker() -> None:
    (claims,) = _claims("The brooch, said to be three centuries old, was sold on Monday.")
    assert reported(claims) == []


def test_plain_speech_is_typed_speech() -> None:
    (claims,) = _claims("The ministry said the border crossing would reopen on Thursday.")
    assert [c.attribution_type for c in claims if c.kind is ClaimKind.indirect_quote] == [AttributionType.speech]


def test_an_attribution_set_off_inside_its_content_reports_the_clause_around_it() -> None:
    ferry, climate = _claims(
        "The new ferry, the captain said, was the fastest on the fjord.",
        "Erosion, Ana Ruiz often says, is the greatest threat to the coast.",
    )
    assert _typed(ferry) == [("the captain", "The new ferry, the captain said, was the fastest on the fjord",
                              AttributionType.speech)]
    [(who, content, _)] = _typed(climate)
    assert who == "Ana Ruiz" and content.startswith("Erosion") and content.endswith("threat to the coast")


def test_a_plural_group_holds_a_claim_a_single_nationality_does_not() -> None:
    group, single = _claims(
        "Conservatives said the ministry had mishandled the tender.",
        "Canadian maintains its lead in the standings.",
    )
    assert [(who, content) for who, content, _ in _typed(group)] == [
        ("Conservatives", "the ministry had mishandled the tender")]
    assert _typed(single) == []


def test_critics_some_and_we_hold_what_they_say() -> None:
    critics, some, we = _claims(
        "Critics say the money could be better spent on the harbour.",
        "Some argue the toll should be scrapped.",
        "We know from the filings that most of the assets are held abroad.",
    )
    assert _typed(critics) == [("Critics", "the money could be better spent on the harbour", AttributionType.speech)]
    assert _typed(some) == [("Some", "the toll should be scrapped", AttributionType.speech)]
    assert _typed(we) == [("We", "most of the assets are held abroad", AttributionType.belief)]
    for claims in (critics, some, we):
        assert all(c.speaker is not None and c.speaker.type is SpeakerType.unknown for c in claims)


def test_a_share_of_a_group_is_named_with_its_group() -> None:
    percent, majority = _claims(
        "Thirty-one percent of respondents said the economy was their main worry.",
        "A majority of voters expect Ruiz to win the debate.",
    )
    assert [who for who, _, _ in _typed(percent)] == ["Thirty-one percent of respondents"]
    assert _typed(majority) == [("a majority of voters", "Ruiz to win the debate", AttributionType.belief)]


def test_a_verdict_pinned_on_someone_is_a_speech_act() -> None:
    attacked, blasted, likened = _claims(
        "The governor attacked her rival as a fraud during the debate.",
        "Ruiz, who has campaigned for the mayor since March, blasted the council as a “disgrace” on Wednesday.",
        "The senator likened the tax to a burglary.",
    )
    assert _typed(attacked) == [("the governor", "her rival as a fraud during the debate", AttributionType.speech_act)]
    [claim] = [c for c in blasted if c.kind is ClaimKind.indirect_quote]
    assert claim.text.startswith("the council as a “disgrace") and [p.text for p in claim.parts] == ["disgrace"]
    assert _typed(likened) == [("the senator", "the tax to a burglary", AttributionType.speech_act)]


def test_an_attack_without_a_verdict_is_an_act() -> None:
    (claims,) = _claims("Rebels attacked the garrison before dawn on Sunday.")
    assert _typed(claims) == []


def test_agreeing_and_seeing_as_are_beliefs() -> None:
    agreed, agreed_with, sees, saw = _claims(
        "Analysts agreed it was still a top-heavy plan.",
        "The judge agreed with the tenants that there was no reason to delay the hearing.",
        "Investors see the program as an easy way to gain residency.",
        "Ruiz saw the ferry leave at dawn.",
    )
    assert _typed(agreed) == [("analysts", "it was still a top-heavy plan", AttributionType.belief)]
    assert _typed(agreed_with) == [("the judge", "there was no reason to delay the hearing", AttributionType.belief)]
    assert _typed(sees) == [("investors", "the program as an easy way to gain residency", AttributionType.belief)]
    assert _typed(saw) == []  # seeing a thing is no view of it


def test_a_passive_with_no_source_named_is_a_claim_without_a_speaker() -> None:
    expected, accused, announced = _claims(
        "One in nine voters is expected to be Latino.",
        "The developer was accused of hiding the costs from investors.",
        "A new timetable was announced on Friday.",
    )
    [claim] = [c for c in expected if c.kind is ClaimKind.indirect_quote]
    assert (claim.speaker, claim.text, claim.attribution_type) == (
        None, "One in nine voters is expected to be Latino", AttributionType.belief)
    [claim] = [c for c in accused if c.kind is ClaimKind.indirect_quote]
    assert claim.speaker is None and claim.attribution_type is AttributionType.speech_act
    assert claim.text == "The developer was accused of hiding the costs from investors"
    assert [c for c in announced if c.kind is ClaimKind.indirect_quote] == []  # an event, no claim


def test_requests_in_the_passive_and_nobody_hold_no_claim() -> None:
    asked, nobody = _claims(
        "Anyone with information is asked to call the tip line.",
        "Nobody expects the bridge to reopen before winter.",
    )
    assert [c for c in asked if c.kind is ClaimKind.indirect_quote] == []
    assert _typed(nobody) == []


def test_a_question_put_is_a_claim_a_question_left_unanswered_is_not() -> None:
    asked, unanswered = _claims(
        "The senator asked whether the contract was legal.",
        "The airline did not say how many passengers were affected.",
    )
    assert _typed(asked) == [("the senator", "whether the contract was legal", AttributionType.speech_act)]
    assert _typed(unanswered) == []


def test_an_aside_about_the_object_is_not_what_was_said() -> None:
    (claims,) = _claims("The mayor cited criticism of the harbour board, which had been booed at the meeting.")
    assert _typed(claims) == [("the mayor", "criticism of the harbour board", AttributionType.speech)]


def test_that_as_a_determiner_is_part_of_what_was_said() -> None:
    determiner, complementiser = _claims(
        "Councillor Petra Lind said that claim smacked of hypocrisy.",
        "Councillor Petra Lind said that the claim smacked of hypocrisy.",
    )
    assert [content for _, content, _ in _typed(determiner)] == ["that claim smacked of hypocrisy"]
    assert [content for _, content, _ in _typed(complementiser)] == ["the claim smacked of hypocrisy"]


def test_a_question_answered_is_a_claim() -> None:
    explained, told = _claims(
        "The treasurer explained how the harbour fund would be repaid.",
        "Pollster Ana Ruiz told the host on Thursday how surprised she was by the turnout.",
    )
    assert _typed(explained) == [("the treasurer", "how the harbour fund would be repaid", AttributionType.speech)]
    assert [content for _, content, _ in _typed(told)] == ["how surprised she was by the turnout"]


def test_a_stance_adjective_with_a_clause_is_a_belief() -> None:
    convinced, worried, confident, hot = _claims(
        "The senator met the generals and came away convinced that reforms were under way.",
        "The soup was too hot. Residents are worried about the cost of the new bridge.",
        "Officials are confident that the levy will pass.",
        "The soup was too hot for the children.",
    )
    assert _typed(convinced) == [("the senator", "reforms were under way", AttributionType.belief)]
    assert _typed(worried) == [("residents", "about the cost of the new bridge", AttributionType.belief)]
    assert _typed(confident) == [("officials", "the levy will pass", AttributionType.belief)]
    assert _typed(hot) == []


def test_taking_a_side_needs_a_named_object() -> None:
    endorsed, backed, truck, oppose = _claims(
        "Two major unions have also endorsed Ruiz in the race.",
        "The Harbour Herald backed Lind after the debate.",
        "Crews backed the truck into the yard.",
        "They oppose the war and the idea of joining it.",
    )
    assert [(content, type_) for _, content, type_ in _typed(endorsed)] == [
        ("Ruiz in the race", AttributionType.speech_act)]
    assert [content for _, content, _ in _typed(backed)] == ["Lind"]
    assert _typed(truck) == [] and _typed(oppose) == []


def test_a_characterisation_ends_with_its_quoted_label() -> None:
    """'criticised the levy as a “crazy system” during a campaign stop': when and where it was said
    is not part of what was said."""
    criticised, attacked = _claims(
        "Former mayor Tom Dale criticized the new levy as a “crazy system” during a campaign stop in Hull.",
        "Councillor Ana Ruiz attacked the developer as a “land grabber” at a rally in the old market.",
    )
    assert reported(criticised) == [("Tom Dale", "the new levy as a “crazy system”")]
    assert reported(attacked) == [("Ana Ruiz", "the developer as a “land grabber”")]


def test_a_bare_verb_after_the_infinitive_continues_it() -> None:
    """The parser hangs the second and third infinitive on the reporting verb ('wants to A, B and
    C'); a base form cannot be coordinated with 'wants', so it is part of what is wanted."""
    wants, planned = _claims(
        "Councillor Petra Lind wants to widen the coast road, rebuild the pier and close the old ferry.",
        "The harbour board planned to sell the old sheds, then hand over the quay to the town.",
    )
    assert _typed(wants) == [("Petra Lind", "to widen the coast road, rebuild the pier and close the old ferry",
                              AttributionType.belief)]
    [(_, content, _)] = _typed(planned)
    assert content == "to sell the old sheds, then hand over the quay to the town"


def test_an_inflected_verb_after_the_infinitive_is_the_next_act() -> None:
    (claims,) = _claims("Mayor Ana Ruiz vowed to reopen the pier and signed the order on Monday.")
    assert _typed(claims) == [("Ana Ruiz", "to reopen the pier", AttributionType.speech_act)]


def test_a_subject_with_words_set_off_inside_it_is_kept_as_written() -> None:
    """The commas between subject and verb enclose the subject's own example or apposition."""
    urged, see = _claims(
        "Enthusiasts, including two shopkeepers from the quay, have urged the council to keep the ferry.",
        "Opponents of the toll, such as Petra Lind and the cyclists' club, see the vote as a test of the mayor.",
    )
    assert _typed(urged) == [("Enthusiasts", "the council to keep the ferry", AttributionType.speech_act)]
    assert _typed(see) == [("Opponents", "the vote as a test of the mayor", AttributionType.belief)]
    assert all(c.speaker is not None and c.speaker.type is SpeakerType.unknown for c in urged + see)



def test_a_verdict_or_label_in_the_passive_is_a_claim_with_no_speaker_named() -> None:
    blamed, criticised, labelled, dubbed, what, box = _claims(
        "Contractors have been blamed for flooding the lower town.",
        "The harbour board has been criticized for ignoring the fishermen.",
        "After the storm, the old pier was labeled “unsafe for anyone.”",
        "The goalkeeper was dubbed the hero of the final.",
        "The council sold the common land in what is being criticized as a “quiet land grab” of the common.",
        "A box labeled “spare keys” sat on the shelf.",
    )
    assert _typed(blamed) == [(
        "", "Contractors have been blamed for flooding the lower town", AttributionType.speech_act)]
    assert _typed(criticised) == [(
        "", "The harbour board has been criticized for ignoring the fishermen", AttributionType.speech_act)]
    assert [content for _, content, _ in _typed(labelled)] == ["the old pier was labeled “unsafe for anyone"]
    assert [content for _, content, _ in _typed(dubbed)] == ["The goalkeeper was dubbed the hero of the final"]
    assert [content for _, content, _ in _typed(what)] == ["as a “quiet land grab” of the common"]
    assert _typed(box) == []


def test_taking_the_side_of_a_body_or_a_role_is_a_speech_act() -> None:
    """A side taken is a person, a party or a body: named, or a noun the speaker lexicons know
    ('the council', 'the association', 'the nominee'); a thing is not ('the war', 'the truck')."""
    (claims,) = _claims(
        "Two fishing unions support the council, while the ferry crews support the residents' association.")
    assert [content for _, content, _ in _typed(claims)] == ["the council", "the residents' association"]
    assert all(type_ is AttributionType.speech_act for _, _, type_ in _typed(claims))


def test_a_side_taken_in_the_passive_is_the_subject_and_its_taker_the_agent() -> None:
    endorsed, share, beams, pronoun = _claims(
        "The mayor has been endorsed by three local newspapers.",
        "The toll plan was backed by a third of the members.",
        "The roof is supported by a row of steel beams.",
        "They were backed by the minister.",
    )
    assert [(who, content) for who, content, _ in _typed(endorsed)] == [("three local newspapers", "The mayor")]
    assert [(who, content) for who, content, _ in _typed(share)] == [("a third of the members", "The toll plan")]
    assert _typed(beams) == [] and _typed(pronoun) == []


def test_a_request_or_proposal_rejected_is_a_speech_act() -> None:
    request, proposal, application = _claims(
        "The tribunal rejected a request from the fishermen to reopen the hearing.",
        "The council dismissed the proposal to close the night market.",
        "The council rejected the planning application.",
    )
    assert _typed(request) == [("tribunal", "a request from the fishermen to reopen the hearing",
                                AttributionType.speech_act)]
    assert [content for _, content, _ in _typed(proposal)] == ["the proposal to close the night market"]
    assert _typed(application) == []


def test_considering_a_thing_to_be_something_is_a_belief_weighing_it_is_not() -> None:
    judged, passive, weighing, bill = _claims(
        "Few sailors on the island consider the new ferry a safe boat.",
        "Off the northern cape, the old reef is considered a hazard.",
        "The senator urged the ministry to consider taking further action.",
        "The council will consider the harbour bill on Monday.",
    )
    assert _typed(judged) == [("few sailors on the island", "the new ferry a safe boat", AttributionType.belief)]
    assert _typed(passive) == [("", "the old reef is considered a hazard", AttributionType.belief)]
    assert [content for _, content, _ in _typed(weighing)] == ["the ministry to consider taking further action"]
    assert _typed(bill) == []


def test_mocking_is_a_speech_act() -> None:
    complaint, mayor, trial = _claims(
        "Ana Ruiz mocked the new parking rules at the town meeting.",
        "Senator Tom Dale mocked the mayor for his late-night posts.",
        "The students staged a mock trial in the old court.",
    )
    assert _typed(complaint) == [("Ana Ruiz", "the new parking rules", AttributionType.speech_act)]
    assert _typed(mayor) == [("Tom Dale", "the mayor for his late-night posts", AttributionType.speech_act)]
    assert _typed(trial) == []
