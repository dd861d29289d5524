"""Background work for desk reports: building one, on whichever worker takes it.

The task takes the report's id and re-reads it (``services.claim``), so a task
delivered twice builds the report once.
"""

from __future__ import annotations

from django.tasks import task

from newsbudget.reports import services


@task
def build_desk_report(report_id: int) -> str:
    """Build the report into the private storage; its status afterwards."""
    report = services.build_report(report_id=report_id)
    return report.status if report else "not queued"
