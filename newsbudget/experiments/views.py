"""Newsroom pages for headline tests: start one on a Live story, read its results, declare a winner.

Thin: each view parses the request, calls one service and maps its outcome
(``NotPermitted`` → 403, ``ValidationError`` → the form again with 400,
never a 500).  ``staff_page`` (sign-in, a newsroom role, never cached) wraps
them all; the desk's editors are the only ones the services let act.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from newsbudget.experiments import policies, queries, services, stats
from newsbudget.experiments.forms import DeclareWinnerForm, HeadlineTestForm
from newsbudget.experiments.models import HeadlineTest
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Story
from newsbudget.stories.views import StaffRequest, staff_page


@staff_page
def start(request: StaffRequest, story_pk: int) -> HttpResponse:
    """The form for a new test of a story's headline (GET), and starting it (POST)."""
    story = get_object_or_404(Story.objects.select_related("desk"), pk=story_pk)
    if not policies.may_test_headlines(request.user, story):
        raise NotPermitted("Only the desk's editors may test this story's headlines.")
    running = queries.running_test_of(story)
    if running is not None:
        return redirect("experiments:results", pk=running.pk)
    form = HeadlineTestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            test = services.start_headline_test(
                story=story, by=request.user, alternatives=form.alternatives()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Headline test started: readers now see the alternatives.")
            return redirect("experiments:results", pk=test.pk)
    return render(
        request,
        "experiments/start.html",
        {"story": story, "form": form},
        status=400 if form.is_bound else 200,
    )


@staff_page
def results(request: StaffRequest, pk: int, *, status: int = 200) -> HttpResponse:
    """Each headline's impressions, clicks and click-through rate, and the significance estimate."""
    test = get_object_or_404(queries.with_variants(HeadlineTest.objects.all()), pk=pk)
    if not policies.may_test_headlines(request.user, test.story):
        raise NotPermitted("Only the desk's editors may read this story's headline tests.")
    context = {
        "test": test,
        "story": test.story,
        "results": queries.results_of(test),
        "alpha": stats.ALPHA,
        "min_impressions": stats.MIN_IMPRESSIONS,
        "min_events": stats.MIN_EVENTS,
    }
    return render(request, "experiments/results.html", context, status=status)


@staff_page
def declare(request: StaffRequest, pk: int) -> HttpResponse:
    """POST: end the test with the chosen headline as the winner."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    test = get_object_or_404(HeadlineTest.objects.select_related("story__desk"), pk=pk)
    form = DeclareWinnerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the test's headlines.")
        return results(request, pk, status=400)
    try:
        services.declare_winner(test=test, position=form.cleaned_data["position"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return results(request, pk, status=400)
    messages.success(request, "Headline test ended; the winning headline is now the story's.")
    return redirect("experiments:results", pk=pk)
