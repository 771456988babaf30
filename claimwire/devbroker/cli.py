"""``python -m claimwire.devbroker``: run one broker in the foreground until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from claimwire.devbroker.broker import DEFAULT_HEAP, DEFAULT_START_TIMEOUT_S, KafkaBroker
from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.foreground import stop_on_signals, wait_until_stopped
from claimwire.devbroker.jars import CACHE_ENV_VAR


def build_parser() -> argparse.ArgumentParser:
    """The runner's options; its help explains what ``--data-dir`` keeps across runs."""
    parser = argparse.ArgumentParser(
        prog="python -m claimwire.devbroker",
        description=(
            "Run a single-node Kafka broker on 127.0.0.1 until Ctrl-C or SIGTERM; prints host:port on stdout "
            "once it is ready. Without --data-dir its data is thrown away on exit."
        ),
        epilog=(
            "With --data-dir DIR the storage is formatted once and every later run restarts on it: same "
            "cluster id, same topics and messages, same ports as last time (an error if one of them is "
            "taken, unless --port/--controller-port move it). Nothing in DIR is deleted on exit."
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the broker's storage, config and logs in DIR across runs (created if missing)",
    )
    parser.add_argument(
        "--port", type=int, default=None, help="PLAINTEXT port (default: the one DIR remembers, else a free one)"
    )
    parser.add_argument(
        "--controller-port",
        type=int,
        default=None,
        help="KRaft controller port (default: the one DIR remembers, else a free one)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help=f"jar cache (default: ${CACHE_ENV_VAR} or .cache/kafka)"
    )
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM max heap, e.g. 512m")
    parser.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT_S, help="start-up timeout in seconds")
    parser.add_argument(
        "--keep-work-dir", action="store_true", help="keep data and logs after stopping (implied by --data-dir)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a development broker in the foreground until Ctrl-C or SIGTERM."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("kafka").setLevel(logging.WARNING)  # the readiness probe's client chatter

    stop_requested = stop_on_signals()

    try:
        broker = KafkaBroker(
            data_dir=args.data_dir,
            cache_dir=args.cache_dir,
            port=args.port,
            controller_port=args.controller_port,
            heap=args.heap,
            start_timeout=args.timeout,
            keep_work_dir=args.keep_work_dir,
        )
        bootstrap = broker.start()
    except DevBrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(bootstrap, flush=True)
        print(
            f"Kafka broker running at {bootstrap} (cluster id {broker.cluster_id}, logs: {broker.log_path}); "
            "Ctrl-C to stop.",
            file=sys.stderr,
            flush=True,
        )
        if not wait_until_stopped(stop_requested, broker.is_running):
            print(f"error: the broker exited on its own\n{broker.log_tail()}", file=sys.stderr)
            return 1
        return 0
    finally:
        broker.stop()
        print("Kafka broker stopped.", file=sys.stderr, flush=True)
