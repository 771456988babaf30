"""Invented news texts in the shapes real copy takes: wire stories, features, interviews, live
blogs, embedded posts. Used by the extractor's tests and by bench/extract_speed.py. All names,
places and numbers are made up."""

WIRE = """\
HALDEN, Norway (Reuters) - Norway's fisheries minister Ingrid Solberg said on Tuesday that the country would cut the cod quota by 20% next year.

"We have no choice. The stock is at its lowest level in three decades," Solberg told reporters in Oslo.

The industry association Fiskebat said the cut would cost at least 1,500 jobs along the northern coast.

"This decision will empty our villages," said Arne Kvalheim, the association's chairman. "Nobody in Oslo has asked us what we think."

Solberg rejected the criticism. She insisted that scientists had warned about the decline for years.

The ministry will publish the final quota in December, according to a statement.
"""

FEATURE = """\
The harbour at Vesterby is quiet at dawn now. Ten years ago, forty boats left before sunrise; today there are nine.

Mette Larsen, a third-generation skipper, remembers the busy years. "My father used to say the sea gives and the sea takes," she said, mending a net on the quay. "Now it is the ministry that takes."

Her neighbour, Jonas Berg, is less bitter. He said the town had survived worse and would survive this too.

“People forget that we had no fish at all in 1989,” Berg said. “We came back. We will come back again.”

The regional council estimated last year that tourism now brings more money to Vesterby than fishing. Local officials say the new hotel employs 60 people.

Larsen is not convinced. “Tourists leave in September,” she said. “The fish stayed all year.”
"""

INTERVIEW = """\
Economist Paula Reyes has studied housing markets for two decades. We spoke to her about the rent freeze announced last week.

Q: Will the freeze bring rents down?

A: "Not in the short run. What it does is stop the increases, and that matters for families who are at the edge."

Q: Critics say landlords will sell up.

A: "Some will. Most will not, because the numbers still work for them."

Reyes said she expected the government to review the policy within two years.
"""

LIVE_BLOG = """\
14:05 — The prime minister has arrived at the summit venue.

14:12 — Prime Minister Daniel Ortiz told journalists he was "cautiously optimistic" about a deal.

14:30 — Foreign Minister Lena Hoffmann accused the opposition of spreading false figures about the negotiations.

14:41 — The opposition leader, Tomas Weber, denied the accusation. "Every number we published comes from the government's own reports," Weber said.

14:55 — According to two diplomats briefed on the talks, the draft agreement runs to more than 40 pages.

15:10 — Police said about 3,000 protesters had gathered outside the venue.
"""

TWEETS = """\
The mayor's decision drew immediate reactions online.

The park belongs to the people who use it, not to developers.
— Sara Lind (@saralind_city) May 3, 2023

Lind, who chairs the council's green group, later said she would table a motion to reverse the sale.

The developer, Nordbygg, defended the project. "We are building 300 homes that this city badly needs," the company said in a statement.
"""

TRICKY = """\
The minister dismissed the report as “a fairy tale” and left the room.

“We will not negotiate with anyone who threatens our workers,” the union’s leader, Karin Dahl, said. “Not now, not ever.

“Our members voted for this strike and they will decide when it ends.”

Officials said the talks would resume on Friday.

He said: "I never said 'we surrender', I said we would 'pause' the campaign."

The rock ’n’ roll museum’s director, Ole Nygaard, said the 1960s were “the decade that changed everything.

Visitors have doubled since the museum opened, Nygaard said.
"""

SAMPLE_ARTICLES = {
    "wire": WIRE,
    "feature": FEATURE,
    "interview": INTERVIEW,
    "live_blog": LIVE_BLOG,
    "tweets": TWEETS,
    "tricky": TRICKY,
}
