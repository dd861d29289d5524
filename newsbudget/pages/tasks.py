"""Background work for the editorial pages: emailing the desk a reader's contact message.

The task takes the message's id and re-reads it, like the newsroom's tasks; it
marks the message emailed, and a re-run (a worker that died half-way) sends
nothing twice: once for the task (``once_per_task``), and never for a message
already marked.  The reader's address is the reply-to, never the sender: the
site sends only as itself (SPF/DKIM), and the desk answers with one click.
"""

from __future__ import annotations

import logging
from functools import partial

from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.utils import timezone

from newsbudget.pages.models import ContactMessage
from ops.taskqueue.idempotency import once_per_task

logger = logging.getLogger(__name__)


@task
def email_contact_message(message_id: int) -> int:
    """Email the desk one contact message; returns how many emails were sent (0 or 1)."""
    record = ContactMessage.objects.filter(pk=message_id, emailed_at__isnull=True).first()
    if record is None:
        logger.info("Contact message %s is gone or already emailed", message_id)
        return 0
    with mailers.default as mailer:
        sent = once_per_task(
            f"contact-message:{record.pk}", partial(mailer.send_messages, [notice(record)])
        )
    ContactMessage.objects.filter(pk=record.pk).update(emailed_at=timezone.now())
    logger.info("Emailed contact message %s to %s", record.pk, record.recipient)
    return int(sent)


def notice(record: ContactMessage) -> EmailMessage:
    body = (
        f"{record.name} <{record.email}> wrote through the contact form:\n\n"
        f"{record.message}\n\n"
        "Reply to this email to answer them.\n"
    )
    return EmailMessage(
        subject=f"[Contact] {record.subject}",
        body=body,
        to=[record.recipient],
        reply_to=[record.email],
    )
