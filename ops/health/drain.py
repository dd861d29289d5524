"""Draining: take this node out of the load balancer's rotation before stopping it.

A node that is draining keeps serving every request it gets, but /readyz
answers 503 ``draining``, so a balancer that health-checks it stops sending
new requests; once none arrive, the node can stop without failing any.  The
flag is a file (``DRAIN_FILE``, one per node: it is a fact about this node,
not shared state), set and cleared by ``manage.py drain`` — what the rolling
deploy runs on each node in turn.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def drain_file() -> Path:
    return Path(settings.DRAIN_FILE)


def is_draining() -> bool:
    return drain_file().exists()


def start_draining(reason: str = "") -> Path:
    path = drain_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason or "draining\n")
    return path


def stop_draining() -> bool:
    """Clear the flag; whether it was set."""
    path = drain_file()
    if not path.exists():
        return False
    path.unlink(missing_ok=True)
    return True
