"""Words of a page's layout: labels that open a line the way a speaker's name does."""

from __future__ import annotations

# Labels that open a line like a speaker's name does: "Update: …", "Verdict: …"
LINE_LABEL_WORDS = frozenset(
    """update updates result results breaking watch live analysis opinion comment editorial quote
    statement note summary verdict warning headline read listen video photo picture caption
    correction clarification exclusive explainer factbox timeline background context question
    answer q a sources source note notes latest recap preview review key takeaway bottom
    message subject title re fw fwd ps""".split()
)
