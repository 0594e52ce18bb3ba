"""B2B sessions: every write, in three modules by sub-topic, gathered here.

- `b2b_sessions`: setting up a session, joining it, availability, quota, attendance, tables;
- `b2b_requests`: meeting requests, answers, marks;
- `b2b_schedule`: scheduler runs, lock/move, publishing, check-in, no-show, follow-up.
"""

from .b2b_requests import (
    accept_request,
    cancel_request,
    decline_request,
    mark,
    request_meeting,
    unmark,
)
from .b2b_schedule import (
    check_in,
    execute_schedule_run,
    lock_meeting,
    mark_no_show,
    move_meeting,
    publish_schedule,
    record_follow_up,
    start_schedule_run,
    unlock_meeting,
)
from .b2b_sessions import (
    assign_fixed_table,
    create_b2b_session,
    join_b2b_session,
    set_availability,
    update_b2b_session,
    update_participant,
)

__all__ = [
    "accept_request",
    "assign_fixed_table",
    "cancel_request",
    "check_in",
    "create_b2b_session",
    "decline_request",
    "execute_schedule_run",
    "join_b2b_session",
    "lock_meeting",
    "mark",
    "mark_no_show",
    "move_meeting",
    "publish_schedule",
    "record_follow_up",
    "request_meeting",
    "set_availability",
    "start_schedule_run",
    "unlock_meeting",
    "unmark",
    "update_b2b_session",
    "update_participant",
]
