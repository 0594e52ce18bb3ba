"""Task plumbing: enqueue after commit. Without a broker Celery runs the task eagerly, in-process,
still only after the transaction commits, so a rolled-back write never triggers follow-up work."""

from typing import Any

from celery import Task
from django.db import transaction


def enqueue(task: Task, *args: Any) -> None:
    """Run ``task`` with ``args`` (IDs only) once the current transaction has committed."""
    transaction.on_commit(lambda: task.delay(*args))
