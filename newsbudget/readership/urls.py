"""The page-view beacon's URL: a POST beside each story page's own URL."""

from django.urls import path

from newsbudget.readership import views

app_name = "readership"

urlpatterns = [
    path("stories/<slug:slug>/view", views.story_view, name="story-view"),
]
