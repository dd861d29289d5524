"""The URL map: public site at the root, staff pages under /newsroom/, API under /api/v1/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("newsroom/budget/", include("newsbudget.budget.urls")),
    path("newsroom/stories/", include("newsbudget.stories.urls")),
    path("api/v1/", include("newsbudget.api.urls")),
    path("", include("newsbudget.site.urls")),
]
