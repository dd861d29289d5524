"""Migration linting: flags migrations that would break the code still running mid-deploy.

While a deploy rolls, the old release keeps serving against the schema the
new release's migrations produce: a dropped or renamed column, a new NOT NULL
column without a database default, or a changed column type makes the old
code's queries fail.  ``manage.py lint_migrations`` reads the operations of
the migrations a deploy is about to apply (or, with ``--all``, of every
migration) and says which would, before ``migrate`` runs them.  Shipped ones
are listed with a reason in an allowlist file; a new breaking migration, the
second ("contract") half of an expand/contract change, says why it is safe in
its ``backward_incompatible_ok`` attribute.
"""
