"""The routes of the editorial pages that are not pages: the contact form's post and thank-you.

Mounted under /pages/ before Wagtail's page serving (``serving``), so these win;
the ``_contact`` segment cannot clash with a page an editor creates by accident
(Wagtail's slugs never start with an underscore unless typed so).
"""

from django.urls import path

from newsbudget.pages import views
from newsbudget.pages.freshness import page_scopes
from ops.httpcache.decorators import public_page

app_name = "pages"

urlpatterns = [
    path("_contact/<int:page_id>/", views.contact, name="contact"),
    path(
        "_contact/<int:page_id>/thanks/",
        public_page(page_scopes)(views.contact_thanks),
        name="contact_thanks",
    ),
]
