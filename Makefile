# newsbudget: one command for each habit.
#
#   make run            set up (uv, locked env, migrate, demo data, static) and start
#                       the Procfile formation (web, worker, scheduler, realtime on
#                       REALTIME_PORT); Ctrl-C stops it
#   make test           every gate, both test runs (at once) and the cluster tests, then a summary
#   make lint           ruff check and ruff format --check
#   make typecheck      mypy with django-stubs
#   make imports        import-linter contracts
#   make audit          pip-audit of the locked dependencies
#   make secrets        detect-secrets: fail on a secret not in the audited baseline
#   make test-sqlite    the pytest suite on SQLite and a throwaway diskcache, with coverage
#   make test-postgres  the pytest suite on a PostgreSQL and a redis-server started for the run
#   make ensure-servers install PostgreSQL, Redis, nginx, wrk, Chromium from Debian if missing
#   make bench          measure a story page through each cache layer (wrk, nginx, gunicorn)
#   make bench-servers  compare gunicorn sync/gthread and granian on the same page
#   make bench-telemetry  CPU per request with and without the request telemetry
#   make bench-tasks    task queue jobs/s and enqueue-to-start latency, SQLite and PostgreSQL
#   make bench-pooling  PostgreSQL connections: persistent, psycopg pool, pgbouncer, measured
#   make cluster        the production formation on loopback: PostgreSQL, Redis, 3 web nodes,
#                       worker, scheduler, HAProxy (CLUSTER_ROOT, CLUSTER_PORT, CLUSTER_NODES)
#   make cluster-status / cluster-stop / cluster-remove
#   make deploy REV=x   build, check and migrate release x, then roll it across the cluster
#   make rollback       roll the cluster back to the release before
#   make test-cluster   the rolling-deploy and fault tests against a cluster of their own
#   make soak           10 minutes of steady load on a fresh cluster: no errors, bounded memory
#   make crawl          the demo site (DEBUG off, throwaway dir) crawled and its forms submitted:
#                       fails on a 4xx/5xx, missing asset or title, a reply over 2 s (CRAWL_ARGS)
#   make clean          remove caches, coverage data and collected static files

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# uv by an absolute path, so it still resolves inside `uv run` (whose python3 is the venv's):
# from PATH, else where `pip install --user` put it (often off PATH), else as the module of
# the interpreter that has it.
UV = $(shell command -v uv 2>/dev/null \
	|| { user_uv="$$(python3 -m site --user-base 2>/dev/null)/bin/uv"; \
	     [ -x "$$user_uv" ] && echo "$$user_uv"; } \
	|| echo "$$(python3 -c 'import sys; print(sys.executable)') -m uv")
RUN = $(UV) run --frozen
PORT ?= 8000
REALTIME_PORT ?= 8001
PYTEST_ARGS ?=
BENCH_ARGS ?=
CRAWL_ARGS ?=
CLUSTER_ROOT ?= var/cluster
CLUSTER_PORT ?= 8100
CLUSTER_NODES ?= 3
REV ?= HEAD
CLUSTER = $(RUN) python -m deploy.cluster --root $(CLUSTER_ROOT)
DEPLOY = UV="$(UV)" $(RUN) python -m deploy.deploy --site $(CLUSTER_ROOT)/site.json
PYTEST = $(RUN) pytest -p no:cacheprovider $(PYTEST_ARGS)
STEP = scripts/test-step
# Python scripts without a .py suffix, which `ruff .` and `mypy .` do not discover.
PY_SCRIPTS = scripts/with-servers scripts/with-postgres scripts/audit-dependencies \
	scripts/check-secrets \
	scripts/build-breached-passwords

.PHONY: help uv sync run test lint typecheck imports audit secrets test-sqlite test-postgres \
	test-cluster ensure-servers bench bench-servers bench-telemetry bench-tasks bench-pooling clean \
	cluster cluster-status cluster-stop cluster-remove deploy rollback soak crawl

help:
	@sed -n '1,30s/^# \{0,1\}//p' Makefile

uv:
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 || { \
		echo "Installing uv with pip (user install)"; \
		python3 -m pip install --user --quiet uv \
			|| python3 -m pip install --user --quiet --break-system-packages uv; \
	}

sync: uv
	$(UV) sync --frozen

run: sync
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py load_demo_data
	$(RUN) python manage.py collectstatic --noinput --verbosity 0
	REALTIME_PORT=$(REALTIME_PORT) $(RUN) honcho start -f Procfile -p $(PORT) \
		web worker scheduler realtime

test: sync
	@$(STEP) --reset
	@$(STEP) ensure-servers scripts/ensure-servers
	@$(STEP) lint $(MAKE) --no-print-directory lint
	@$(STEP) typecheck $(MAKE) --no-print-directory typecheck
	@$(STEP) imports $(MAKE) --no-print-directory imports
	@$(STEP) audit $(MAKE) --no-print-directory audit
	@$(STEP) secrets $(MAKE) --no-print-directory secrets
	@scripts/test-in-parallel test-sqlite test-postgres || { $(STEP) --summary; exit 1; }
	@$(STEP) test-cluster $(MAKE) --no-print-directory test-cluster
	@$(STEP) --summary

lint: sync
	$(RUN) ruff check . $(PY_SCRIPTS)
	$(RUN) ruff format --check . $(PY_SCRIPTS)

typecheck: sync
	$(RUN) mypy .
	for script in $(PY_SCRIPTS); do $(RUN) mypy "$$script"; done

imports: sync
	$(RUN) lint-imports

audit: sync
	$(RUN) python scripts/audit-dependencies

secrets: sync
	$(RUN) python scripts/check-secrets

test-sqlite: sync
	$(RUN) python scripts/with-servers --diskcache -- $(PYTEST) -m "not cluster" --durations=25 \
		--cov --cov-report=term

test-postgres: sync
	$(RUN) python scripts/with-servers --postgres --redis -- $(PYTEST) -m "not cluster" --durations=25

test-cluster: sync
	UV="$(UV)" $(PYTEST) -m cluster tests/cluster

cluster: sync
	UV="$(UV)" $(CLUSTER) start --port $(CLUSTER_PORT) --nodes $(CLUSTER_NODES)

cluster-status: sync
	$(CLUSTER) status

cluster-stop: sync
	$(CLUSTER) stop

cluster-remove: sync
	$(CLUSTER) remove

deploy: sync
	$(DEPLOY) release $(REV)
	$(DEPLOY) rolling $(REV)

rollback: sync
	$(DEPLOY) rollback

soak: sync
	UV="$(UV)" $(RUN) python -m bench.soak $(BENCH_ARGS)

crawl: sync
	$(RUN) python -m tests.smoke $(CRAWL_ARGS)

ensure-servers:
	scripts/ensure-servers

bench: sync
	$(RUN) python -m bench $(BENCH_ARGS)

bench-servers: sync
	$(RUN) python -m bench --servers $(BENCH_ARGS)

bench-telemetry: sync
	$(RUN) python -m bench.telemetry $(BENCH_ARGS)

bench-tasks: sync
	$(RUN) python -m bench.tasks $(BENCH_ARGS)

bench-pooling: sync
	$(RUN) python -m bench.pooling $(BENCH_ARGS)

clean:
	rm -rf .coverage .coverage.* htmlcov coverage.xml .pytest_cache .mypy_cache .ruff_cache \
		.import_linter_cache \
		var/static var/test-summary.tsv
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
