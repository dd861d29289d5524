"""Counting in the shared cache per time window, and flushing each closed window exactly once.

A ``BufferedCounter`` counts named things (say, views per story id) without a
database write per event.  ``add`` is one atomic ``incr`` in the default
cache on the hot path; ``flush``, run by the scheduler, moves whole windows of
counts into the database through a ``write`` function the caller supplies.

**Windows.**  Counts go to a key per window of ``window_seconds`` (a
minute by default): ``counters:<counter>:<seconds>:<window>:n:<name>``.  The
first ``add`` of a name in a window creates its key with ``cache.add(key,
0)`` (set-if-absent: exactly one process wins) and the winner *registers*
the name: it takes the window's next slot number (``incr`` of the window's
slot counter) and stores the name under that slot.  Every ``add`` then
``incr``s the key.  So a window's names are listed by slots ``1..N`` and no
flush ever scans the cache, which Django's cache API cannot do.

**Flushing a closed window once.**  ``flush`` handles only windows that
ended at least ``flush_delay_seconds`` ago — set it above the longest an
``add`` can take from reading the clock to reaching the cache (a web
request's timeout) plus the clock skew between machines — so no ``add`` is
still writing to them, and only within the last ``keep_windows`` windows (how long every
key lives: a day of minutes by default, so a flush reads at most 1 440 slot
counters, one ``get_many`` on Redis).  For each such window with a slot
counter it reads the names and their counts, then, in **one database
transaction**, creates the window's ``FlushedWindow`` marker row (unique per
counter and window) and calls ``write(window_start, counts)``; after the
commit it deletes the window's keys.  A marker that already exists means
the window was written before: its keys are deleted and nothing is written
again.  Two flushes racing on
one window both try to create the marker; the database lets exactly one
commit, and the other rolls back its transaction before writing anything.

**Crash semantics.**

- A flush killed (or failing) before its commit has written nothing; the
  keys are still there, and the next flush writes the window.  Killed after
  the commit, the keys remain but so does the marker: the next flush only
  deletes them.  Every closed window is written exactly once.
- A cache that fails part-way through a flush's reads (Redis down: the
  resilient backend answers misses instead of raising) is noticed by
  re-reading the window's slot count after the reads; a window whose count
  changed or vanished is left for the next flush.
- What can be lost: a process killed between creating a name's key and
  registering it (two cache calls) loses that name's counts for that window;
  an ``add`` that reaches the cache more than ``flush_delay_seconds`` after
  its window ended may land after the flush deleted the window and is
  dropped (the next flush sees the marker and deletes it); counts of a
  window not flushed within ``keep_windows`` windows (the scheduler stopped
  for a day) expire; and a cache restart loses the unflushed windows.  ``add``
  raises when the cache is unavailable, and callers decide (drop and log).
- Nothing is ever counted twice.

Changing ``window_seconds`` starts new keys; counts under the old length are
not flushed (they expire).  Markers are deleted once they are older than
twice the keys' lifetime, when no key they could guard can still exist.
"""

from __future__ import annotations

import datetime
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction

from ops.counters.models import FlushedWindow

logger = logging.getLogger(__name__)

KEY_PREFIX = "counters"
GET_MANY_CHUNK = 1000
MAX_NAME_LENGTH = 200

Write = Callable[[datetime.datetime, dict[str, int]], None]
"""Writes one window's counts (name → count, all positive) inside the flush's transaction."""


@dataclass(frozen=True)
class Flushed:
    """What one flush did."""

    windows: int = 0
    """Windows whose counts this flush wrote."""
    total: int = 0
    """The sum of the counts it wrote."""
    already_flushed: int = 0
    """Windows found written before (by a racing flush, or one that died after committing)."""
    postponed: int = 0
    """Windows left for the next flush because the cache did not answer consistently."""


@dataclass(frozen=True)
class BufferedCounter:
    """A family of counters, one per name, buffered in the cache by window."""

    counter: str
    window_seconds: int = 60
    flush_delay_seconds: int = 30
    keep_windows: int = 1440

    def __post_init__(self) -> None:
        if not self.counter or ":" in self.counter:
            raise ValueError(f"A counter needs a name without ':', got {self.counter!r}")
        if self.window_seconds < 1 or 86400 % self.window_seconds:
            raise ValueError(f"window_seconds must divide a day evenly, got {self.window_seconds}")
        if self.flush_delay_seconds < 0:
            raise ValueError("flush_delay_seconds cannot be negative")
        if self.keep_seconds < 2 * (self.window_seconds + self.flush_delay_seconds):
            raise ValueError("keep_windows must cover two windows and their flush delay")

    @property
    def keep_seconds(self) -> int:
        """How long every key lives, and how far back a flush looks."""
        return self.keep_windows * self.window_seconds

    # --- Counting ---------------------------------------------------------------

    def add(self, name: str, amount: int = 1, *, now: datetime.datetime | None = None) -> int:
        """Add ``amount`` to ``name``'s count in the current window; the window's count so far.

        Raises when the cache cannot count (``CacheUnavailable`` from the
        resilient Redis backend): the caller decides whether to drop the count.
        """
        if not name or len(name) > MAX_NAME_LENGTH:
            raise ValueError(f"A counted name has 1 to {MAX_NAME_LENGTH} characters")
        window = self.window_of(now)
        key = self.count_key(window, name)
        try:
            return cache.incr(key, amount)
        except ValueError:
            pass  # the name's first count in this window (the usual case is one incr above)
        if cache.add(key, 0, timeout=self.keep_seconds):
            self.register(window, name)
        return cache.incr(key, amount)

    def register(self, window: int, name: str) -> None:
        """List ``name`` under the window's next slot, for the flush to find."""
        slots = self.slots_key(window)
        try:
            slot = cache.incr(slots)
        except ValueError:
            cache.add(slots, 0, timeout=self.keep_seconds)
            slot = cache.incr(slots)
        cache.set(self.slot_key(window, slot), name, timeout=self.keep_seconds)

    # --- Flushing ---------------------------------------------------------------

    def flush(self, write: Write, *, now: datetime.datetime | None = None) -> Flushed:
        """Write every closed, unflushed window (oldest first) through ``write``."""
        moment = now or datetime.datetime.now(tz=datetime.UTC)
        written = total = already = postponed = 0
        for window, slots in self.windows_with_counts(moment):
            outcome = self.flush_window(window, slots, write)
            if outcome is None:
                postponed += 1
            elif outcome < 0:
                already += 1
            else:
                written += 1
                total += outcome
        self.forget_old_markers(moment)
        return Flushed(windows=written, total=total, already_flushed=already, postponed=postponed)

    def windows_with_counts(self, now: datetime.datetime) -> list[tuple[int, int]]:
        """(window, slot count) of each closed window still in the cache, oldest first."""
        latest = self.window_of(now - datetime.timedelta(seconds=self.flush_delay_seconds)) - 1
        earliest = self.window_of(now - datetime.timedelta(seconds=self.keep_seconds))
        keys = {self.slots_key(window): window for window in range(earliest, latest + 1)}
        found = get_many(list(keys))
        return sorted((keys[key], int(slots)) for key, slots in found.items() if int(slots) > 0)

    def flush_window(self, window: int, slots: int, write: Write) -> int | None:
        """Write one window; its total, -1 if it was written before, None if postponed."""
        start = self.window_start(window)
        if FlushedWindow.objects.filter(counter=self.counter, window_start=start).exists():
            self.delete_window(window, slots, names=self.names_in(window, slots).values())
            return -1
        names = self.names_in(window, slots)
        counts = get_many([self.count_key(window, name) for name in names.values()])
        if cache.get(self.slots_key(window)) != slots:
            logger.warning(
                "Counter %s: window %s postponed, the cache answered inconsistently",
                self.counter, start.isoformat(),
            )  # fmt: skip
            return None
        if len(names) < slots:
            logger.warning(
                "Counter %s: %s of %s names of window %s were never registered (a process died)",
                self.counter, slots - len(names), slots, start.isoformat(),
            )  # fmt: skip
        by_name = {
            name: int(counts.get(self.count_key(window, name), 0)) for name in names.values()
        }
        positive = {name: count for name, count in by_name.items() if count > 0}
        total = sum(positive.values())
        if not self.write_once(start, positive, write):
            self.delete_window(window, slots, names=names.values())
            return -1
        self.delete_window(window, slots, names=names.values())
        return total

    def write_once(self, start: datetime.datetime, counts: dict[str, int], write: Write) -> bool:
        """Create the marker and write the counts in one transaction; False if already flushed."""
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FlushedWindow.objects.create(
                        counter=self.counter,
                        window_start=start,
                        members=len(counts),
                        total=sum(counts.values()),
                    )
            except IntegrityError:
                return False  # another flush committed this window first
            if counts:
                write(start, counts)
        return True

    def names_in(self, window: int, slots: int) -> dict[int, str]:
        """The names registered in ``window``, by slot (a slot never filled in is absent)."""
        keys = {self.slot_key(window, slot): slot for slot in range(1, slots + 1)}
        return {keys[key]: str(name) for key, name in get_many(list(keys)).items()}

    def delete_window(self, window: int, slots: int, *, names: Iterable[str]) -> None:
        keys = [self.slots_key(window)]
        keys += [self.slot_key(window, slot) for slot in range(1, slots + 1)]
        keys += [self.count_key(window, name) for name in names]
        for chunk in chunks(keys, GET_MANY_CHUNK):
            cache.delete_many(chunk)

    def forget_old_markers(self, now: datetime.datetime) -> int:
        cutoff = now - datetime.timedelta(seconds=2 * self.keep_seconds)
        deleted, _ = FlushedWindow.objects.filter(
            counter=self.counter, window_start__lt=cutoff
        ).delete()
        return deleted

    # --- Names of windows and keys ----------------------------------------------

    def window_of(self, moment: datetime.datetime | None) -> int:
        """The number of the window ``moment`` (default: now) falls in.

        >>> minutes = BufferedCounter("views")
        >>> minutes.window_of(datetime.datetime(2026, 1, 1, 0, 1, 59, tzinfo=datetime.UTC))
        29453761
        """
        seconds = time.time() if moment is None else moment.timestamp()
        return math.floor(seconds / self.window_seconds)

    def window_start(self, window: int) -> datetime.datetime:
        """When ``window`` began, in UTC.

        >>> BufferedCounter("views").window_start(29453761).isoformat()
        '2026-01-01T00:01:00+00:00'
        """
        return datetime.datetime.fromtimestamp(window * self.window_seconds, tz=datetime.UTC)

    def base(self, window: int) -> str:
        return f"{KEY_PREFIX}:{self.counter}:{self.window_seconds}:{window}"

    def count_key(self, window: int, name: str) -> str:
        return f"{self.base(window)}:n:{name}"

    def slots_key(self, window: int) -> str:
        return f"{self.base(window)}:slots"

    def slot_key(self, window: int, slot: int) -> str:
        return f"{self.base(window)}:slot:{slot}"


def get_many(keys: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in chunks(list(keys), GET_MANY_CHUNK):
        found.update(cache.get_many(chunk))
    return found


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
