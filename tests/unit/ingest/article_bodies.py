"""A short article body the cleaning tests wrap in chrome, titles and datelines."""

from __future__ import annotations

BODY = (
    "Dock workers at the Port of Kessler walked off the job on Tuesday, halting cargo traffic.\n\n"
    "“We are not going back until the contract is signed,” said union chair Mara Lindqvist.\n\n"
    "The port authority said that losses could reach up to $3 million a day."
)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")
