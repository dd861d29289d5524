"""One logging configuration for every process: JSON lines or readable lines, to stdout only.

Every process (web, worker, scheduler, the release step, any command) writes
its log to standard output and nowhere else; the platform (systemd's journal,
Docker, a PaaS router, honcho in development) collects it.  Production and
staging write **JSON lines** that a log pipeline can parse without regular
expressions; development writes readable lines.  ``LOG_FORMAT`` overrides the
choice.

structlog renders both: our own code logs key/value events through structlog,
and every standard-library record (Django, gunicorn, libraries) passes through
the same processors (``foreign_pre_chain``), so one line looks like another
whoever wrote it.  Each line carries the context bound for the current
request or task (``request_id``, ``task_id``…: see ops.telemetry), and the
last processor before rendering masks secrets (ops.logs.redact).

``logging_config()`` builds the ``LOGGING`` dict the settings use; Django
calls ``configure()`` with it (``LOGGING_CONFIG``), which also configures
structlog.  gunicorn's master process, which starts before Django, calls
``gunicorn_logconfig()`` from config/gunicorn.conf.py so its own lines are
JSON too.
"""

from __future__ import annotations

import logging.config
from typing import Any

import structlog

from ops.logs import hotpath
from ops.logs.redact import redact_event

FORMATS = ("json", "console")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_format(environment: str) -> str:
    """JSON where a log pipeline reads the lines, readable lines where a person does.

    >>> default_format("production"), default_format("dev")
    ('json', 'console')
    """
    return "json" if environment in ("staging", "production") else "console"


def shared_processors() -> list[Any]:
    """What every line gets, from structlog or from the standard library."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def renderer_chain(log_format: str) -> list[Any]:
    """The processors that turn a finished event into text, secrets masked last of all."""
    if log_format == "json":
        return [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact_event,
            structlog.processors.JSONRenderer(sort_keys=False, default=str),
        ]
    return [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        structlog.processors.format_exc_info,
        redact_event,
        structlog.dev.ConsoleRenderer(colors=False, sort_keys=False),
    ]


def formatter(log_format: str) -> dict[str, Any]:
    """A ``logging`` formatter entry that renders records through structlog."""
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, got {log_format!r}")
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": renderer_chain(log_format),
        "foreign_pre_chain": shared_processors(),
    }


def stdout_only(log_format: str) -> dict[str, Any]:
    """The part every config shares: one handler, to stdout, through the structured formatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": formatter(log_format)},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "structured",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"handlers": ["stdout"], "level": "WARNING"},
    }


def logging_config(*, level: str, log_format: str) -> dict[str, Any]:
    """The ``LOGGING`` dict: one stdout handler, our loggers at ``level``, libraries quieter."""
    if level not in LEVELS:
        raise ValueError(f"LOG_LEVEL must be a logging level name, got {level!r}")
    return {
        **stdout_only(log_format),
        "loggers": {
            # Replaces Django's default "django" console handler, which in DEBUG would
            # print every django.* line a second time (and mail admins unasked).
            "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            # 4xx are on the request line already; a 500's traceback is worth its own line.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            "newsbudget": {"level": level},
            "ops": {"level": level},
            "django.tasks": {"level": level},
            "django_tasks_db": {"level": level},
            "crontask": {"level": level},
            "apscheduler": {"level": "WARNING"},
            "gunicorn.error": {"level": "INFO"},
        },
    }


def configure_structlog() -> None:
    """structlog's own loggers hand their events to the standard library's handlers."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def configure(config: dict[str, Any]) -> None:
    """``LOGGING_CONFIG``: apply ``config`` to the standard library and configure structlog.

    Python's warnings become log records too (logger ``py.warnings``), so a
    library's ``UserWarning`` is a JSON line like any other, not raw stderr.
    """
    configure_structlog()
    logging.config.dictConfig(config)
    logging.captureWarnings(True)
    skip_unused_record_fields()
    install_hot_path()


def install_hot_path() -> None:
    """Give the request line the stdout handler and its renderer directly (ops.logs.hotpath)."""
    handler = logging.getHandlerByName("stdout")
    processors = getattr(getattr(handler, "formatter", None), "processors", None)
    hotpath.install(handler if processors else None, processors[-1] if processors else None)


def skip_unused_record_fields() -> None:
    """Stop ``logging`` computing what no line shows: the caller, thread and process names.

    These are the optimisations the ``logging`` documentation lists; the
    caller lookup walks the stack on every record, which is measurable on a
    line written for every request.  The JSON line never carries them (the
    request id and the ``logger`` name say where it came from).
    """
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.logAsyncioTasks = False  # type: ignore[attr-defined]  # new in 3.12, no stub yet


def gunicorn_logconfig(*, level: str, log_format: str) -> dict[str, Any]:
    """``logconfig_dict`` for gunicorn: its error log as structured lines on stdout.

    gunicorn's access log stays off: every request gets one richer line from
    ops.telemetry instead.
    """
    return {
        **stdout_only(log_format),
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
