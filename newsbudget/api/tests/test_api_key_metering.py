"""Every keyed request is metered by route and response size, with no database write."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, story_url
from newsbudget.api.tests.partners import issue, keyed
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from ops.apikeys import metering
from ops.apikeys.models import KeyUsage
from tests.factories import StoryFactory


def metered() -> dict[str, tuple[int, int]]:
    metering.flush(now=timezone.now())
    return {row.endpoint: (row.count, row.response_bytes) for row in KeyUsage.objects.all()}


def test_it_meters_each_request_by_route_with_the_exact_bytes_sent(desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)
    client = keyed(issue().secret)
    sent: Counter[str] = Counter()
    requests: Counter[str] = Counter()
    for endpoint, url in [
        ("story-list", LIST_URL),
        ("story-list", f"{LIST_URL}?page_size=1"),
        ("story-detail", story_url(story)),
        ("story-detail", story_url(999_999)),  # a 404 is a request too
        ("desks", "/api/v1/desks/"),
    ]:
        response = client.get(url)
        sent[endpoint] += len(response.content)
        requests[endpoint] += 1

    assert metered() == {endpoint: (requests[endpoint], sent[endpoint]) for endpoint in requests}


def test_it_meters_nothing_for_anonymous_token_or_refused_requests(
    db: None, sign_in: SignIn, reporter: User
) -> None:
    APIClient().get(LIST_URL)
    sign_in(reporter).get(LIST_URL)
    APIClient().get(LIST_URL, HTTP_AUTHORIZATION="Api-Key nbk_0123abcd_" + "A" * 43)
    keyed(issue().secret).post(LIST_URL, {}, format="json")

    assert metered() == {}


def test_a_keyed_request_writes_nothing_to_the_database(
    db: None, django_assert_num_queries: Any
) -> None:
    client = keyed(issue().secret)
    client.get("/api/v1/desks/")

    with django_assert_num_queries(2) as captured:  # the key, the desks
        client.get("/api/v1/desks/")

    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in captured)
