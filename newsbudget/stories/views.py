"""Staff pages for one story: start it, read it in any status, edit it, move it along the workflow.

Each view parses the request, calls one service and turns the outcome into a
response; the rules live in ``services`` and ``policies``.  Domain errors map
to one status each (see ``errors``): ``NotPermitted`` propagates to Django's
403 page, ``IllegalTransition`` re-renders the story with 409 and
``ValidationError`` with 400, the message shown on the page and nothing written.

``staff_page`` wraps every newsroom view (the budget's too): sign-in required,
a newsroom role required, and never cached by a browser or a proxy.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from newsbudget.accounts.models import User
from newsbudget.readership.queries import views_of
from newsbudget.stories import policies, queries, services
from newsbudget.stories.errors import IllegalTransition, NotPermitted
from newsbudget.stories.forms import StoryForm, editing_desks, filing_desks
from newsbudget.stories.models import Status, Story


class StaffRequest(HttpRequest):
    """A request that passed ``staff_page``: its user is a signed-in member of the newsroom."""

    user: User


def staff_page[Response: HttpResponseBase](
    view: Callable[..., Response],
) -> Callable[..., Response]:
    """Sign-in required (anonymous → login page), then a newsroom role (else 403); never cached."""

    @wraps(view)
    def newsroom_only(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        if not policies.may_view_newsroom(request.user):
            raise NotPermitted("Only newsroom staff may open the newsroom pages.")
        return view(request, *args, **kwargs)

    return never_cache(login_required(newsroom_only))


def safe_next(request: HttpRequest) -> str | None:
    """The POSTed ``next`` address if it stays on this site, else None."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@staff_page
def create(request: StaffRequest) -> HttpResponse:
    desks = filing_desks(request.user)
    if not desks.exists():
        raise NotPermitted("You are not on the staff of any desk, so you cannot file stories.")
    form = StoryForm(
        request.POST if request.method == "POST" else None,
        desks=desks,
        initial={
            "desk": desks.first(),
            "bylines": [request.user.pk],
            "budget_date": timezone.localdate(),
        },
    )
    if form.is_valid():
        try:
            story = services.create_story(by=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Story “{story.headline}” created as an idea.")
            return redirect("stories:detail", pk=story.pk)
    return render(
        request,
        "stories/story_form.html",
        {"form": form, "story": None},
        status=400 if form.is_bound else 200,
    )


@staff_page
def detail(request: StaffRequest, pk: int) -> HttpResponse:
    return render_story(request, pk)


@staff_page
def edit(request: StaffRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(queries.newsroom_stories(), pk=pk)
    if not policies.may_edit(request.user, story):
        raise NotPermitted("You cannot edit this story.")
    form = StoryForm(
        request.POST if request.method == "POST" else None,
        desks=editing_desks(request.user, story),
        story=story,
        initial=StoryForm.initial_for(story),
    )
    if form.is_valid():
        try:
            services.update_story(story=story, by=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Story saved.")
            return redirect("stories:detail", pk=story.pk)
    return render(
        request,
        "stories/story_form.html",
        {"form": form, "story": story},
        status=400 if form.is_bound else 200,
    )


@staff_page
@require_POST
def transition(request: StaffRequest, pk: int) -> HttpResponse:
    """Make the POSTed workflow move, then go back to ``next`` (if safe) or the story."""
    story = get_object_or_404(Story, pk=pk)
    try:
        story = services.transition_story(
            story=story, name=request.POST.get("transition", ""), by=request.user
        )
    except IllegalTransition as error:
        messages.error(request, str(error))
        return render_story(request, pk, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render_story(request, pk, status=400)
    messages.success(request, f"“{story.headline}” is now {Status(story.status).label.lower()}.")
    return redirect(safe_next(request) or reverse("stories:detail", kwargs={"pk": story.pk}))


def render_story(request: StaffRequest, pk: int, *, status: int = 200) -> HttpResponse:
    """The story as staff see it, its history, and the moves this person may make."""
    story = get_object_or_404(queries.newsroom_stories(), pk=pk)
    context = {
        "story": story,
        "history": queries.history_of(story),
        "moves": policies.moves_allowed(request.user, story),
        "may_edit": policies.may_edit(request.user, story),
        "views": views_of(story, today=timezone.now().astimezone(datetime.UTC).date()),
    }
    return render(request, "stories/story_detail.html", context, status=status)
