# syntax=docker/dockerfile:1
#
# The newsbudget image: one image for every process of the Procfile (web by default; worker,
# scheduler and release by their command).  docs/deployment.md, "Containers".
#
#   docker build --build-arg RELEASE=$(git rev-parse HEAD) -t newsbudget:$(git rev-parse --short HEAD) .
#
# Two stages: `build` has uv and makes the virtualenv and the static files; the final stage
# copies those and the code onto a clean python:3.13-slim, without uv, caches or build tools.
# No secret is ever baked in: settings come from the environment (or NAME_FILE) at run time.

# uv comes as a static binary from its official image, pinned to the version that wrote
# uv.lock: no pip install (a second resolver and a network fetch at build), nothing of it in
# the final image.
FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

FROM python:3.13-slim AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    STATIC_ROOT=/app/staticfiles
WORKDIR /app
# The locked production dependencies first: this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock .python-version ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev
COPY . .
# Static files, hashed and compressed, at build time.  The production settings load here, as
# they will at run time, with build-only stand-ins for the two values production requires (a
# SECRET_KEY and ALLOWED_HOSTS: collectstatic signs nothing and serves nobody), a database
# and metrics directory that are never opened, and the cache off.  They live in this RUN's
# environment only, not in the image's.
RUN NEWSBUDGET_ENV=production \
    SECRET_KEY=collectstatic-at-image-build-time-signs-nothing-so-this-value-is-not-secret \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/build/db.sqlite3 \
    CACHE_URL=dummy:// \
    PROMETHEUS_MULTIPROC_DIR=/tmp/build/metrics \
    /app/.venv/bin/python manage.py collectstatic --noinput --verbosity 1

FROM python:3.13-slim
# pg_dump and pg_restore for the nightly backup (ops.backup): at least the server's version.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 newsbudget \
    && useradd --system --uid 10001 --gid newsbudget --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin newsbudget
ARG RELEASE=unreleased
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSBUDGET_ENV=production \
    RELEASE=$RELEASE \
    STATIC_ROOT=/app/staticfiles \
    WEB_HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
# Code, virtualenv and static files belong to root: the site cannot change its own code.
COPY --from=build /app /app
# What the processes write: media and private files (a volume, or S3), the metrics of the
# node's processes, the drain flag.  Owned by the site's user.
RUN install --directory --owner=newsbudget --group=newsbudget \
        /app/var /app/var/media /app/var/private /app/var/metrics
USER 10001:10001
EXPOSE 8000
# Liveness only (/healthz answers without touching the database); the balancer and Kubernetes'
# readiness probe use /readyz.  slim has no curl: Python's urllib does it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=2)"]
# The Procfile's web line; WEB_HOST and PORT above make gunicorn listen on 0.0.0.0:8000.
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
