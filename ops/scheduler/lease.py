"""A lease in the database: exactly one scheduler active, and a standby that takes over.

The holder renews the lease well before it expires (every third of its
length); a process that finds it held waits and tries again, and takes it
once it has expired — that is, once the holder has been dead (or cut off from
the database) for a whole lease.  Taking and renewing are single conditional
``UPDATE``s (or the ``INSERT`` of the first row), so two contenders can never
both succeed: on PostgreSQL the second waits on the row lock and re-reads the
condition; on SQLite writes are serialised.

The database is the one thing every scheduler node shares in both tiers (a
Redis lock, crontask's own option, would not exist on the embedded default).
Times are the nodes' clocks: keep them in sync (NTP); a skew of a few seconds
only shortens or lengthens the takeover.

After a network partition the old holder runs on until its next renewal finds
the lease taken (at most a third of a lease); the scheduled jobs are
idempotent, so a job enqueued twice in that window does no harm.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import socket
import time
from dataclasses import dataclass, field

from crontask.utils import LockError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ops.scheduler.models import Lease

logger = logging.getLogger("ops.scheduler")


def holder_name() -> str:
    """This process, recognisably: host, PID and a random suffix (PIDs are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class DatabaseLease:
    name: str
    seconds: float
    holder: str = field(default_factory=holder_name)

    def acquire(self) -> bool:
        """Take the lease if it is free, expired or already ours."""
        now = timezone.now()
        with transaction.atomic():
            taken = (
                Lease.objects.filter(name=self.name)
                .filter(Q(expires_at__lt=now) | Q(holder=self.holder))
                .update(holder=self.holder, acquired_at=now, expires_at=self.until(now))
            )
            if taken:
                return True
            try:
                with transaction.atomic():
                    Lease.objects.create(
                        name=self.name,
                        holder=self.holder,
                        acquired_at=now,
                        expires_at=self.until(now),
                    )
            except IntegrityError:
                return False
        return True

    def wait_until_acquired(self, poll_seconds: float) -> None:
        """Block until the lease is ours, saying once who holds it meanwhile."""
        said = False
        while not self.acquire():
            if not said:
                current = Lease.objects.filter(name=self.name).first()
                logger.info("Standing by: the %s lease is held by %s", self.name, current)
                said = True
            time.sleep(poll_seconds)
        logger.info("Acquired the %s lease as %s", self.name, self.holder)

    def extend(self, additional_time: float | None = None, replace_ttl: bool = False) -> bool:
        """Renew the lease (crontask calls this periodically); LockError if it is no longer ours."""
        now = timezone.now()
        renewed = Lease.objects.filter(name=self.name, holder=self.holder).update(
            expires_at=self.until(now)
        )
        if not renewed:
            logger.error("Lost the %s lease: another process holds it now", self.name)
            raise LockError(f"the {self.name} lease is no longer held by {self.holder}")
        return True

    def release(self) -> None:
        """Give the lease up at once, so a standby need not wait for it to expire."""
        Lease.objects.filter(name=self.name, holder=self.holder).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )

    def held(self) -> bool:
        return Lease.objects.filter(
            name=self.name, holder=self.holder, expires_at__gte=timezone.now()
        ).exists()

    def until(self, now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(seconds=self.seconds)
