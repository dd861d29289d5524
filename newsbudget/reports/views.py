"""The reports page (ask for a desk report, see your recent ones) and the download of a ready one.

Views only translate HTTP: the form checks the input (400 with the errors on
the page), ``services.request_report`` the permission (``NotPermitted`` →
403) and the rules, and the download checks ``policies.may_download`` before
handing the file over (``ops.storage.serving``: a signed URL on S3, a stream
otherwise).  Someone else's report, a report not ready, or a file gone from
the storage are all 404: a report's existence is nobody else's business.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from newsbudget.reports import queries, services
from newsbudget.reports.forms import ReportRequestForm
from newsbudget.reports.models import DeskReport
from newsbudget.reports.policies import may_download, reporting_desks
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.views import StaffRequest, staff_page
from ops.storage.serving import private_download


def render_page(
    request: StaffRequest, form: ReportRequestForm, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "reports": queries.reports_of(request.user)}
    return render(request, "reports/reports.html", context, status=status)


@staff_page
def reports(request: StaffRequest) -> HttpResponse:
    """GET: the form and your recent reports; POST: ask for a report, then back to the list."""
    if not reporting_desks(request.user).exists():
        raise NotPermitted("Desk reports are for the desk's editors.")
    if request.method != "POST":
        today = timezone.localdate()
        initial = {"start": today.replace(day=1), "end": today}
        return render_page(request, ReportRequestForm(user=request.user, initial=initial))
    form = ReportRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        return render_page(request, form, status=400)
    try:
        report = services.request_report(
            by=request.user,
            desk=form.cleaned_data["desk"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            file_format=form.cleaned_data["file_format"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render_page(request, form, status=400)
    messages.success(request, f"Report of {report.desk} queued; it appears below when ready.")
    return redirect("reports:list")


@staff_page
def download(request: StaffRequest, pk: int) -> HttpResponseBase:
    report = get_object_or_404(DeskReport.objects.select_related("desk"), pk=pk)
    if not may_download(request.user, report) or not report.is_ready:
        raise Http404("No such report.")
    storage = storages["private"]
    try:
        return private_download(
            storage,
            report.file_name,
            filename=report.download_name,
            content_type=report.content_type,
        )
    except FileNotFoundError:
        raise Http404("The report's file is gone; ask for it again.") from None
