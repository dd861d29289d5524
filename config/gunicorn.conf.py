"""gunicorn settings for the `web` process, read from the environment.

A low request timeout (10 s) bounds how long one slow request can hold a
worker; on SIGTERM gunicorn stops accepting, lets in-flight requests finish
within ``graceful_timeout`` and exits, which is what a rolling deploy needs.
"""

import os


def _int_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SystemExit(f"{name} must be greater than 0, got {value}")
    return value


bind = os.environ.get("WEB_BIND", f"127.0.0.1:{_int_from_env('PORT', 8000)}")
workers = _int_from_env("WEB_CONCURRENCY", 2)
timeout = _int_from_env("WEB_TIMEOUT", 10)
graceful_timeout = _int_from_env("WEB_GRACEFUL_TIMEOUT", 20)
keepalive = 5
# Recycle a worker after 100,000-150,000 requests (bounds a slow leak).  A
# restart costs about a second of CPU and its first request ~0.5 s (Django's
# import and URLconf warm-up), and two workers restarting together leave the
# node without one: at 2000 (+200 jitter) a node serving cached pages at
# ~2,700 req/s restarted a worker every ~1.5 s, and p99 went from 7 ms to
# ~0.5-0.9 s (bench, docs/performance.md).  The wide jitter keeps workers apart.
max_requests = 100_000
max_requests_jitter = 50_000
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's control socket lives at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn);
# nothing here uses it, and several nodes on one machine would overwrite each other's.
control_socket_disable = True
