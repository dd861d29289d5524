"""``explain`` reads the plan of the first query some code would run, without running it.

Django's own tables stand in for any site's: content types have a unique
(app_label, model) index, permission names have none.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from ops.queryplans.plans import explain, first_query, indexes_on


def test_it_stops_the_code_at_its_first_query_without_running_it(db: None) -> None:
    before = ContentType.objects.count()

    sql, _ = first_query(lambda: ContentType.objects.all().delete())

    assert sql.lstrip().upper().startswith(("SELECT", "DELETE"))
    assert ContentType.objects.count() == before


def test_it_names_the_index_a_lookup_reads(db: None) -> None:
    plan = explain(
        lambda: ContentType.objects.filter(app_label="auth", model="user").first(),
        force_index=True,
    )

    [unique] = [
        name
        for name, columns in indexes_on("django_content_type").items()
        if columns == ("app_label", "model")
    ]
    assert unique in plan.indexes, plan.text
    assert plan.full_scans == ()


def test_it_reports_a_table_read_whole_when_no_index_fits(db: None) -> None:
    unordered = Permission.objects.filter(name="Can add user").order_by()

    plan = explain(lambda: list(unordered), force_index=True)

    assert "auth_permission" in plan.full_scans, plan.text


def test_it_reports_a_sort_when_no_index_gives_the_order(db: None) -> None:
    plan = explain(lambda: list(Permission.objects.order_by("name")[:5]), force_index=True)

    assert plan.sorts, plan.text


def test_it_says_so_when_the_code_runs_no_query(db: None) -> None:
    with pytest.raises(ValueError, match="ran no query"):
        first_query(lambda: ContentType.objects.none().count())
