"""Public URLs: the home page, desk fronts with their feeds, and story pages by slug."""

from django.urls import path

from newsbudget.site import feeds, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("desks/<slug:slug>/", views.desk_front, name="desk"),
    path("desks/<slug:slug>/feed.rss", feeds.DeskRssFeed(), name="desk_rss"),
    path("desks/<slug:slug>/feed.atom", feeds.DeskAtomFeed(), name="desk_atom"),
    path("stories/<slug:slug>/", views.story_page, name="story"),
]
