"""The results page: impressions, clicks, CTR and the significance estimate of each headline."""

from __future__ import annotations

from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.experiments.models import HeadlineTest, HeadlineVariant


def set_counts(test: HeadlineTest, counts: dict[int, tuple[int, int]]) -> None:
    for position, (shown, clicked) in counts.items():
        HeadlineVariant.objects.filter(test=test, position=position).update(
            impressions=shown, clicks=clicked
        )


def test_it_shows_each_headlines_figures_and_significance(
    client: Client, editor: User, running_test: HeadlineTest
) -> None:
    set_counts(running_test, {0: (2400, 96), 1: (2380, 143), 2: (40, 3)})
    client.force_login(editor)

    response = client.get(f"/newsroom/headline-tests/{running_test.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "2,400" in page
    assert "4.00%" in page
    assert "6.01%" in page
    assert "significant</strong>" in page
    assert "too few readers to tell" in page
    assert page.count('data-declare="') == 3


def test_a_test_without_readers_yet_says_so(
    client: Client, editor: User, running_test: HeadlineTest
) -> None:
    client.force_login(editor)

    page = client.get(f"/newsroom/headline-tests/{running_test.pk}/").content.decode()

    assert page.count("no data yet") == 2
