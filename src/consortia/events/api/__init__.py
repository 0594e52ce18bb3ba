"""Events over REST: the same selectors and services as the event and B2B pages.

Events, agenda sessions, registrations, B2B sessions, participants, requests and meetings are
named by their public UUID; scheduler runs by their number. A draft event, a registration, a
request or a meeting the caller may not see is 404, never 403; the online-meeting link is
empty for those not taking part. Every operation declares its error answers (401, 403, 404,
422).
"""

from ninja import Router

router = Router(tags=["events"])

from . import b2b, events  # noqa: E402,F401  (register the operations)
