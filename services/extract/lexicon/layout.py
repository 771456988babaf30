"""Words of a page's layout: labels that open a line the way a speaker's name does."""

from __future__ import annotations

# "Update: …", "Verdict: …": a line opened by one of these is not a speaker's turn.
LINE_LABEL_WORDS = frozenset(
    """update updates result results breaking watch live analysis opinion comment editorial quote
    statement note summary verdict warning headline read listen video photo picture caption
    correction clarification exclusive explainer factbox timeline background context question
    answer q a sources source notes latest recap preview review key takeaway bottom
    message subject title re fw fwd ps""".split()
)
