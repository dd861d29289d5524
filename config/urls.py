"""The URL map: public site at the root, staff pages under /newsroom/, API under /api/v1/.

Editorial pages (Wagtail) are served under /pages/ and edited in Wagtail's admin at /cms/
(newsbudget.pages, docs/cms.md); newsroom URLs come first and can never be shadowed by a page.

Staff ops pages (the dashboard and the error groups) are under /ops/; the health probes and
/metrics are answered by middleware before URL routing (ops.health.probes, ops.metrics.endpoint).

Sign-in, sign-out, password reset and two-factor authentication are django-allauth's, under
/accounts/ (``account_login``, ``account_logout``, ``mfa_*``).  The Django admin's own login
page is replaced by allauth's, so the admin sits behind the same password + TOTP sign-in and
lockout; any other admin site added later (Wagtail's included) must be wired the same way.
Wagtail's admin is: every one of its views, its own login page included, is wrapped in
``secure_admin_login`` (anonymous → allauth's sign-in, signed in but not staff → 403), and the
2FA gate (RequireTwoFactorMiddleware) covers it like every other path.
"""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from newsbudget.accounts.views import email_managed_by_admins
from newsbudget.pages.admin_access import content_security_policy_for_the_cms
from ops.bots.views import robots

# Before admin.site.urls below, which captures the login view when it is built.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
cms_admin_urls = decorate_urlpatterns(
    decorate_urlpatterns(wagtailadmin_urls.urlpatterns, secure_admin_login),
    content_security_policy_for_the_cms,
)

urlpatterns = [
    path("robots.txt", robots, name="robots"),
    path("admin/", admin.site.urls),
    path("accounts/email/", email_managed_by_admins, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("newsroom/budget/", include("newsbudget.budget.urls")),
    path("newsroom/stories/", include("newsbudget.stories.urls")),
    path("newsroom/reports/", include("newsbudget.reports.urls")),
    path("newsroom/headline-tests/", include("newsbudget.experiments.urls")),
    path("newsroom/search/", include("newsbudget.search.urls")),
    path("api/v1/", include("newsbudget.api.urls")),
    path("ops/", include("ops.dashboard.urls")),
    path("ops/errors/", include("ops.errors.urls")),
    path("cms/", include(cms_admin_urls)),
    path("pages/", include("newsbudget.pages.urls")),
    path("pages/", include("newsbudget.pages.serving")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("newsbudget.readership.urls")),
    path("", include("newsbudget.experiments.beacon_urls")),
    path("", include("newsbudget.site.urls")),
]

# A request that fails because the database is unreachable answers 503 (ops.health.outage).
handler500 = "ops.health.outage.server_error"

if settings.DEBUG_TOOLBAR:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns = debug_toolbar_urls() + urlpatterns
