"""Data retention: rows the site no longer needs are deleted by policy, in batches, every day.

Each policy names a table, the timestamp that ages its rows and the setting
that says how old is too old; ``RETENTION_POLICIES`` lists the policy lists
(``policies.POLICIES`` here, and apps' own, like the newsroom's archiving of
old stories, which ops cannot import).  ``manage.py retention
--dry-run`` shows what each would delete; the scheduler's daily job
(``tasks.apply_retention``) deletes it in batches of ``RETENTION_BATCH_SIZE``
rows, each batch its own short transaction with a pause between, so no table
is locked for long and the site keeps serving.
"""
