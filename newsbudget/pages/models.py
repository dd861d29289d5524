"""The page types editors can create, and the contact form's stored messages.

- ``LandingPage``: a free layout of blocks (``blocks.LandingBlocks``); the root
  of the site's page tree is one, served at /pages/.
- ``StandardPage``: a title, a standfirst and rich text: About, Corrections
  policy, Ethics.
- ``ContactPage``: text around a fixed contact form, and where its messages go.
  The form itself is code (``forms.ContactForm``), not editor-built fields:
  its honeypot, limits and storage are part of the site's defences.
- ``ContactMessage``: one message a reader sent, kept whether or not the desk's
  email went out (``emailed_at`` says).

Page types never render rich text unsanitised (``blocks.safe_rich_text``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from newsbudget.pages.blocks import RICH_TEXT_FEATURES, LandingBlocks


class LandingPage(Page):
    """A page laid out from blocks: headings, text, images, quotes, stories, calls to action."""

    standfirst = models.CharField(max_length=300, blank=True)
    body = StreamField(LandingBlocks(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("standfirst"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("standfirst")]
    template = "pages/landing_page.html"


class StandardPage(Page):
    """A page of text: About, the corrections policy, the ethics code."""

    standfirst = models.CharField(max_length=300, blank=True)
    body = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("standfirst"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.LandingPage"]
    subpage_types: list[str] = []
    template = "pages/standard_page.html"


class ContactPage(Page):
    """Text around the contact form; messages go to ``to_address`` or ``CONTACT_DESK_EMAIL``."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    thank_you = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="Shown after a message is sent."
    )
    to_address = models.EmailField(
        blank=True, help_text="Where messages go; empty means the site's CONTACT_DESK_EMAIL."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("thank_you"),
        FieldPanel("to_address"),
    ]
    parent_page_types = ["pages.LandingPage"]
    subpage_types: list[str] = []
    template = "pages/contact_page.html"

    def recipient(self) -> str:
        return self.to_address or settings.CONTACT_DESK_EMAIL

    def form_action(self) -> str:
        return reverse("pages:contact", kwargs={"page_id": self.pk})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from newsbudget.pages.forms import ContactForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", ContactForm())
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Show the form; it is posted to ``pages:contact`` (rate-limited there), never here."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().serve(request, *args, **kwargs)

    def render_with_form(self, request: HttpRequest, form: Any, *, status: int) -> HttpResponse:
        """The page again with a bound form showing its errors."""
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)


class ContactMessage(models.Model):
    """A message sent through a contact page."""

    page = models.ForeignKey(
        ContactPage, null=True, on_delete=models.SET_NULL, related_name="messages"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    recipient = models.EmailField(blank=True, help_text="Empty: nobody was configured to tell.")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.email})"
