"""Starting a headline test: only the desk's editors, only Live stories, valid headlines.

Every refusal is a 4xx with the reason on the page, never a 500, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.experiments import services
from newsbudget.experiments.models import HeadlineTest
from newsbudget.experiments.tests.conftest import ALTERNATIVES, ORIGINAL
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


def start_url(story: Story) -> str:
    return f"/newsroom/headline-tests/stories/{story.pk}/new/"


def form(*alternatives: str) -> dict[str, str]:
    return {f"alternative_{n}": text for n, text in enumerate(alternatives, start=1)}


def test_an_editor_sees_the_form(client: Client, editor: User, live_story: Story) -> None:
    client.force_login(editor)

    response = client.get(start_url(live_story))

    assert response.status_code == 200
    assert b'name="alternative_3"' in response.content


def test_an_editor_starts_a_test(
    client: Client, editor: User, live_story: Story, committed: Callable[[], Any]
) -> None:
    client.force_login(editor)

    with committed():
        response = client.post(start_url(live_story), form(*ALTERNATIVES))

    test = HeadlineTest.objects.get(story=live_story)
    assert response.status_code == 302
    assert response["Location"] == f"/newsroom/headline-tests/{test.pk}/"
    assert [v.headline for v in test.variants.order_by("position")] == [ORIGINAL, *ALTERNATIVES]
    assert test.is_running
    assert test.started_by == editor


@pytest.mark.parametrize(
    ("alternatives", "message"),
    [
        (("", "  ", ""), "at least one alternative"),
        ((ORIGINAL.upper(),), "must differ"),
        (("Same words", "same words"), "must differ"),
        (("x" * 201,), "at most 200 characters"),
    ],
)
def test_invalid_headlines_are_refused_with_the_reason(
    client: Client, editor: User, live_story: Story, alternatives: tuple[str, ...], message: str
) -> None:
    client.force_login(editor)

    response = client.post(start_url(live_story), form(*alternatives))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HeadlineTest.objects.exists()


def test_more_than_three_alternatives_are_refused(editor: User, live_story: Story) -> None:
    with pytest.raises(ValidationError, match="at most 3"):
        services.start_headline_test(
            story=live_story, by=editor, alternatives=["One", "Two", "Three", "Four"]
        )
    assert not HeadlineTest.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED, Status.ARCHIVED]
)
def test_only_a_live_story_can_be_tested(
    client: Client, editor: User, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, status=status)
    client.force_login(editor)

    response = client.post(start_url(story), form("Another headline"))

    assert response.status_code == 400
    assert "Only a Live story" in response.content.decode()
    assert not HeadlineTest.objects.exists()


def test_a_story_runs_one_test_at_a_time(
    client: Client, editor: User, live_story: Story, running_test: HeadlineTest
) -> None:
    client.force_login(editor)

    page = client.get(start_url(live_story))
    with pytest.raises(ValidationError, match="already has a headline test running"):
        services.start_headline_test(story=live_story, by=editor, alternatives=["Another one"])

    assert page.status_code == 302
    assert page["Location"] == f"/newsroom/headline-tests/{running_test.pk}/"
    assert HeadlineTest.objects.count() == 1


@pytest.mark.parametrize("who", ["reporter", "other_editor"])
def test_only_the_desks_editors_may_start_one(
    client: Client, live_story: Story, who: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(start_url(live_story)).status_code == 403
    assert client.post(start_url(live_story), form("Another headline")).status_code == 403
    with pytest.raises(NotPermitted):
        services.start_headline_test(story=live_story, by=person, alternatives=["Another one"])
    assert not HeadlineTest.objects.exists()


def test_an_all_desks_admin_may_start_one(
    client: Client, newsroom_admin: User, live_story: Story
) -> None:
    client.force_login(newsroom_admin)

    assert client.post(start_url(live_story), form("Another headline")).status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, live_story: Story) -> None:
    response = client.get(start_url(live_story))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_story_is_a_404(client: Client, editor: User) -> None:
    client.force_login(editor)

    assert client.get("/newsroom/headline-tests/stories/999999/new/").status_code == 404


def test_the_storys_newsroom_page_leads_its_editors_to_the_test(
    client: Client, editor: User, reporter: User, live_story: Story, committed: Callable[[], Any]
) -> None:
    client.force_login(editor)
    before = client.get(f"/newsroom/stories/{live_story.pk}/").content.decode()
    with committed():
        test = services.start_headline_test(story=live_story, by=editor, alternatives=["New one"])
    during = client.get(f"/newsroom/stories/{live_story.pk}/").content.decode()
    client.force_login(reporter)
    as_reporter = client.get(f"/newsroom/stories/{live_story.pk}/").content.decode()

    assert f'href="{start_url(live_story)}"' in before
    assert f'href="/newsroom/headline-tests/{test.pk}/"' in during
    assert "headline-test" not in as_reporter
