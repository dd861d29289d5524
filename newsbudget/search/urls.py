"""Staff search, mounted at /newsroom/search/ as ``newsroom:search`` (the rate limit's name).

The public page is the site's (``site:search``, /search/) and the API's is
``api:search``; all three are one ``search_stories`` underneath.
"""

from django.urls import path

from newsbudget.search import views

app_name = "newsroom"

urlpatterns = [
    path("", views.newsroom_search, name="search"),
]
