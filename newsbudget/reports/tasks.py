"""Background work for desk reports: building one, on whichever worker takes it.

The task takes the report's id and re-reads it (``services.claim``), so a task
delivered twice builds the report once.  A build that raises marks the report
failed at once (the editor asks again; retrying a broken build would not help),
while a build whose worker died is run a second time, by another worker, once
the lease expires (ops.taskqueue).
"""

from __future__ import annotations

from django.tasks import task

from newsbudget.reports import services
from ops.taskqueue.policy import retry_policy


@retry_policy(max_attempts=2, retry_on=())
@task
def build_desk_report(report_id: int) -> str:
    """Build the report into the private storage; its status afterwards."""
    report = services.build_report(report_id=report_id)
    return report.status if report else "not queued"
