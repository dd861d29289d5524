"""Every filter and ordering the site runs is served by an index, on SQLite and on PostgreSQL.

The shapes come from ``stories.query_shapes`` (the same list ``manage.py
explain_queries`` prints), planned against the ``sample`` newsroom (700
stories in every status over two weeks, see ``conftest``).  On PostgreSQL
sequential scans are switched off for the plan, so it shows whether an index
*can* serve the query: on tables this small a full read is rightly cheaper.
"""

from __future__ import annotations

import pytest
from django.db import connection

from newsbudget.stories.query_shapes import SHAPES, Sample, Shape, judge


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_it_serves_every_query_shape_from_an_index(shape: Shape, sample: Sample) -> None:
    verdict = judge(shape, sample, force_index=True)

    assert verdict.problems == (), (
        f"{shape.name} ({shape.used_by}): {'; '.join(verdict.problems)}\n"
        f"{verdict.plan.sql}\n{verdict.plan.text}"
    )


def test_it_notices_when_an_index_is_missing(sample: Sample) -> None:
    [desk_front] = [
        shape for shape in SHAPES if shape.name == "a desk's live stories, newest first"
    ]
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX story_desk_status_pub_id")  # undone with the test's transaction

    verdict = judge(desk_front, sample, force_index=True)

    assert "no index on stories_story starts with" in verdict.problems[0]
