"""Newsroom pages for headline tests, mounted at /newsroom/headline-tests/."""

from django.urls import path

from newsbudget.experiments import views

app_name = "experiments"

urlpatterns = [
    path("stories/<int:story_pk>/new/", views.start, name="start"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/declare/", views.declare, name="declare"),
]
