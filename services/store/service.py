"""The store service process: the Kafka consumer in a thread, the search API over HTTP.

    claimwire serve store     # GET /search, /healthz, /readyz, /metrics

The consumer thread is supervised (services/store/consumer.py). If it gives up, or dies of
anything at all, the HTTP server is told to stop and the process exits with EXIT_LOOP_FAILED
(services/shared/http_server.py), so an orchestrator restarts it; it never goes on answering
searches over an index that has stopped filling.
"""

from __future__ import annotations

from services.shared.config import Settings
from services.shared.http_guard import AccessRules
from services.shared.http_server import LoopFailed
from services.store.consumer import ClaimStoreConsumer
from services.store.documents import ClaimIndex
from services.store.http_api import create_app


def serve(settings: Settings, index: ClaimIndex, port: int) -> None:
    """Run until stopped; the composition root (`claimwire/bootstrap.py`) chose the index and
    made the topics."""
    consumer = ClaimStoreConsumer(settings, index)
    loop_failed = LoopFailed()
    app = create_app(index, consumer, stall_after_s=settings.stall_after_s, on_fatal=loop_failed.stop,
                     access=AccessRules.from_settings(settings))
    loop_failed.serve(app, host=settings.http_host, port=port, service="store",
                      header_timeout_s=settings.http_header_timeout_s)
