"""The app served from a thread on a free local port, and Huey's consumer with
worker threads, as `workbench serve` runs them: for the browser journeys."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from workbench.extensions import huey


@contextmanager
def serving(app: Flask, name: str) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def consuming(workers: int = 2) -> Iterator[Any]:
    """Run Huey's consumer with worker threads until the block ends.

    Started from the main thread, because it installs signal handlers; the
    handlers that were there before are put back afterwards.
    """
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    before = {signum: signal.getsignal(signum) for signum in handled}
    running = huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    running.start()
    try:
        yield running
    finally:
        running.stop(graceful=True)
        for signum, handler in before.items():
            signal.signal(signum, handler)
