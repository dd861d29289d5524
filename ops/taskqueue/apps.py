"""App config for ops.taskqueue."""

from django.apps import AppConfig


class TaskQueueConfig(AppConfig):
    name = "ops.taskqueue"
    label = "taskqueue"
    verbose_name = "Task queue"
