"""A circuit breaker per origin (scheme, host and port), kept in this process's memory.

When a service stops answering, every call to it costs a full timeout (and its
retries); a breaker turns that into an immediate failure once the service has
failed several calls in a row, so the threads waiting on it are freed and the
service is not hammered while it recovers.  After the reset time one trial call
is let through (half-open): its success closes the circuit, its failure opens
it for another reset time, and every other call keeps failing fast meanwhile.

The state is per process, not shared through the cache or the database, on
purpose: a breaker must work exactly when other infrastructure may be failing,
must cost nothing on the happy path, and each process discovering an outage by
itself costs only ``failures`` slow calls per process.  A lock guards the
state because gunicorn threads and the task worker's threads share it.

The thresholds are passed to each call, not stored, so a settings change (or a
test's override) takes effect at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("ops.http")


@dataclass
class Circuit:
    """One origin's recent history: consecutive failures, and when the circuit opened."""

    failures: int = 0
    opened_at: float | None = None
    trial_in_flight: bool = False


@dataclass(frozen=True)
class Admission:
    """Whether a call may go out, whether it is the half-open trial, and the wait if not."""

    allowed: bool
    trial: bool = False
    failures: int = 0
    retry_in: float = 0.0


class Breakers:
    """The circuits of every origin this process has seen failing."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.circuits: dict[str, Circuit] = {}

    def admit(self, origin: str, *, reset_seconds: float) -> Admission:
        """May a call to ``origin`` go out now?  The first one after the reset time is the trial."""
        with self.lock:
            circuit = self.circuits.get(origin)
            if circuit is None or circuit.opened_at is None:
                return Admission(allowed=True)
            waited = self.clock() - circuit.opened_at
            if waited < reset_seconds or circuit.trial_in_flight:
                return Admission(
                    allowed=False,
                    failures=circuit.failures,
                    retry_in=max(0.0, reset_seconds - waited),
                )
            circuit.trial_in_flight = True
            return Admission(allowed=True, trial=True, failures=circuit.failures)

    def succeeded(self, origin: str, *, trial: bool) -> None:
        """A call answered: the origin is healthy, forget its failures (closing any circuit)."""
        with self.lock:
            circuit = self.circuits.pop(origin, None)
        if circuit is not None and circuit.opened_at is not None:
            logger.warning("Circuit for %s closed: the %s call answered", origin,
                           "trial" if trial else "pending")  # fmt: skip

    def failed(self, origin: str, *, trial: bool, threshold: int, reset_seconds: float) -> None:
        """A call got no (usable) answer: count it, and open the circuit at ``threshold``."""
        with self.lock:
            circuit = self.circuits.setdefault(origin, Circuit())
            circuit.failures += 1
            if trial:
                circuit.opened_at, circuit.trial_in_flight = self.clock(), False
                reopened = True
            elif circuit.opened_at is None and circuit.failures >= threshold:
                circuit.opened_at = self.clock()
                reopened = True
            else:
                reopened = False
            failures = circuit.failures
        if reopened:
            logger.warning(
                "Circuit for %s open after %s consecutive failures: calls fail fast for %s s",
                origin, failures, reset_seconds,
            )  # fmt: skip

    def abandoned(self, origin: str) -> None:
        """The trial call ended without a verdict (an error of ours): let the next call try."""
        with self.lock:
            circuit = self.circuits.get(origin)
            if circuit is not None:
                circuit.trial_in_flight = False

    def reset(self) -> None:
        """Close every circuit (for tests, and for an operator's shell after fixing a service)."""
        with self.lock:
            self.circuits.clear()


breakers = Breakers()
