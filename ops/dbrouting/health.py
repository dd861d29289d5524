"""Which replicas this process may read from now, and the record of every fallback.

A replica is used only while it is **reachable** and **not lagging**:

- reachable: its connection is opened (or, when kept from an earlier request,
  checked with Django's health check) before the first read of a request, so a
  replica that is down costs that request at most its connect timeout
  (``DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS``) and the read goes to the
  primary instead;
- not lagging: at most every ``RECHECK_SECONDS`` the replica is asked how far
  behind it is (0 when it has replayed all the WAL it received, else the age
  of the last transaction it replayed); beyond ``DATABASE_REPLICA_MAX_LAG_SECONDS``
  it is not used.

A replica found unusable is left alone for ``RECHECK_SECONDS`` (a circuit
breaker: the next requests go straight to the primary instead of each paying a
connect timeout), then tried again.  Each time a replica is found unusable
it is logged once (WARNING, with the replica's alias and the reason, never its
address or password); every request that read from the primary because of it
is counted in ``db_replica_fallbacks_total{replica,reason}`` (by the router).

The state is per process, like ``ops.http.breaker``'s circuits and Django's
connections themselves: whether this process can reach a replica is a fact
about this process's network path, and checking must work exactly when the
shared infrastructure may be failing.  A lock guards it for threaded workers.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("ops.dbrouting")

RECHECK_SECONDS = 5.0
# 0 when every WAL record received has been replayed (an idle primary is no lag), otherwise
# how old the last replayed transaction is; NULL when this server is not a standby.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class ReplicaUnusable(Exception):
    """A replica cannot serve reads right now; the message says why (no address, no secret)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def probe(alias: str, *, measure_lag: bool) -> float:
    """Make sure ``alias``'s connection works; its lag in seconds when ``measure_lag`` (else 0).

    Raises ``ReplicaUnusable("unreachable")`` if it cannot connect or answer.
    """
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if not measure_lag:
            return 0.0
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as error:
        # Drop the broken connection now, so the next check reconnects from scratch.
        with contextlib.suppress(DatabaseError):
            connection.close()
        raise ReplicaUnusable("unreachable", type(error).__name__) from None
    return float(row[0]) if row and row[0] is not None else 0.0


@dataclass
class Replica:
    """What this process knows of one replica."""

    down_until: float = 0.0
    reason: str = ""
    lag_checked_at: float = float("-inf")


class ReplicaHealth:
    """This process's view of its replicas: which may be read from, re-checked every few seconds."""

    def __init__(
        self,
        *,
        max_lag_seconds: Callable[[], float] | None = None,
        probe: Callable[..., float] = probe,
        clock: Callable[[], float] = time.monotonic,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self.max_lag_seconds = max_lag_seconds or (
            lambda: float(getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", 10.0))
        )
        self.probe, self.clock, self.recheck_seconds = probe, clock, recheck_seconds
        self.replicas: dict[str, Replica] = {}
        self.lock = threading.Lock()

    def unusable_because(self, alias: str) -> str | None:
        """None if ``alias`` may serve this request's reads (its connection open and checked);
        otherwise why not: ``unreachable``, ``lagging`` or ``failed`` (an error mid-request)."""
        now = self.clock()
        with self.lock:
            replica = self.replicas.setdefault(alias, Replica())
            if replica.down_until > now:
                return replica.reason
            measure_lag = now - replica.lag_checked_at >= self.recheck_seconds
        try:
            lag = self.probe(alias, measure_lag=measure_lag)
        except ReplicaUnusable as error:
            self.mark_down(alias, error.reason, str(error))
            return error.reason
        if measure_lag:
            with self.lock:
                replica.lag_checked_at = now
            limit = self.max_lag_seconds()
            if lag > limit:
                self.mark_down(alias, "lagging", f"{lag:.1f}s behind, limit {limit:g}s")
                return "lagging"
        return None

    def mark_down(self, alias: str, reason: str, detail: str = "") -> None:
        """Stop reading from ``alias`` for ``recheck_seconds``; log and count why."""
        with self.lock:
            replica = self.replicas.setdefault(alias, Replica())
            replica.down_until = self.clock() + self.recheck_seconds
            replica.reason = reason
            replica.lag_checked_at = float("-inf")  # measure again when it is retried
        logger.warning(
            "replica %s not used for %gs: %s%s",
            alias,
            self.recheck_seconds,
            reason,
            f" ({detail})" if detail and detail != reason else "",
            extra={"replica": alias, "reason": reason},
        )

    def reset(self) -> None:
        with self.lock:
            self.replicas.clear()


# This process's replica health, shared by the router and the ``replica_reads`` decorator.
PROCESS_HEALTH = ReplicaHealth()
