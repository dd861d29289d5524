"""Background work for stories: emailing editors when a story is filed, publishing due stories.

Tasks take ids, not objects, and re-read the database, so a task that runs
later (or again, after a worker died) acts on the current state.  Each
editor's email is sent once per task (an idempotency key), so a re-run after a
failure half-way through mails only the editors not yet mailed.
"""

from __future__ import annotations

import logging
from functools import partial

from crontask import cron
from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.urls import reverse

from newsbudget.stories import queries, services
from newsbudget.stories.models import Story
from ops.taskqueue.idempotency import once_per_task

logger = logging.getLogger(__name__)


@task
def notify_editors_of_filing(story_id: int) -> int:
    """Email each editor of the story's desk that it was filed; return how many were emailed."""
    story = queries.newsroom_stories().filter(pk=story_id).first()
    if story is None:
        logger.warning("Filed story %s no longer exists; nobody to notify", story_id)
        return 0
    editors = list(queries.editors_of(story.desk))
    messages = [filing_notice(story, editor.email) for editor in editors]
    sent = 0
    with mailers.default as mailer:
        for message in messages:
            sent += once_per_task(
                f"filing-notice:{message.to[0]}", partial(mailer.send_messages, [message])
            )
    logger.info(
        "Emailed %s editor(s) of %s that story %s was filed", sent, story.desk.slug, story.pk
    )
    return sent


def filing_notice(story: Story, to: str) -> EmailMessage:
    edit_path = reverse("stories:detail", kwargs={"pk": story.pk})
    body = (
        f"{story.byline} filed “{story.headline}” for the {story.desk} desk.\n\n"
        f"Budget date: {story.budget_date:%A %d %B %Y}\n"
        f"Length: {story.word_count} words\n\n"
        f"Edit it: {settings.SITE_URL}{edit_path}\n"
    )
    return EmailMessage(
        subject=f"[{story.desk}] Filed: {story.headline}",
        body=body,
        to=[to],
    )


@cron("* * * * *")
@task
def publish_due_stories() -> list[int]:
    """Every minute: publish Scheduled stories whose publish_at has passed."""
    published = services.publish_due_stories()
    if published:
        logger.info("Published %s due stories: %s", len(published), published)
    return published
