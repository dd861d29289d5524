"""The demo's editorial pages: a landing page at /pages/ and About, Contact, Corrections, Ethics.

Idempotent: each page is created only if no page has its slug under the
landing page, and the landing page only if there is none, so running it on an
install that already has the pages (or pages an editor has since changed)
changes nothing.  The landing page becomes the root of Wagtail's default site
(replacing the "Welcome to Wagtail" page its migrations create, when that is
still untouched), and the newsroom's Editor and Admin roles may edit and
publish under it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Locale, Page, Site

from newsbudget.accounts.roles import ADMIN, EDITOR
from newsbudget.pages.models import ContactPage, LandingPage, StandardPage

LANDING_SLUG = "pages"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]

LANDING_BODY: list[dict[str, Any]] = [
    {"type": "heading", "value": {"text": "Who we are", "level": "h2"}},
    {
        "type": "text",
        "value": "<p>newsbudget is an independent newsroom covering the city: its council, "
        "its businesses, its teams and its culture.</p>",
    },
    {
        "type": "quote",
        "value": {
            "quote": "Get it first, but first get it right.",
            "attribution": "A newsroom saying",
        },
    },
    {"type": "latest_stories", "value": {"desk": "news", "count": 5, "title": "Latest news"}},
    {
        "type": "call_to_action",
        "value": {
            "text": "Seen something we should know about?",
            "button_label": "Contact the desk",
        },
    },
]

STANDARD_PAGES = [
    (
        "About us",
        "about",
        "Who we are and how we are funded.",
        "<p>We are a small newsroom of editors and reporters working six desks.</p>"
        "<h2>Funding</h2><p>Readers, a few advertisers and no single owner.</p>",
    ),
    (
        "Corrections policy",
        "corrections",
        "How we correct our mistakes.",
        "<p>When we get something wrong we correct it in the story, say what changed "
        "and when, and never quietly.</p>",
    ),
    (
        "Ethics",
        "ethics",
        "The rules our journalists work by.",
        "<p>We do not accept gifts, we declare conflicts of interest, and we name our "
        "sources unless doing so would put someone at risk.</p>",
    ),
]


@transaction.atomic
def create_pages() -> dict[str, int]:
    """Create the demo page tree where missing; returns how many pages it created."""
    landing, created = landing_page()
    count = int(created)
    for title, slug, standfirst, body in STANDARD_PAGES:
        if not landing.get_children().filter(slug=slug).exists():
            add(landing, StandardPage(title=title, slug=slug, standfirst=standfirst, body=body))
            count += 1
    if not landing.get_children().filter(slug="contact").exists():
        contact = ContactPage(
            title="Contact",
            slug="contact",
            intro="<p>Tips, questions and complaints reach the duty editor.</p>",
            thank_you="<p>Thank you: the desk reads every message.</p>",
        )
        add(landing, contact)
        count += 1
    link_call_to_action(landing)
    grant_roles(landing)
    return {"pages": count}


def landing_page() -> tuple[LandingPage, bool]:
    existing = LandingPage.objects.order_by("path").first()
    if existing is not None:
        return existing, False
    root = tree_root()
    landing = LandingPage(
        title="About newsbudget", slug=LANDING_SLUG, standfirst="The newsroom behind the news."
    )
    landing.body = LANDING_BODY
    root.add_child(instance=landing)
    landing.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=landing, is_default_site=True)
    else:
        placeholder = site.root_page
        site.root_page = landing
        site.save()
        if placeholder.depth == 2 and placeholder.specific_class is Page:
            placeholder.delete()  # Wagtail's own "Welcome" page, never an editor's
    return landing, True


def tree_root() -> Page:
    """The root of Wagtail's tree, which its migrations create (made here if a flush removed it)."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def add(parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    page.show_in_menus = True
    page.save_revision().publish()


def link_call_to_action(landing: LandingPage) -> None:
    """Point the landing page's call to action at the contact page, once both exist."""
    contact = landing.get_children().filter(slug="contact").first()
    changed = False
    for block in landing.body.raw_data:
        if block["type"] == "call_to_action" and not block["value"].get("page") and contact:
            block["value"]["page"] = contact.pk
            changed = True
    if changed:
        landing.save_revision().publish()


def grant_roles(landing: LandingPage) -> None:
    from django.contrib.auth.models import Group, Permission

    for role in (EDITOR, ADMIN):
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=landing, permission=permission
            )
