"""`manage.py explain_queries`: the database's plan for every query shape the site runs.

For each shape in ``stories.query_shapes`` it prints what uses it, the indexes
that should serve it, the plan, and OK or what is wrong.  By default the plan
is the one the planner would choose today, on today's data: on a small
database PostgreSQL rightly reads small tables whole, so ``--check`` asks it to
avoid sequential scans and exits with status 1 if any shape then still misses
its index (what the test suite asserts, against the live schema).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsbudget.stories.query_shapes import SHAPES, Sample, Verdict, judge


class Command(BaseCommand):
    help = "Print the plan of every filter and ordering the site runs, and the index it needs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="PostgreSQL: avoid sequential scans (and sorts of ordered lists); "
            "exit 1 if a shape still misses its index.",
        )

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        sample = Sample.from_database()
        verdicts = [judge(shape, sample, force_index=check) for shape in SHAPES]
        for verdict in verdicts:
            self.report(verdict)
        missing = [verdict.shape.name for verdict in verdicts if verdict.problems]
        if check and missing:
            raise CommandError(f"{len(missing)} shape(s) miss their index: {'; '.join(missing)}")
        self.stdout.write(
            f"{len(verdicts) - len(missing)} of {len(verdicts)} shapes use their index."
        )

    def report(self, verdict: Verdict) -> None:
        shape = verdict.shape
        status = (
            self.style.SUCCESS("OK")
            if not verdict.problems
            else self.style.WARNING("; ".join(verdict.problems))
        )
        self.stdout.write(f"== {shape.name}  [{status}]")
        self.stdout.write(f"   used by: {shape.used_by}")
        self.stdout.write(f"   served by: {', '.join(verdict.expected) or '(no such index)'}")
        for line in verdict.plan.text.splitlines():
            self.stdout.write(f"   | {line}")
        self.stdout.write("")
