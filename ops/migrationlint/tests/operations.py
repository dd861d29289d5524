"""Run operations through the rules against a small model, as a migration after it would."""

from __future__ import annotations

from django.db import migrations, models
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

from ops.migrationlint.rules import Checker, Finding

APP = "news"


def story_model() -> migrations.CreateModel:
    return migrations.CreateModel(
        name="Story",
        fields=[
            ("id", models.BigAutoField(primary_key=True)),
            ("headline", models.CharField(max_length=100)),
            ("summary", models.TextField(null=True)),
            ("words", models.IntegerField(default=0)),
            ("desk", models.ForeignKey("news.Desk", on_delete=models.CASCADE)),
            ("tags", models.ManyToManyField("news.Desk", related_name="+")),
        ],
    )


def desk_model() -> migrations.CreateModel:
    return migrations.CreateModel(
        name="Desk", fields=[("id", models.BigAutoField(primary_key=True))]
    )


def shipped_state() -> ProjectState:
    """The state after a shipped migration that created ``news.Desk`` and ``news.Story``."""
    state = ProjectState()
    for operation in (desk_model(), story_model()):
        operation.state_forwards(APP, state)
    return state


def findings(*operations: Operation, state: ProjectState | None = None) -> list[Finding]:
    """What the rules say of ``operations``, a migration applied after the shipped one."""
    return Checker(state or shipped_state(), set()).run(APP, operations)


def errors(*operations: Operation) -> list[str]:
    return [f.message for f in findings(*operations) if f.severity == "error"]


def warnings(*operations: Operation) -> list[str]:
    return [f.message for f in findings(*operations) if f.severity == "warning"]
