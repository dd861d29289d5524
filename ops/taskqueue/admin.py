"""The task list in the admin: attempts, the last error, and re-queueing failed tasks.

django-tasks-db registers a read-only list of task rows.  This replaces it
with the same list plus the number of attempts and the last error, a filter
for tasks waiting to be retried, and a "Re-queue" action: a FAILED task goes
back to READY with its attempts reset, to run as soon as a worker is free.
Only superusers and holders of ``django_tasks_database.change_dbtaskresult`` may
re-queue; anything not FAILED is left alone and said so.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

REQUEUE_PERMISSION = "django_tasks_database.change_dbtaskresult"


def requeue(tasks: QuerySet[DBTaskResult]) -> int:
    """Put FAILED tasks back in the queue as new; return how many were."""
    return tasks.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=get_date_max(),
        worker_ids=[],
        started_at=None,
        finished_at=None,
        return_value=None,
        exception_class_path="",
        traceback="",
    )


class TaskQueueAdmin(DBTaskResultAdmin):
    list_display = (  # type: ignore[assignment]  # the library's is a fixed-length tuple
        "id",
        "task_name",
        "status",
        "attempts",
        "last_error",
        "enqueued_at",
        "run_after",
        "finished_at",
        "queue_name",
    )
    actions = ["requeue_failed"]

    @admin.display(description="attempts")
    def attempts(self, obj: DBTaskResult) -> int:
        return len(obj.worker_ids)

    @admin.display(description="last error")
    def last_error(self, obj: DBTaskResult) -> str:
        return obj.exception_class_path.rsplit(".", 1)[-1]

    def has_requeue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REQUEUE_PERMISSION)

    @admin.action(description="Re-queue the selected failed tasks", permissions=["requeue"])
    def requeue_failed(self, request: HttpRequest, queryset: QuerySet[DBTaskResult]) -> None:
        selected = queryset.count()
        requeued = requeue(queryset)
        self.message_user(request, f"Re-queued {requeued} failed task(s).", messages.SUCCESS)
        if requeued < selected:
            self.message_user(
                request,
                f"{selected - requeued} selected task(s) were not FAILED and were left alone.",
                messages.WARNING,
            )


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskQueueAdmin)
