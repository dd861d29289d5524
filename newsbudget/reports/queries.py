"""Reads for desk reports: a person's recent reports, and the stories a report covers."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport
from newsbudget.stories.models import Story

RECENT_REPORTS = 50


def reports_of(user: Any) -> QuerySet[DeskReport]:
    """The reports ``user`` asked for, newest first, with their desks."""
    return (
        DeskReport.objects.filter(requested_by=user)
        .select_related("desk")
        .order_by("-created_at", "-pk")[:RECENT_REPORTS]
    )


def stories_for_report(desk: Desk, start: datetime.date, end: datetime.date) -> QuerySet[Story]:
    """``desk``'s stories planned for ``start``..``end`` (inclusive), in budget order.

    Every status counts (ideas and spiked stories are part of a desk's work);
    bylines come in one prefetch, ordered as they are printed.
    """
    return (
        Story.objects.filter(desk=desk, budget_date__range=(start, end))
        .prefetch_related(
            Prefetch("bylines", queryset=User.objects.order_by("last_name", "first_name", "pk"))
        )
        .order_by("budget_date", "pk")
    )
