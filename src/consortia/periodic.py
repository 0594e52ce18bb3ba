"""Periodic work. Past one machine `consortia beat` schedules it through Celery (settings'
``CELERY_BEAT_SCHEDULE``); on the embedded default `consortia serve` runs it on a timer thread in
the gunicorn master process, so a single-machine install needs no extra process."""

import logging
import threading
from typing import Any

from celery import shared_task

log = logging.getLogger(__name__)


def run_periodic_work() -> None:
    """Everything the platform does on its own every few minutes. Safe to run any number of times."""
    from consortia.agreements.services import refresh_all_lights, send_commitment_reminders
    from consortia.core.idempotency import delete_expired_keys
    from consortia.directory.services import send_lost_invitations
    from consortia.matching.services import refresh_profiles, send_weekly_suggestions
    from consortia.messaging.services import plan_digests, send_lost_emails

    lost = send_lost_emails()  # e-mail whose task died with its worker, before new digests
    if lost:
        log.info("periodic: %d unsent e-mails enqueued again", lost)
    invitations = send_lost_invitations()
    if invitations:
        log.info("periodic: %d unsent invitations enqueued again", invitations)
    planned = plan_digests()
    if planned:
        log.info("periodic: %d digests planned", len(planned))
    reminded = send_commitment_reminders()  # each reminder once, however often this runs
    if reminded:
        log.info("periodic: %d commitment reminders sent", reminded)
    refreshed = refresh_all_lights()  # once a day: lights change as dates pass
    if refreshed:
        log.info("periodic: traffic lights of %d agreements refreshed", refreshed)
    profiles = refresh_profiles()  # what changed since is embedded again, item by item
    if profiles:
        log.info("periodic: %d recommendation profiles refreshed", profiles)
    suggested = send_weekly_suggestions()  # once a week per person
    if suggested:
        log.info("periodic: %d weekly suggestions sent", suggested)
    expired = delete_expired_keys()  # Idempotency-Keys older than 24 h
    if expired:
        log.info("periodic: %d expired idempotency keys deleted", expired)


@shared_task(name="consortia.periodic.periodic_work")
def periodic_work() -> None:
    """The same work for Celery beat (`consortia beat`), past one machine."""
    run_periodic_work()


def start_timer(interval: float, *, first_after: float = 5.0) -> threading.Thread:
    """Run :func:`run_periodic_work` every ``interval`` seconds on a daemon thread."""
    from django.db import close_old_connections

    stop = threading.Event()

    def loop() -> None:
        delay = first_after
        while not stop.wait(delay):
            try:
                run_periodic_work()
            except Exception:  # keep the timer alive; the next round retries
                log.exception("periodic work failed")
            finally:
                close_old_connections()
            delay = interval

    thread = threading.Thread(target=loop, name="consortia-periodic", daemon=True)
    thread.start()
    return thread


def when_ready(server: Any) -> None:
    """gunicorn hook: start the timer in the master once it listens (embedded default only)."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.CONSORTIA_PERIODIC_SECONDS > 0:
        start_timer(settings.CONSORTIA_PERIODIC_SECONDS)
        server.log.info(
            "periodic work every %ss in this process", settings.CONSORTIA_PERIODIC_SECONDS
        )
