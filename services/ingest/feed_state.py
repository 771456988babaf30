"""What the feed poller remembers between polls, in a small JSON file replaced atomically.

For every feed the ETag / Last-Modified validators (so an unchanged feed costs a 304) and, across
feeds, the entry links already published, oldest first and bounded. A damaged file is set aside,
not fatal: the deduplicator catches what is published again.
"""

from __future__ import annotations

import json
import os
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from services.shared.files import write_atomically
from services.shared.logging import get_logger

__all__ = ["DEFAULT_MAX_SEEN", "STATE_VERSION", "FeedState"]

log = get_logger(__name__)

STATE_VERSION = 1
DEFAULT_MAX_SEEN = 50_000


@dataclass
class FeedState:
    """What the poller remembers between polls: validators per feed and the links already published
    (oldest first, bounded)."""

    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: OrderedDict[str, None] = field(default_factory=OrderedDict)  # an ordered set, O(1) oldest-first removal

    @classmethod
    def load(cls, path: Path) -> FeedState:
        """The state in ``path``; empty when there is none, or when it is damaged (then set aside)."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls()
        try:
            data = json.loads(raw)
            validators = {
                str(url): {str(k): str(v) for k, v in values.items() if k in ("etag", "last_modified")}
                for url, values in data.get("feeds", {}).items()
                if isinstance(values, dict)
            }
            seen = OrderedDict.fromkeys(str(link) for link in data.get("seen", []))
        except (ValueError, AttributeError, TypeError) as error:
            # A damaged state file must not stop ingestion: keep it for inspection and start over
            # (links published before then are caught again by the deduplicator).
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            os.replace(path, aside)
            log.error("feed_state_corrupt", path=str(path), moved_to=str(aside), error=str(error))
            return cls()
        return cls(validators=validators, seen=seen)

    def save(self, path: Path, max_seen: int) -> None:
        """Write the state to ``path`` through a temporary file beside it, so a crash never leaves half a file."""
        self.trim(max_seen)
        data = {"version": STATE_VERSION, "feeds": self.validators, "seen": list(self.seen)}
        write_atomically(path, json.dumps(data).encode("utf-8"))

    def remember(self, link: str, max_seen: int | None = None) -> None:
        """``link`` is published: remember it as the newest, forgetting the oldest past ``max_seen``."""
        self.seen.pop(link, None)
        self.seen[link] = None
        if max_seen is not None:
            self.trim(max_seen)

    def trim(self, max_seen: int) -> None:
        while len(self.seen) > max_seen:
            self.seen.popitem(last=False)
