"""The plan of the first query some code would run, read alike on SQLite and PostgreSQL.

``explain(run)`` calls ``run`` with a database hook that stops it at its first
query (nothing is executed), then asks the database for that query's plan
(``EXPLAIN`` on PostgreSQL, ``EXPLAIN QUERY PLAN`` on SQLite) and picks out
what a reviewer looks for: which indexes it reads, which tables it reads
whole, and whether it sorts.  Passing the code that really runs a query (a
queryset from ``queries.py``, ``.count()``) rather than hand-written SQL keeps
the check honest as the code changes.

With ``force_index`` PostgreSQL is told to avoid sequential scans whenever
it can (``SET LOCAL enable_seqscan = off``), and with ``force_index_order``
to avoid sorting too (``enable_sort`` and ``enable_incremental_sort`` off);
rolling back a savepoint undoes both.  On small tables the planner rightly
prefers reading a table whole or sorting a few dozen rows, which says nothing
about whether an index *could* filter and order the query on big ones; a
plan that still scans or sorts has no index that can.  Sorting is only
forbidden when asked: for a lookup of one row, sorting that row is the right
plan.  SQLite has no such switches and needs none: without statistics its
planner uses any index that fits.

Django's ``QuerySet.explain()`` covers querysets only and returns raw text;
this module adds the first-query capture (so counts and other terminal calls
can be explained) and the reading of the plan, which no library does for both
engines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

SUPPORTED = ("postgresql", "sqlite")

POSTGRES_INDEX = re.compile(r"(?:\busing (\S+) on \S+|Bitmap Index Scan on (\S+))")
POSTGRES_FULL_SCAN = re.compile(r"\bSeq Scan on (\S+)")
POSTGRES_SORT = re.compile(r"(?:^|->)\s*(?:Incremental )?Sort\s+\(")
SQLITE_INDEX = re.compile(r"\bUSING (?:COVERING )?INDEX (\S+)")
SQLITE_FULL_SCAN = re.compile(r"^SCAN (\S+)$")
SQLITE_SORT = re.compile(r"\bUSE TEMP B-TREE FOR (?:RIGHT PART OF |LAST \d+ TERMS OF )?ORDER BY")


@dataclass(frozen=True)
class Plan:
    """What the database would do for one query."""

    sql: str
    text: str
    indexes: tuple[str, ...]
    """Names of the indexes the plan reads, in order of appearance."""
    full_scans: tuple[str, ...]
    """Tables the plan reads sequentially (PostgreSQL's Seq Scan, SQLite's bare SCAN).

    An index read from end to end is not listed: under a LIMIT it is how a
    page of an ordered list is read, and the plan's text shows the rest.
    """
    sorts: bool
    """Whether the plan sorts rows (rather than reading them in order from an index)."""


class QueryCaptured(Exception):
    """Raised from the database hook to stop the code at its first query."""

    def __init__(self, sql: str, params: Any) -> None:
        super().__init__(sql)
        self.sql, self.params = sql, params


def first_query(run: Callable[[], object], *, using: str = "default") -> tuple[str, Any]:
    """The SQL and parameters of the first query ``run`` would send, without sending it."""
    connection = connections[using]
    connection.ensure_connection()

    def stop(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise QueryCaptured(sql, params)

    with connection.execute_wrapper(stop):
        try:
            run()
        except QueryCaptured as captured:
            return captured.sql, captured.params
    raise ValueError(f"{run!r} ran no query")


def explain(
    run: Callable[[], object],
    *,
    using: str = "default",
    force_index: bool = False,
    force_index_order: bool = False,
) -> Plan:
    """The plan of the first query ``run`` would send."""
    connection = connections[using]
    if connection.vendor not in SUPPORTED:
        raise ValueError(
            f"Query plans are read on {' and '.join(SUPPORTED)}, not {connection.vendor}"
        )
    sql, params = first_query(run, using=using)
    switches_off = [
        *(["enable_seqscan"] if force_index else []),
        *(["enable_sort", "enable_incremental_sort"] if force_index_order else []),
    ]
    rows = plan_rows(connection, sql, params, switches_off=switches_off)
    if connection.vendor == "postgresql":
        return read_postgres_plan(sql, [str(row[0]) for row in rows])
    return read_sqlite_plan(sql, rows)


def plan_rows(
    connection: BaseDatabaseWrapper, sql: str, params: Any, *, switches_off: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The EXPLAIN rows, with PostgreSQL's planner ``switches_off`` for this plan only."""
    prefix = connection.ops.explain_query_prefix()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for switch in switches_off:
                cursor.execute(f"SET LOCAL {switch} = off")
        cursor.execute(f"{prefix} {sql}", params)
        rows = list(cursor.fetchall())
        transaction.set_rollback(True, using=connection.alias)  # undoes SET LOCAL
    return rows


def read_postgres_plan(sql: str, lines: Sequence[str]) -> Plan:
    """Read PostgreSQL's text plan.

    >>> plan = read_postgres_plan("…", [
    ...     "Limit  (cost=0.15..8.17 rows=1 width=8)",
    ...     "  ->  Index Scan Backward using story_updated_id on stories_story  (cost=…)",
    ...     "  ->  Sort  (cost=1.02..1.03 rows=1 width=4)",
    ...     "        Sort Key: name",
    ...     "        ->  Seq Scan on desks_desk  (cost=0.00..1.01 rows=1 width=4)",
    ... ])
    >>> plan.indexes, plan.full_scans, plan.sorts
    (('story_updated_id',), ('desks_desk',), True)
    """
    text = "\n".join(lines)
    indexes = tuple(a or b for a, b in POSTGRES_INDEX.findall(text))
    return Plan(
        sql=sql,
        text=text,
        indexes=indexes,
        full_scans=tuple(POSTGRES_FULL_SCAN.findall(text)),
        sorts=any(POSTGRES_SORT.search(line) for line in lines),
    )


def read_sqlite_plan(sql: str, rows: Sequence[tuple[Any, ...]]) -> Plan:
    """Read SQLite's ``EXPLAIN QUERY PLAN`` rows (id, parent, unused, detail), indented as a tree.

    >>> plan = read_sqlite_plan("…", [
    ...     (3, 0, 0, "SEARCH stories_story USING INDEX story_status_pub_id (status=?)"),
    ...     (9, 0, 0, "SCAN desks_desk"),
    ...     (20, 0, 0, "USE TEMP B-TREE FOR ORDER BY"),
    ... ])
    >>> plan.indexes, plan.full_scans, plan.sorts
    (('story_status_pub_id',), ('desks_desk',), True)
    """
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append(("  " * depth[node]) + str(detail))
    details = [str(row[3]) for row in rows]
    return Plan(
        sql=sql,
        text="\n".join(lines),
        indexes=tuple(name for detail in details for name in SQLITE_INDEX.findall(detail)),
        full_scans=tuple(
            match.group(1) for detail in details if (match := SQLITE_FULL_SCAN.match(detail))
        ),
        sorts=any(SQLITE_SORT.search(detail) for detail in details),
    )


def indexes_on(table: str, *, using: str = "default") -> dict[str, tuple[str, ...]]:
    """Every index on ``table`` by the name plans use, with its columns in order.

    SQLite names the indexes behind UNIQUE columns ``sqlite_autoindex_…`` in
    its plans; Django's introspection does not, so SQLite is asked directly.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            names = [row[1] for row in cursor.execute(f"PRAGMA index_list({quoted})").fetchall()]
            return {
                name: tuple(
                    row[2]
                    for row in cursor.execute(
                        f"PRAGMA index_info({connection.ops.quote_name(name)})"
                    ).fetchall()
                )
                for name in names
            }
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: tuple(details["columns"])
        for name, details in constraints.items()
        if details["index"] or details["unique"] or details["primary_key"]
    }
