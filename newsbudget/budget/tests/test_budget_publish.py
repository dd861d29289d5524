"""Publishing from the board: the Publish button makes the story Live and returns to the board."""

from __future__ import annotations

import datetime
import re

from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

DAY = datetime.date(2026, 11, 23)
URL = "/newsroom/budget/2026-11-23/"


def test_it_publishes_and_returns_to_the_board(client: Client, editor: User, desk: Desk) -> None:
    story = StoryFactory(desk=desk, budget_date=DAY, status=Status.EDITED, headline="Vote result")
    client.force_login(editor)
    board = client.get(URL).content.decode()
    form = re.search(
        r'<form method="post" action="(?P<action>[^"]+)"[^>]*>(?:(?!</form>).)*'
        rf'data-story="{story.pk}">Publish</button>',
        board,
        re.S,
    )
    assert form, "no Publish button for the story"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))

    response = client.post(form["action"], fields, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "“Vote result” is now live." in response.content.decode()
    assert '<span class="status status-live">Live</span>' in response.content.decode()
    assert Story.objects.get(pk=story.pk).status == Status.LIVE
