"""The contact form stores a reader's message and emails the desk by task; spam gets nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from newsbudget.pages.models import ContactMessage, ContactPage

VALID = {
    "name": "Ana Reader",
    "email": "ana@example.org",
    "subject": "Pothole on Elm Street",
    "message": "There is a pothole the size of a car on Elm Street.",
    "website": "",
}


def post_url(page: ContactPage) -> str:
    return reverse("pages:contact", kwargs={"page_id": page.pk})


def thanks_url(page: ContactPage) -> str:
    return reverse("pages:contact_thanks", kwargs={"page_id": page.pk})


TASK = "newsbudget.pages.tasks.email_contact_message"


def contact_tasks() -> Any:
    """The queued email tasks (Wagtail queues its own search-index tasks beside them)."""
    return DBTaskResult.objects.filter(task_path=TASK)


def run_queued_tasks() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


def test_the_contact_page_shows_the_form_posting_to_the_rate_limited_route(
    contact_page: ContactPage, client: Client
) -> None:
    html = client.get("/pages/contact/").content.decode()

    assert f'action="{post_url(contact_page)}"' in html
    assert 'name="website"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_valid_message_is_stored_and_queued_and_the_reader_thanked(
    contact_page: ContactPage, client: Client
) -> None:
    response = client.post(post_url(contact_page), VALID)

    assert response.status_code == 302
    assert response["Location"] == thanks_url(contact_page)
    stored = ContactMessage.objects.get()
    assert (stored.name, stored.email, stored.subject) == (
        "Ana Reader",
        "ana@example.org",
        "Pothole on Elm Street",
    )
    assert stored.recipient == "desk@newsbudget.test"
    assert stored.emailed_at is None
    queued = contact_tasks().get()
    assert queued.args_kwargs == {"args": [], "kwargs": {"message_id": stored.pk}}
    assert mail.outbox == []
    thanks = client.get(thanks_url(contact_page))
    assert thanks.status_code == 200
    assert "the desk reads every message" in thanks.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_emails_the_desk_once(client: Client, settings: Settings) -> None:
    from newsbudget.demo.pages import create_pages

    create_pages()
    page = ContactPage.objects.get()
    page.to_address = "tips@newsbudget.test"
    page.save_revision().publish()

    client.post(post_url(page), VALID)
    run_queued_tasks()
    run_queued_tasks()

    [message] = mail.outbox
    assert message.to == ["tips@newsbudget.test"]
    assert message.reply_to == ["ana@example.org"]
    assert message.subject == "[Contact] Pothole on Elm Street"
    assert "pothole the size of a car" in message.body
    assert contact_tasks().get().status == "SUCCESSFUL"
    assert ContactMessage.objects.get().emailed_at is not None


def test_a_filled_honeypot_looks_accepted_but_nothing_is_stored_or_sent(
    contact_page: ContactPage, client: Client
) -> None:
    response = client.post(post_url(contact_page), {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"] == thanks_url(contact_page)
    assert not ContactMessage.objects.exists()
    assert not contact_tasks().exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("message", "short"),
        ("subject", "Line one\r\nBcc: victim@example.org"),
        ("name", ""),
        ("message", "x" * 5001),
    ],
)
def test_bad_input_re_renders_the_form_with_errors_and_stores_nothing(
    field: str, value: str, contact_page: ContactPage, client: Client
) -> None:
    response = client.post(post_url(contact_page), {**VALID, field: value})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert '<header class="masthead">' in html
    assert not ContactMessage.objects.exists()
    assert not contact_tasks().exists()


def test_an_empty_post_is_a_400_not_a_500(contact_page: ContactPage, client: Client) -> None:
    assert client.post(post_url(contact_page), {}).status_code == 400


def test_posting_to_an_unknown_or_other_page_is_a_404(
    contact_page: ContactPage, client: Client
) -> None:
    other = contact_page.get_parent()
    assert (
        client.post(reverse("pages:contact", kwargs={"page_id": other.pk}), VALID).status_code
        == 404
    )
    assert (
        client.post(reverse("pages:contact", kwargs={"page_id": 999999}), VALID).status_code == 404
    )


def test_the_form_only_accepts_posts(contact_page: ContactPage, client: Client) -> None:
    assert client.get(post_url(contact_page)).status_code == 405
    assert client.post("/pages/contact/", VALID).status_code == 405


def test_it_is_rate_limited_per_client(
    contact_page: ContactPage, client: Client, settings: Settings
) -> None:
    settings.RATE_LIMITS = {
        "contact": {**settings.RATE_LIMITS["contact"], "rate": "2/h"},
    }

    statuses = [client.post(post_url(contact_page), VALID).status_code for _ in range(4)]

    assert statuses == [302, 302, 429, 429]
    assert ContactMessage.objects.count() == 2


def test_the_default_rate_limit_covers_the_form(settings: Settings) -> None:
    rule: dict[str, Any] = settings.RATE_LIMITS["contact"]

    assert "pages:contact" in rule["routes"]
    assert rule["methods"] == ["POST"]


def test_with_no_address_configured_the_message_is_kept_and_nothing_queued(
    contact_page: ContactPage, client: Client, settings: Settings
) -> None:
    settings.CONTACT_DESK_EMAIL = ""

    response = client.post(post_url(contact_page), VALID)

    assert response["Location"] == thanks_url(contact_page)
    assert ContactMessage.objects.get().recipient == ""
    assert not contact_tasks().exists()
