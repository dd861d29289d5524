"""Tasks that survive failure: retries with backoff, timeouts, leases and graceful shutdown.

django.tasks (Django 6.1) and django-tasks-db give the queue: a table of task
rows, claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (an
exclusive transaction on SQLite).  This app adds what a site that must not
lose work needs on top of it:

- ``policy``: how often a task may be attempted, with what backoff, within
  what time limit — per task (``@retry_policy``) or from settings;
- ``worker``: ``manage.py worker`` (the Procfile's ``worker``), which claims a
  task *with a lease*, enforces the time limit, retries or fails it, recovers
  the tasks of workers that died (expired leases) and stops gracefully on
  SIGTERM;
- ``idempotency``: keys that make a re-run of a side-effecting task do nothing
  it already did;
- ``admin``: failed tasks with their traceback, and a re-queue action.
"""
