"""Structured logs: one JSON object per line on stderr, with the article id bound where known."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    renderer = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping().get(level, logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    # Client libraries narrate every connection at INFO; keep their warnings, drop the chatter.
    for chatty in ("kafka", "aiokafka"):
        chosen = logging.getLevelNamesMapping().get(level, logging.INFO)
        logging.getLogger(chatty).setLevel(max(chosen, logging.WARNING))
    # The page extractors log an ERROR for every page they cannot read; claimwire already reports each
    # such input once (a dead letter or a skipped page), so theirs is noise on the terminal and in the logs.
    for extractor in EXTRACTOR_LOGGERS:
        logging.getLogger(extractor).setLevel(logging.CRITICAL)


EXTRACTOR_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
