"""``python -m claimwire.devsearch``: run one OpenSearch node in the foreground until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from claimwire.devbroker.foreground import stop_on_signals, wait_until_stopped
from claimwire.devsearch.jars import CACHE_ENV_VAR, DevSearchError
from claimwire.devsearch.node import DEFAULT_HEAP, DEFAULT_START_TIMEOUT_S, OpenSearchNode


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m claimwire.devsearch",
        description=(
            "Run a single-node OpenSearch on 127.0.0.1 until Ctrl-C or SIGTERM; prints its URL on stdout once "
            "the cluster is ready. Security is off (no TLS, no users): for development and tests only. Its "
            "data is thrown away on exit."
        ),
        epilog="Point claimwire at it with CLAIMWIRE_INDEX=opensearch://127.0.0.1:<port> or OPENSEARCH_URL=<url>.",
    )
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help=f"jar cache (default: ${CACHE_ENV_VAR} or .cache/opensearch)"
    )
    parser.add_argument("--heap", default=DEFAULT_HEAP, help=f"JVM heap, e.g. 1g (default {DEFAULT_HEAP})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT_S, help="start-up timeout in seconds")
    parser.add_argument("--keep-work-dir", action="store_true", help="keep data and logs after stopping")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a development OpenSearch node in the foreground until Ctrl-C or SIGTERM."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the readiness probe's requests

    stop_requested = stop_on_signals()

    node = OpenSearchNode(port=args.port, heap=args.heap, cache_dir=args.cache_dir, start_timeout=args.timeout,
                          keep_work_dir=args.keep_work_dir)
    try:
        url = node.start()
    except DevSearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(url, flush=True)
        print(f"OpenSearch node running at {url} (logs: {node.log_path}); Ctrl-C to stop.", file=sys.stderr,
              flush=True)
        if not wait_until_stopped(stop_requested, node.is_running):
            print(f"error: the node exited on its own\n{node.log_tail()}", file=sys.stderr)
            return 1
        return 0
    finally:
        node.stop()
        print("OpenSearch node stopped.", file=sys.stderr, flush=True)
