"""Words that belong inside or after a person's name without being the name itself."""

from __future__ import annotations

# Lower-case words inside names: 'Pieter van der Berg', 'Lucía Fernández de la Vega',
# 'Khalid bin Saeed'. Matched as written, so only the lower-case word is a particle.
NAME_PARTICLES = frozenset(
    "van der den de del della di da das do dos du des von zu bin binti ibn bint abu al el ul ud ur le la "
    "ter ten y".split()
)

# Arabic articles and 'ul' joined to the next word of a name by a hyphen: 'Nasser al-Harthy',
# 'Inzamam-ul-Haq'; the sun letters assimilate the article ('ad-Din', 'as-Sayed', 'az-Zubair').
HYPHENED_NAME_PARTICLES = ("al", "el", "ul", "ud", "ur", "ad", "ar", "as", "ash", "at", "az")

# The particles the alias resolver skips when it reads a given name. It matches words after
# case folding, so a particle that is also a given name when capitalised ('Des Browne',
# 'Do Kwon', 'Abu Bakr', 'Ten') must stay out, or the given name would vanish. The folded
# matching is why this is not NAME_PARTICLES. The other six left out (zu, bint, binti, ul, ud,
# ur) were never in the resolver's list; adding them would change which names it merges.
FOLDED_NAME_PARTICLES = NAME_PARTICLES - frozenset("do des abu ten zu binti bint ul ud ur".split())

# Generation suffixes after a surname: 'Martin Luther King Jr'.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
