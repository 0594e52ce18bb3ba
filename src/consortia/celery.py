"""The Celery application. Without a broker configured, tasks run eagerly (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortia.settings")

app = Celery("consortia")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.imports = ("consortia.periodic",)  # the task Celery beat schedules
