"""Who may ask for a desk's report and download it: the desk's editors and newsroom admins.

A report holds every story of a desk in every status, so it is an editor's
view of the desk (``stories.policies.edits_desk``: an editor who staffs it, or
an admin).  Only the person who asked may download it, and only while they
still edit that desk: a report does not outlive its reader's permission.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport
from newsbudget.stories.policies import edits_desk


def may_request_report(user: Any, desk: Desk) -> bool:
    return edits_desk(user, desk)


def may_download(user: Any, report: DeskReport) -> bool:
    return report.requested_by_id == user.pk and edits_desk(user, report.desk)


def reporting_desks(user: Any) -> QuerySet[Desk]:
    """The desks ``user`` may ask reports for, in the newsroom's order."""
    allowed = [desk.pk for desk in Desk.objects.all() if may_request_report(user, desk)]
    return Desk.objects.filter(pk__in=allowed).order_by("position", "name")
