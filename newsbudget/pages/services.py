"""Writes for the editorial pages: storing a reader's contact message and queueing its email.

The message row and the task that emails it are written in one transaction:
the task queue is a table in the same database (``django_tasks_db``), so
either both exist or neither does — never a stored message nobody is told
about, never an email about a message that was not stored.  With no address
configured (neither the page's nor ``CONTACT_DESK_EMAIL``) the message is still
stored, for the admin, and a warning is logged.
"""

from __future__ import annotations

import logging

from django.db import transaction

from newsbudget.pages.models import ContactMessage, ContactPage

logger = logging.getLogger(__name__)


@transaction.atomic
def receive_contact_message(
    *, page: ContactPage, name: str, email: str, subject: str, message: str
) -> ContactMessage:
    """Store a reader's message for ``page``'s desk and enqueue the email that tells the desk."""
    from newsbudget.pages.tasks import email_contact_message

    record = ContactMessage(
        page=page,
        name=name,
        email=email,
        subject=subject,
        message=message,
        recipient=page.recipient(),
    )
    record.full_clean()
    record.save()
    if not record.recipient:
        logger.warning(
            "Contact message %s stored but not emailed: neither its page nor "
            "CONTACT_DESK_EMAIL names an address",
            record.pk,
        )
        return record
    email_contact_message.enqueue(message_id=record.pk)
    logger.info("Contact message %s received for %s", record.pk, record.recipient)
    return record
