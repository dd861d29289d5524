"""The demo newsroom: loaded once on an empty install, coherent enough to tour."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, StoryTransition
from newsbudget.stories.workflow import TRANSITIONS


def test_it_loads_desks_staff_and_stories_across_statuses(db: None) -> None:
    call_command("load_demo_data", verbosity=0)

    assert Desk.objects.count() == 6
    assert User.objects.count() == 12
    assert Story.objects.count() >= 300
    assert set(Story.objects.values_list("status", flat=True)) == set(Status.values)
    assert Story.objects.exclude(latitude=None).exists()
    assert Story.objects.values("budget_date").distinct().count() > 30
    assert not Story.objects.annotate(n=Count("bylines")).filter(n=0).exists()


def test_demo_logins_work_with_their_roles_and_go_to_2fa_enrolment(db: None) -> None:
    call_command("load_demo_data", verbosity=0)

    for username, role in [("admin", "Admin"), ("editor", "Editor"), ("reporter", "Reporter")]:
        user = User.objects.get(username=username)
        assert user.groups.get().name == role
        assert not user.has_2fa
        browser = Client()
        browser.post(reverse("account_login"), {"login": username, "password": "newsbudget-demo"})
        # Signed in, and sent to set up an authenticator app before anything else.
        assert browser.get("/newsroom/budget/")["Location"] == reverse("mfa_activate_totp")


def test_every_story_has_the_history_its_status_implies(db: None) -> None:
    call_command("load_demo_data", verbosity=0)

    for story in Story.objects.prefetch_related("transitions"):
        moves = list(story.transitions.all())
        final = moves[-1].to_status if moves else Status.IDEA
        assert final == story.status, story.headline
        for move in moves:
            assert move.from_status in TRANSITIONS[move.name].sources
    live = Story.objects.filter(status=Status.LIVE)
    assert not live.filter(published_at=None).exists()
    assert not Story.objects.filter(status=Status.EDITED, body="").exists()


def test_it_loads_only_into_an_empty_install(db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    stories, moves = Story.objects.count(), StoryTransition.objects.count()

    call_command("load_demo_data", verbosity=0)

    assert (Story.objects.count(), StoryTransition.objects.count()) == (stories, moves)


def test_two_stories_are_due_minutes_after_loading(db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    assert (
        Story.objects.filter(status=Status.SCHEDULED, headline__startswith="Scheduled").count() == 2
    )


def test_every_desk_front_has_a_most_read_list(db: None) -> None:
    call_command("load_demo_data", verbosity=0)

    for desk in Desk.objects.all():
        page = Client().get(desk.get_absolute_url()).content.decode()
        assert f"Most read on {desk.name}" in page, desk.slug


def test_it_seeds_a_staff_flag_a_percentage_flag_and_a_running_headline_test(db: None) -> None:
    from waffle import get_waffle_flag_model

    from newsbudget.experiments.models import HeadlineTest
    from newsbudget.experiments.queries import results_of

    call_command("load_demo_data", verbosity=0)

    flags = {flag.name: flag for flag in get_waffle_flag_model().objects.all()}
    assert flags["budget_board_live"].staff
    assert flags["beta_readers"].percent == 10
    test = HeadlineTest.objects.get()
    assert test.is_running
    assert test.story.status == Status.LIVE
    # It is on the first page of the home page, where readers see it.
    assert f'data-headline-test="{test.pk}"' in Client().get("/").content.decode()
    # The results page has numbers, and one alternative is ahead beyond doubt.
    results = results_of(test)
    assert [row.impressions for row in results] == [2400, 2380, 2410]
    assert [row.comparison.significant for row in results if row.comparison] == [True, False]
