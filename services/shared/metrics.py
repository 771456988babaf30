"""Prometheus metrics shared by every service, so dashboards read the same names everywhere."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

ARTICLES = Counter("claimwire_articles_total", "Articles accepted after cleaning and dedup", ["service"])
DUPLICATES = Counter("claimwire_duplicate_articles_total", "Articles dropped as duplicates", ["service"])
CLAIMS = Counter("claimwire_claims_total", "Claims extracted", ["service", "kind"])
DEAD_LETTERS = Counter("claimwire_dead_letters_total", "Inputs sent to the dead-letter sink", ["service", "stage"])
INDEXED = Counter("claimwire_claims_indexed_total", "Claims upserted into the search index", ["service"])
STAGE_SECONDS = Histogram("claimwire_stage_seconds", "Time spent per article in each stage", ["stage"])

# Supervised loops (services.shared.supervision, the extract worker): what /healthz and /readyz decide on.
LOOP_FAILURES = Counter("claimwire_loop_failures_total", "Failures a supervised loop retried", ["loop", "error"])
CONSUMER_LAG = Gauge("claimwire_consumer_lag", "Messages behind the end of each assigned partition",
                     ["service", "partition"])
SECONDS_SINCE_PROGRESS = Gauge("claimwire_seconds_since_progress",
                               "Seconds since the consumer last made work durable or had nothing to do", ["service"])
SANDBOX_RESTARTS = Counter("claimwire_extract_sandbox_restarts_total",
                           "Extraction child processes killed or lost and started again", ["reason"])


def serve_metrics(port: int) -> None:
    """Expose /metrics on `port` (0 disables it: the embedded CLI run does not need a server)."""
    if port:
        start_http_server(port)
