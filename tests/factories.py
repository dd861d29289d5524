"""factory-boy factories for the newsroom, and helpers that give a user a role on a desk."""

from __future__ import annotations

import datetime
from typing import Any

import factory
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
