"""Desk reports, mounted at /newsroom/reports/: the list and form, and each report's download."""

from django.urls import path

from newsbudget.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.reports, name="list"),
    path("<int:pk>/download/", views.download, name="download"),
]
