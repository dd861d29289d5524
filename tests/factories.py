"""factory-boy factories for the newsroom, and helpers that give a user a role on a desk.

Every user the factories make has two-factor authentication (a real allauth TOTP
authenticator), as every signed-in account must; ``UserFactory(totp=False)`` (or
``staff_member(role, totp=False)``) makes one that has not enrolled yet, and
``totp_code(user)`` is the code their authenticator app would show now.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import factory
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import assign_role
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, Tag

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.save()

    @factory.post_generation
    def totp(obj: User, create: bool, extracted: bool | str | None, **kwargs: Any) -> None:  # noqa: N805
        """Enrol an authenticator app unless ``totp=False``; ``totp="BASE32"`` picks its secret."""
        if create and extracted is not False:
            secret = extracted if isinstance(extracted, str) else generate_totp_secret()
            TOTP.activate(obj, secret)  # sets obj.has_2fa (newsbudget.accounts.twofactor)


def totp_secret(user: User) -> str:
    """The base32 secret of ``user``'s authenticator app."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def current_totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app holding ``secret`` shows now (or at the time ``at``)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def totp_code(user: User) -> str:
    """The code ``user``'s authenticator app shows now."""
    return current_totp_code(totp_secret(user))


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")
    position = factory.Sequence(lambda n: n)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class StoryFactory(factory.django.DjangoModelFactory):
    """A story with one byline; pass ``bylines=[...]`` or ``tags=[...]`` to choose them."""

    class Meta:
        model = Story
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Council approves budget number {n}")
    slug = factory.Sequence(lambda n: f"council-approves-budget-{n}")
    summary = "The council voted on the budget."
    body = "<p>The council met on Tuesday and voted.</p>"
    desk = factory.SubFactory(DeskFactory)
    status = Status.DRAFT
    budget_date = factory.LazyFunction(timezone.localdate)
    word_count = 600

    @factory.lazy_attribute
    def published_at(self) -> datetime.datetime | None:
        return timezone.now() if self.status in (Status.LIVE, Status.ARCHIVED) else None

    @factory.post_generation
    def bylines(obj: Story, create: bool, extracted: list[User] | None, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.bylines.set(extracted if extracted is not None else [UserFactory()])

    @factory.post_generation
    def tags(obj: Story, create: bool, extracted: list[Tag] | None, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.tags.set(extracted)


def staff_member(role: str, *desks: Desk, **fields: Any) -> User:
    """A user holding ``role`` (Reporter, Editor or Admin) who works ``desks``."""
    user = UserFactory(**fields)
    assign_role(user, role)
    for desk in desks:
        desk.staff.add(user)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions
