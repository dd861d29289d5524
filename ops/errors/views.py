"""The error groups, for staff: what fails, how often, since when, and the latest traceback.

Listing needs ``errors.view_errorgroup`` (editors and admins); marking a
group resolved needs ``errors.change_errorgroup`` (admins).  A resolved group
that happens again reopens and is mailed to admins as a regression.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ops.errors.models import ErrorGroup

PAGE_SIZE = 50


@login_required
@permission_required("errors.view_errorgroup", raise_exception=True)
def error_groups(request: HttpRequest) -> HttpResponse:
    show = "resolved" if request.GET.get("show") == "resolved" else "open"
    groups = ErrorGroup.objects.filter(resolved_at__isnull=show == "open").defer("last_traceback")
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "ops/error_groups.html", {"page": page, "show": show})


@login_required
@permission_required("errors.view_errorgroup", raise_exception=True)
def error_group(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ErrorGroup, pk=pk)
    return TemplateResponse(request, "ops/error_group.html", {"group": group})


@require_POST
@login_required
@permission_required("errors.change_errorgroup", raise_exception=True)
def resolve_error_group(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ErrorGroup, pk=pk)
    ErrorGroup.objects.filter(pk=group.pk).update(resolved_at=timezone.now())
    messages.success(request, f"Marked “{group}” resolved; it reopens if it happens again.")
    return HttpResponseRedirect(reverse("errors:index"))
