"""The contact form's endpoints: receiving a message, and the thank-you page.

The form is shown by its ``ContactPage`` (served, and cacheable, like every
page) and posted here, to a named route (``pages:contact``) so the
``contact`` rate limit in ``RATE_LIMITS`` covers it like any other route.
Invalid input re-renders the page with the errors (400), never a 500; a
filled honeypot gets the same redirect to the thank-you page as a real
message, with nothing stored or sent.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from newsbudget.pages import services
from newsbudget.pages.forms import ContactForm, filled_honeypot
from newsbudget.pages.models import ContactPage


def contact_page(page_id: int) -> ContactPage:
    return get_object_or_404(ContactPage.objects.live().public(), pk=page_id)


@require_POST
def contact(request: HttpRequest, page_id: int) -> HttpResponse:
    page = contact_page(page_id)
    if filled_honeypot(request.POST):
        return redirect("pages:contact_thanks", page_id=page.pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return page.render_with_form(request, form, status=400)
    services.receive_contact_message(page=page, **form.message_fields())
    return redirect("pages:contact_thanks", page_id=page.pk)


def contact_thanks(request: HttpRequest, page_id: int) -> HttpResponse:
    page = contact_page(page_id)
    return render(request, "pages/contact_thanks.html", {"page": page})
