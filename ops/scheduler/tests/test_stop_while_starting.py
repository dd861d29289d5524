"""SIGTERM while apscheduler is still starting stops the scheduler cleanly (exit 0, lease freed).

Seen in CI under load: the signal landed inside ``scheduler.start()``, before
apscheduler counted as running, and crontask's own handler then called
``shutdown()`` on a scheduler that never ran, which raises.
"""

from __future__ import annotations

from typing import Any

import pytest
from crontask import scheduler
from django.core.management import call_command
from django.utils import timezone

from ops.scheduler.models import Lease


@pytest.mark.django_db
def test_a_signal_during_start_stops_cleanly(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def interrupted_start(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("Received SIGTERM (15), shutting down…")

    monkeypatch.setattr(scheduler, "start", interrupted_start)

    call_command("scheduler", "--no-task-loading", "--no-heartbeat")

    assert "Stopped before the scheduler started." in caplog.text
    lease = Lease.objects.get(name="scheduler")
    assert lease.expires_at < timezone.now()  # given up at once, for a standby to take
