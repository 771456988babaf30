"""Faults an operator meets, on the real broker, each on a stack of its own: after every one the
index holds exactly the claim ids the embedded core gives for the same articles, none twice.

Small on purpose (about a hundred articles per run); bench/faults.py runs the large version."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from kafka import KafkaProducer

from schemas import DeadLetter
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
from tests.integration.fault_harness import (
    SIGTERM_EXITS,
    FaultReport,
    Stack,
    add_worker,
    hold_index_lock,
    kill_broker,
    kill_service,
    run_faults,
    sigterm_service,
    synthetic_articles,
)
from tests.integration.test_services_e2e import read_topic

pytestmark = pytest.mark.usefixtures("local_launcher_ready")

RECOVERY_BUDGET_S = 60  # a loose bound for CI's shared cores; bench/faults.py reports the real figures


def assert_exact(result: FaultReport) -> None:
    print(result.row())  # shown with -s, and in the failure report
    assert (result.lost, result.duplicated) == (0, 0), result.row()
    assert result.found == result.expected, result.row()
    assert all(seconds < RECOVERY_BUDGET_S for seconds in result.recovery_s), result.row()


def test_kill_9_of_the_broker_and_a_restart_on_its_own_data_lose_and_double_nothing(tmp_path: Path) -> None:
    result = run_faults(tmp_path, synthetic_articles(90, seed=1), [kill_broker()], name="kill -9 broker")
    assert_exact(result)


def test_kill_9_of_the_worker_twice_and_of_the_store_lose_and_double_nothing(tmp_path: Path) -> None:
    faults = [kill_service("extract-0"), kill_service("store"), kill_service("extract-0")]
    result = run_faults(tmp_path, synthetic_articles(120, seed=2), faults, name="kill -9 worker, store, worker")
    assert_exact(result)
    assert result.restarts == {"extract-0": 2, "store": 1}


def test_sigterm_stops_each_service_within_10_s_and_the_restart_resumes_exactly(tmp_path: Path) -> None:
    SIGTERM_EXITS.clear()
    faults = [sigterm_service("store"), sigterm_service("extract-0")]
    result = run_faults(tmp_path, synthetic_articles(90, seed=3), faults, name="SIGTERM store, worker")
    assert_exact(result)
    for service, code, seconds in SIGTERM_EXITS:
        assert seconds < 10, (service, code, seconds)
        assert code in (0, -signal.SIGTERM), (service, code)  # uvicorn re-raises SIGTERM after a clean stop


def test_a_second_worker_joining_and_the_first_leaving_rebalance_without_loss(tmp_path: Path) -> None:
    faults = [add_worker(1), kill_service("extract-0")]
    result = run_faults(tmp_path, synthetic_articles(90, seed=4), faults, name="rebalance: join, kill -9",
                        workers=1)
    assert_exact(result)


def test_poison_on_both_topics_is_dead_lettered_and_the_good_messages_behind_it_are_indexed(tmp_path: Path) -> None:
    def poison(stack: Stack, producer: KafkaProducer) -> None:
        for key in (b"fault-000001", b"fault-000002", b"fault-000003"):  # good articles follow on every partition
            producer.send(RAW_ARTICLES.name, key=key, value=b"{not json")
            producer.send(CLAIMS.name, key=key, value=b'{"claim_id": 1}')
        producer.flush(timeout=30)

    def no_fault(stack: Stack) -> None:
        return None

    letters: list[DeadLetter] = []

    def read_letters(stack: Stack) -> None:
        letters.extend(DeadLetter.model_validate_json(m.value) for m in read_topic(stack.bootstrap, DEAD_LETTERS.name))

    result = run_faults(tmp_path, synthetic_articles(60, seed=5), [no_fault], name="poison on both topics",
                        before_each=poison, inspect=read_letters)
    assert_exact(result)
    by_stage = {(letter.service, letter.stage, letter.source_topic) for letter in letters}
    assert ("extract", "validate", RAW_ARTICLES.name) in by_stage, letters
    assert ("store", "validate", CLAIMS.name) in by_stage, letters
    assert all(letter.source_offset is not None for letter in letters)
    assert sum(letter.stage == "validate" for letter in letters) == 6


def test_the_store_outlasts_an_engine_that_fails_every_write_for_a_while(tmp_path: Path) -> None:
    result = run_faults(tmp_path, synthetic_articles(60, seed=6), [hold_index_lock(8)], name="index writes fail 8s")
    assert_exact(result)
    assert result.restarts == {}  # the store retried; nothing had to restart it
