"""Staff see a story's views on its newsroom page: the last days' and all of them."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.readership.models import StoryViews
from newsbudget.stories.models import Story


def test_the_staff_story_page_shows_its_views(
    client: Client, editor: User, live_story: Story
) -> None:
    today = timezone.now().date()
    StoryViews.objects.create(story=live_story, day=today, count=5)
    StoryViews.objects.create(story=live_story, day=today - datetime.timedelta(days=30), count=3)
    client.force_login(editor)

    page = client.get(f"/newsroom/stories/{live_story.pk}/").content.decode()

    assert '<dd class="views">5 in the last 7 days · 8 in all</dd>' in page


def test_a_story_nobody_read_shows_zero(client: Client, editor: User, live_story: Story) -> None:
    client.force_login(editor)

    page = client.get(f"/newsroom/stories/{live_story.pk}/").content.decode()

    assert '<dd class="views">0 in the last 7 days · 0 in all</dd>' in page
