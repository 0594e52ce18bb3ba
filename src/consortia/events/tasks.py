"""Background work of events. Tasks take IDs and are safe to run twice (see the services)."""

from celery import shared_task


@shared_task
def run_schedule(run_id: int) -> bool:
    """Solve and store one B2B schedule run (does nothing unless the run is still queued)."""
    from .services.b2b import execute_schedule_run

    return execute_schedule_run(run_id) is not None
