"""No SQL is built from strings a request could reach, and the linter would flag it if it were.

Every query the site runs goes through the ORM, which passes values as
parameters.  ruff's bandit rules are on (``S`` in pyproject.toml), so building
SQL by formatting or concatenation (S608) fails ``make lint``; the first test
proves the rule fires with the project's own configuration.  The second lists
every place that hands SQL to the database by hand and requires each to be one
of the known few, none of which sees request data.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ["newsbudget", "ops", "config", "tests", "bench", "scripts"]
RAW_SQL = re.compile(
    r"\.raw\(|\.extra\(|RawSQL\(|\.execute\(|\.executemany\(|\bconnection\.cursor\("
)

KNOWN = {
    "ops/queryplans/plans.py": "EXPLAIN of a query Django compiled (its values stay parameters); "
    "SET LOCAL of fixed planner switches; PRAGMA with quote_name() identifiers. A developer "
    "tool (manage.py explain_queries and tests), never reached by a request.",
    "ops/health/checks.py": "the readiness probe's fixed SELECT 1, and SET LOCAL statement_timeout "
    "to a constant; no request data reaches either",
    "tests/servers.py": "CREATE DATABASE with a fixed name, on a throwaway test server",
    "tests/system/conftest.py": "CREATE/DROP DATABASE with generated test names",
    "ops/sharding/tests/conftest.py": "CREATE/DROP DATABASE of the test database's name plus a "
    "fixed shard name, on the throwaway test server",
    "newsbudget/stories/tests/conftest.py": "ANALYZE of a fixed list of tables",
    "newsbudget/stories/tests/test_query_plans.py": "DROP INDEX of a fixed index, rolled back",
    "newsbudget/stories/tests/test_explain_queries_command.py": "DROP INDEX of a fixed index, "
    "rolled back",
    "tests/hostile/test_no_raw_sql.py": "this file's own example",
    "newsbudget/search/tests/test_drift_check.py": "FTS5's fixed 'delete' command with the row's "
    "values as parameters, to break the index on purpose",
    "ops/backup/database.py": "SET TRANSACTION and pg_export_snapshot() (fixed), the applied "
    "migrations (fixed SELECT), CREATE/DROP DATABASE of a scratch name checked to be [a-z0-9_], "
    "after a restore DROP TABLE of names read from pg_tables, quoted as identifiers",
    "tests/system/test_restore_drill.py": "DROP/CREATE SCHEMA public (fixed), to destroy the data",
    "ops/dbrouting/health.py": "a fixed query of the replica's replay lag (pg_last_wal_* and "
    "pg_last_xact_replay_timestamp()); no request data reaches it",
    "bench/pooling.py": "a fixed count of pg_stat_activity, the database name a parameter; a "
    "benchmark, never reached by a request",
    "tests/system/test_read_replicas.py": "fixed statements (pausing replay, changing a test "
    "headline) with parameters, on throwaway servers",
    "tests/system/test_database_pooling.py": "a fixed count of pg_stat_activity and SELECT 1",
    "newsbudget/search/backends/sqlite.py": "FTS5's MATCH, bm25(), highlight() and snippet() "
    "work only in a query on the FTS5 table: fixed statements, every value (the MATCH "
    "expression built from quoted words, the ids as JSON) a parameter",
    "newsbudget/search/migrations/0001_initial.py": "fixed DDL: the FTS5 table and its "
    "triggers on SQLite, the GIN index on PostgreSQL",
    "newsbudget/search/tests/test_query_syntax.py": "a throwaway in-memory SQLite FTS5 table "
    "(fixed DDL) that parsed queries are run against, each as a parameter",
}
"""Files allowed to hand SQL to the database directly, and why each is safe."""

FORMATTED_SQL = """
def find(cursor, name):
    cursor.execute("SELECT * FROM accounts_user WHERE username = '" + name + "'")
    cursor.execute(f"DELETE FROM stories_story WHERE slug = '{name}'")
"""


def test_ruff_flags_sql_built_from_strings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--stdin-filename",
         "newsbudget/stories/probe.py", "-"],
        input=FORMATTED_SQL, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stdout.count("S608") == 2, result.stdout


def test_sql_is_handed_to_the_database_only_in_the_known_places() -> None:
    found = {
        str(path.relative_to(ROOT))
        for root in SOURCE_ROOTS
        for path in (ROOT / root).rglob("*.py")
        if RAW_SQL.search(path.read_text(encoding="utf-8"))
    }
    scripts = {
        f"scripts/{path.name}"
        for path in (ROOT / "scripts").iterdir()
        if path.is_file() and not path.suffix and RAW_SQL.search(path.read_text(errors="ignore"))
    }

    assert (found | scripts) - set(KNOWN) == set()
