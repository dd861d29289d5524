"""The rules: which migration operations break the code that is still running.

A rolling deploy applies the new release's migrations while the old release
still serves: for minutes, old code runs against the new schema (and, after a
rollback, against it for good).  Old code names every column of a model in
its SELECTs and INSERTs, so it fails when a migration

- drops or renames a column or a table (``RemoveField``, ``DeleteModel``,
  ``RenameField``, ``RenameModel``, ``AlterModelTable``, or an ``AlterField``
  that changes ``db_column``);
- adds a NOT NULL column with no database default (``AddField``): old
  INSERTs leave it out and fail.  Django's ``default=`` is applied by Django
  only, then dropped from the column; ``db_default=`` stays in the database;
- makes a column NOT NULL or changes its type (``AlterField``): old writes of
  NULL, or of values the new type refuses, fail.  Widening is allowed: a
  longer ``max_length``, more digits, a larger integer type, text;
- runs SQL that drops, renames, truncates, retypes or sets NOT NULL
  (``RunSQL``; read by a pattern, so it can only guess).

``RunSQL`` and ``RunPython`` without a reverse are warnings: they do not break
old code, but a rollback that has to migrate back stops at them.

Tables created by the migrations being checked are exempt: no old code uses
them.  Rules read Django's migration state, not the SQL a backend would emit
(django-migration-linter's approach), so the verdict is the same on SQLite
in development and PostgreSQL in production.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import models
from django.db.migrations import operations
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ModelState, ProjectState

Severity = Literal["error", "warning"]
ModelKey = tuple[str, str]

EXPAND_CONTRACT = (
    "Split it over two releases (expand/contract): first stop using it in the code "
    "(a state-only SeparateDatabaseAndState for a removal), then, once no running release "
    "needs it, drop or change it in a migration marked backward_incompatible_ok = '<why>'."
)
# Integer columns by the range of values they hold: a change to a type whose range contains
# the old one's is a widening, which the old code's writes still fit.
INTEGER_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
    "SmallAutoField": (1, 2**15 - 1),
    "AutoField": (1, 2**31 - 1),
    "BigAutoField": (1, 2**63 - 1),
}
# Other changes of field class that only widen.
WIDER_CLASSES = {("CharField", "TextField")}
# Attributes of a field that decide its column's type (the rest, like choices or
# help_text, never reach the database).
TYPE_ATTRIBUTES = ("max_length", "max_digits", "decimal_places", "to", "to_field", "base_field")
DESTRUCTIVE_SQL = re.compile(
    r"\b(DROP\s+(TABLE|COLUMN)|RENAME\s+(TO|COLUMN)|TRUNCATE|SET\s+NOT\s+NULL"
    r"|ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One problem of one operation."""

    severity: Severity
    operation: str
    message: str


def default_table(app_label: str, model_name: str) -> str:
    return f"{app_label}_{model_name.lower()}"


def table_of(model: ModelState) -> str:
    return model.options.get("db_table") or default_table(model.app_label, model.name_lower)


def column_of(name: str, field: models.Field[Any, Any]) -> str:
    if field.db_column:
        return field.db_column
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return f"{name}_id"
    return name


def has_table(model: ModelState) -> bool:
    return model.options.get("managed", True) and not model.options.get("proxy", False)


def short_class(field: models.Field[Any, Any]) -> str:
    return type(field).__name__


def type_signature(field: models.Field[Any, Any]) -> tuple[str, dict[str, str]]:
    _name, path, _args, kwargs = field.deconstruct()
    return path, {key: repr(kwargs[key]) for key in TYPE_ATTRIBUTES if key in kwargs}


def is_widening(old: models.Field[Any, Any], new: models.Field[Any, Any]) -> bool:
    """Whether ``new``'s column takes every value ``old``'s could hold.

    >>> is_widening(models.CharField(max_length=50), models.CharField(max_length=200))
    True
    >>> is_widening(models.CharField(max_length=200), models.CharField(max_length=50))
    False
    >>> is_widening(models.PositiveSmallIntegerField(), models.IntegerField())
    True
    >>> is_widening(models.IntegerField(), models.PositiveIntegerField())
    False
    >>> is_widening(models.IntegerField(), models.CharField(max_length=20))
    False
    """
    old_class, new_class = short_class(old), short_class(new)
    if old_class != new_class:
        if old_class in INTEGER_RANGES and new_class in INTEGER_RANGES:
            (old_low, old_high), (new_low, new_high) = (
                INTEGER_RANGES[old_class],
                INTEGER_RANGES[new_class],
            )
            return new_low <= old_low and old_high <= new_high
        return (old_class, new_class) in WIDER_CLASSES
    old_path, old_attributes = type_signature(old)
    new_path, new_attributes = type_signature(new)
    if old_path != new_path:
        return False
    changed = {
        key
        for key in old_attributes.keys() | new_attributes.keys()
        if old_attributes.get(key) != new_attributes.get(key)
    }
    if not changed <= {"max_length", "max_digits"}:
        return False
    return all(longer(getattr(old, key), getattr(new, key)) for key in changed)


def longer(old: int | None, new: int | None) -> bool:
    return new is None or (old is not None and new >= old)


class Checker:
    """Walks operations through the migration state, collecting findings.

    ``state`` is the project state before the next operation; ``created`` the
    models whose tables the migrations being checked create (exempt from every rule).
    """

    def __init__(self, state: ProjectState, created: set[ModelKey]) -> None:
        self.state = state
        self.created = created

    def run(self, app_label: str, operation_list: Iterable[Operation]) -> list[Finding]:
        findings: list[Finding] = []
        for operation in operation_list:
            findings += self.check(app_label, operation)
            operation.state_forwards(app_label, self.state)
        return findings

    def check(self, app_label: str, operation: Operation) -> list[Finding]:
        if isinstance(operation, operations.SeparateDatabaseAndState):
            # Only the database operations touch the schema; they see the state as the
            # database does (Django applies them to a copy), the state operations do not.
            inner = Checker(self.state.clone(), self.created)
            return inner.run(app_label, operation.database_operations)
        if isinstance(operation, operations.CreateModel):
            self.created.add((app_label, operation.name_lower))
            return []
        if isinstance(operation, operations.RunSQL):
            return run_sql_findings(operation)
        if isinstance(operation, operations.RunPython):
            return run_python_findings(operation)
        model = self.existing_model(app_label, operation)
        if model is None:
            return []
        return model_findings(app_label, model, operation)

    def existing_model(self, app_label: str, operation: Operation) -> ModelState | None:
        """The model an operation changes, if its table exists and predates these migrations."""
        name = model_name_of(operation)
        if name is None or (app_label, name) in self.created:
            return None
        model = self.state.models.get((app_label, name))
        if model is None or not has_table(model):
            return None
        return model


def model_name_of(operation: Operation) -> str | None:
    if isinstance(operation, operations.RenameModel):
        return operation.old_name_lower
    if isinstance(operation, operations.models.ModelOperation):
        return operation.name_lower
    if isinstance(operation, operations.fields.FieldOperation):
        return operation.model_name_lower
    return None


def model_findings(app_label: str, model: ModelState, operation: Operation) -> list[Finding]:
    table = table_of(model)
    if isinstance(operation, operations.AddField):
        return add_field_findings(model, operation, table)
    if isinstance(operation, operations.RemoveField):
        field = model.get_field(operation.name)
        label = f"RemoveField {model.name}.{operation.name}"
        if field.many_to_many:
            return [
                error(
                    label,
                    f"drops the join table of {operation.name}, which the code "
                    f"still running reads and writes. {EXPAND_CONTRACT}",
                )
            ]
        column = column_of(operation.name, field)
        return [
            error(
                label,
                f'drops column "{column}" of "{table}", which the code still '
                f"running selects and writes. {EXPAND_CONTRACT}",
            )
        ]
    if isinstance(operation, operations.DeleteModel):
        return [
            error(
                f"DeleteModel {model.name}",
                f'drops table "{table}", which the code '
                f"still running reads and writes. {EXPAND_CONTRACT}",
            )
        ]
    if isinstance(operation, operations.RenameField):
        field = model.get_field(operation.old_name)
        old, new = column_of(operation.old_name, field), column_of(operation.new_name, field)
        if old == new or field.many_to_many:
            return []
        return [
            error(
                f"RenameField {model.name}.{operation.old_name}",
                f'renames column "{old}" of "{table}" to "{new}": the code still running '
                f'asks for "{old}". Add the new field, copy, switch the code, then remove '
                "the old one (expand/contract); or keep the column with db_column.",
            )
        ]
    if isinstance(operation, operations.RenameModel):
        new_table = model.options.get("db_table") or default_table(app_label, operation.new_name)
        if new_table == table:
            return []
        return [
            error(
                f"RenameModel {model.name}",
                f'renames table "{table}" to "{new_table}": the code still running asks '
                f"for \"{table}\". Keep the table name with Meta.db_table = '{table}'.",
            )
        ]
    if isinstance(operation, operations.AlterModelTable):
        new_table = operation.table or default_table(app_label, model.name)
        if new_table == table:
            return []
        return [
            error(
                f"AlterModelTable {model.name}",
                f'renames table "{table}" to "{new_table}": the code still running asks '
                f'for "{table}". {EXPAND_CONTRACT}',
            )
        ]
    if isinstance(operation, operations.AlterField):
        return alter_field_findings(model, operation, table)
    return []


def add_field_findings(model: ModelState, operation: Any, table: str) -> list[Finding]:
    field = operation.field
    if (
        field.many_to_many
        or field.null
        or field.db_default is not models.NOT_PROVIDED
        or isinstance(field, models.GeneratedField)
    ):
        return []
    column = column_of(operation.name, field)
    return [
        error(
            f"AddField {model.name}.{operation.name}",
            f'adds NOT NULL column "{column}" to "{table}" with no database default: '
            "the code still running inserts rows without it, and those inserts fail "
            "(default= is Django's, not the database's). Give it db_default=..., or add "
            "it with null=True and make it NOT NULL in a later release.",
        )
    ]


def alter_field_findings(model: ModelState, operation: Any, table: str) -> list[Finding]:
    old = model.get_field(operation.name)
    new = operation.field
    label = f"AlterField {model.name}.{operation.name}"
    findings = []
    old_column, new_column = column_of(operation.name, old), column_of(operation.name, new)
    if old_column != new_column:
        findings.append(
            error(
                label,
                f'renames column "{old_column}" of "{table}" to '
                f'"{new_column}": the code still running asks for '
                f'"{old_column}". {EXPAND_CONTRACT}',
            )
        )
    if old.null and not new.null:
        findings.append(
            error(
                label,
                f'makes column "{new_column}" of "{table}" NOT NULL: the '
                "code still running may write NULL there. Make the code always "
                "write a value first, and the column NOT NULL a release later "
                "(backward_incompatible_ok).",
            )
        )
    if type_signature(old) != type_signature(new) and not is_widening(old, new):
        findings.append(
            error(
                label,
                f'changes the type of column "{new_column}" of "{table}" '
                f"({describe(old)} to {describe(new)}): the code still running "
                "may write values the new type refuses or read values it does "
                "not expect. Add a column of the new type, copy, switch the "
                "code, then drop the old one (expand/contract).",
            )
        )
    return findings


def describe(field: models.Field[Any, Any]) -> str:
    _path, attributes = type_signature(field)
    shown = ", ".join(f"{key}={value}" for key, value in attributes.items())
    return f"{short_class(field)}({shown})"


def statements_of(sql: Any) -> list[str]:
    """The SQL text of a RunSQL's ``sql``: a string, or a list of strings or (sql, params)."""
    if isinstance(sql, str):
        return [sql]
    return [item if isinstance(item, str) else item[0] for item in sql]


def run_sql_findings(operation: operations.RunSQL) -> list[Finding]:
    findings = []
    for statement in statements_of(operation.sql):
        match = DESTRUCTIVE_SQL.search(statement)
        if match:
            findings.append(
                error(
                    "RunSQL",
                    f"runs {match.group(0).upper()!r}, which drops, "
                    "renames or constrains what the code still running may use "
                    f"(read from the SQL text). {EXPAND_CONTRACT}",
                )
            )
    if operation.reverse_sql is None:
        findings.append(
            warning(
                "RunSQL",
                "has no reverse_sql, so it cannot be migrated back "
                "in a rollback; give one (migrations.RunSQL.noop if nothing "
                "needs undoing).",
            )
        )
    return findings


def run_python_findings(operation: operations.RunPython) -> list[Finding]:
    if operation.reverse_code is not None:
        return []
    return [
        warning(
            "RunPython",
            f"{getattr(operation.code, '__name__', 'code')} has no "
            "reverse_code, so it cannot be migrated back in a rollback; give one "
            "(migrations.RunPython.noop if nothing needs undoing).",
        )
    ]


def error(operation: str, message: str) -> Finding:
    return Finding("error", operation, message)


def warning(operation: str, message: str) -> Finding:
    return Finding("warning", operation, message)
