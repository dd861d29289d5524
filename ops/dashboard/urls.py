"""The ops pages' URLs, under /ops/: the dashboard here, error groups in ops.errors.urls."""

from django.urls import path

from ops.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
]
