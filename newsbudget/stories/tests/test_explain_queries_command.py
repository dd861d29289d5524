"""``manage.py explain_queries`` prints each query shape's plan; ``--check`` fails on a miss."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from newsbudget.stories.query_shapes import SHAPES, Sample


def test_it_prints_each_shape_with_the_index_that_serves_it(sample: Sample) -> None:
    out = StringIO()

    call_command("explain_queries", "--check", stdout=out)

    printed = out.getvalue()
    for shape in SHAPES:
        assert f"== {shape.name}  [OK]" in printed
    assert "served by: story_desk_status_pub_id" in printed
    assert f"{len(SHAPES)} of {len(SHAPES)} shapes use their index." in printed


def test_it_runs_on_an_empty_database(db: None) -> None:
    out = StringIO()

    call_command("explain_queries", stdout=out)

    assert f"of {len(SHAPES)} shapes use their index." in out.getvalue()


def test_check_fails_and_names_the_shape_that_misses_its_index(sample: Sample) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX story_updated_id")  # undone with the test's transaction

    with pytest.raises(CommandError, match="1 shape\\(s\\) miss their index: every story, latest"):
        call_command("explain_queries", "--check", stdout=StringIO())
