"""Declaring the winner: it becomes the headline (stories service), the test ends, pages refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.experiments import services
from newsbudget.experiments.models import HeadlineTest
from newsbudget.experiments.tests.conftest import ALTERNATIVES, ORIGINAL
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Story
from ops.purge.config import purge_settings


def declare(client: Client, test: HeadlineTest, position: object) -> Any:
    return client.post(f"/newsroom/headline-tests/{test.pk}/declare/", {"position": position})


def test_the_winner_becomes_the_headline_and_the_test_ends(
    client: Client, editor: User, running_test: HeadlineTest, committed: Callable[[], Any]
) -> None:
    client.force_login(editor)

    with committed():
        response = declare(client, running_test, 2)

    running_test.refresh_from_db()
    assert response.status_code == 302
    assert Story.objects.get(pk=running_test.story_id).headline == ALTERNATIVES[1]
    assert not running_test.is_running
    assert (running_test.winner, running_test.ended_by) == (2, editor)


def test_the_home_page_and_desk_front_show_the_new_headline_at_once(
    client: Client, editor: User, running_test: HeadlineTest, committed: Callable[[], Any]
) -> None:
    reader = Client()
    before = {url: reader.get(url) for url in ("/", "/desks/news/")}
    client.force_login(editor)

    with committed():
        declare(client, running_test, 1)
    after = {url: reader.get(url) for url in ("/", "/desks/news/")}

    for url in before:
        assert b"data-headline-test" in before[url].content
        assert after[url]["ETag"] != before[url]["ETag"]
        assert after[url]["X-App-Cache"] == "miss"
        assert ALTERNATIVES[0] in after[url].content.decode()
        assert b"data-headline-test" not in after[url].content


def test_declaring_the_original_keeps_the_headline_and_removes_the_variants(
    client: Client, editor: User, running_test: HeadlineTest, committed: Callable[[], Any]
) -> None:
    client.force_login(editor)

    with committed():
        declare(client, running_test, 0)

    assert Story.objects.get(pk=running_test.story_id).headline == ORIGINAL
    assert b"data-headline-test" not in Client().get("/").content


def test_it_purges_the_fronts_upstream(
    client: Client,
    editor: User,
    running_test: HeadlineTest,
    committed: Callable[[], Any],
    settings: Settings,
) -> None:
    settings.SITE_URL = "https://news.example.org"
    settings.PURGE = purge_settings(backend="nginx", nginx_url="http://127.0.0.1:9")
    client.force_login(editor)

    with committed():
        declare(client, running_test, 0)

    purged = {
        url
        for task in DBTaskResult.objects.filter(task_path="ops.purge.tasks.purge_urls")
        for url in task.args_kwargs["args"][0]
    }
    assert {"https://news.example.org/", "https://news.example.org/desks/news/"} <= purged


def test_starting_a_test_refreshes_the_fronts_too(
    editor: User, live_story: Story, committed: Callable[[], Any]
) -> None:
    reader = Client()
    before = reader.get("/")

    with committed():
        services.start_headline_test(story=live_story, by=editor, alternatives=["Another one"])
    after = reader.get("/")

    assert after["ETag"] != before["ETag"]
    assert b"data-headline-test" in after.content


@pytest.mark.parametrize("position", ["7", "-1", "x", ""])
def test_a_headline_not_in_the_test_is_refused(
    client: Client, editor: User, running_test: HeadlineTest, position: str
) -> None:
    client.force_login(editor)

    response = declare(client, running_test, position)

    assert response.status_code == 400
    running_test.refresh_from_db()
    assert running_test.is_running


def test_an_ended_test_cannot_be_declared_again(
    client: Client, editor: User, running_test: HeadlineTest
) -> None:
    services.declare_winner(test=running_test, position=1, by=editor)
    client.force_login(editor)

    response = declare(client, running_test, 2)

    assert response.status_code == 400
    assert "already ended" in response.content.decode()
    assert Story.objects.get(pk=running_test.story_id).headline == ALTERNATIVES[0]


@pytest.mark.parametrize("who", ["reporter", "other_editor"])
def test_only_the_desks_editors_may_declare_or_read_results(
    client: Client, running_test: HeadlineTest, who: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(who)
    client.force_login(person)

    assert declare(client, running_test, 1).status_code == 403
    assert client.get(f"/newsroom/headline-tests/{running_test.pk}/").status_code == 403
    with pytest.raises(NotPermitted):
        services.declare_winner(test=running_test, position=1, by=person)
    assert Story.objects.get(pk=running_test.story_id).headline == ORIGINAL


def test_declaring_takes_only_posts(
    client: Client, editor: User, running_test: HeadlineTest
) -> None:
    client.force_login(editor)

    assert client.get(f"/newsroom/headline-tests/{running_test.pk}/declare/").status_code == 405


def test_the_service_refuses_an_unknown_position(editor: User, running_test: HeadlineTest) -> None:
    with pytest.raises(ValidationError):
        services.declare_winner(test=running_test, position=3, by=editor)
