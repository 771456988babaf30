"""Feed state: remembered links oldest first and bounded, saved atomically, a damaged file set aside."""

from __future__ import annotations

import json
from pathlib import Path

from services.ingest.feed_state import STATE_VERSION, FeedState


def test_remember_keeps_the_newest_and_forgets_the_oldest(tmp_path: Path) -> None:
    state = FeedState()
    for link in ["a", "b", "c", "a"]:
        state.remember(link, max_seen=2)
    assert list(state.seen) == ["c", "a"]


def test_save_and_load_round_trip_without_leaving_a_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "feeds.json"
    state = FeedState(validators={"https://f.example/rss": {"etag": '"v1"'}})
    state.remember("https://f.example/1")
    state.save(path, max_seen=10)
    assert json.loads(path.read_text())["version"] == STATE_VERSION
    assert FeedState.load(path) == state
    assert [p.name for p in path.parent.iterdir()] == ["feeds.json"]


def test_a_damaged_file_is_set_aside_and_the_state_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "feeds.json"
    path.write_text("{not json")
    assert FeedState.load(path) == FeedState()
    assert len(list(tmp_path.glob("feeds.json.corrupt-*"))) == 1
