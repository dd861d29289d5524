"""URLs of the error-group pages, under /ops/errors/."""

from django.urls import path

from ops.errors import views

app_name = "errors"

urlpatterns = [
    path("", views.error_groups, name="index"),
    path("<int:pk>/", views.error_group, name="detail"),
    path("<int:pk>/resolve/", views.resolve_error_group, name="resolve"),
]
