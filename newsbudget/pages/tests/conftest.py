"""The demo page tree (landing page, About, Contact, Corrections, Ethics) for the page suites."""

from __future__ import annotations

import pytest

from newsbudget.demo.pages import create_pages
from newsbudget.desks.models import Desk
from newsbudget.pages.models import ContactPage, LandingPage


@pytest.fixture
def page_tree(desk: Desk) -> LandingPage:
    """The demo's pages, published, under a landing page at /pages/; the landing page."""
    create_pages()
    return LandingPage.objects.get()


@pytest.fixture
def contact_page(page_tree: LandingPage) -> ContactPage:
    return ContactPage.objects.get()
