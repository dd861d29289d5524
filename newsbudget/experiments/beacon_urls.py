"""The fronts' headline-test beacons, at the site's root (``beacons``)."""

from django.urls import path

from newsbudget.experiments import beacons

app_name = "headline_tests"

urlpatterns = [
    path("headline-tests/impressions", beacons.impressions, name="impressions"),
    path("headline-tests/<int:pk>/click", beacons.click, name="click"),
]
