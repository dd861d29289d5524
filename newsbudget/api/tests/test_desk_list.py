"""GET /api/v1/desks/: every desk, in newsroom order, for anyone."""

from __future__ import annotations

from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import error_of
from tests.factories import DeskFactory

URL = "/api/v1/desks/"


def test_it_lists_every_desk_in_newsroom_order(api: APIClient, db: None) -> None:
    DeskFactory(name="Sports", slug="sports", position=2, description="Games and results.")
    DeskFactory(name="News", slug="news", position=1)

    response = api.get(URL)

    assert response.status_code == 200
    assert response.json() == [
        {"slug": "news", "name": "News", "description": "", "url": "http://testserver/desks/news/"},
        {
            "slug": "sports",
            "name": "Sports",
            "description": "Games and results.",
            "url": "http://testserver/desks/sports/",
        },
    ]


def test_it_is_read_only(api: APIClient, db: None) -> None:
    response = api.post(URL, {"name": "Gossip", "slug": "gossip"})

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
