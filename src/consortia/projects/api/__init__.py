"""Projects over REST: the same selectors and services as the project pages.

Projects, milestones and attachments are named by their public UUID and fetched through the
``*_visible_to`` selectors, so a partners-only project someone may not see is 404 on every
operation, never 403. Their paths take only UUIDs (``{uuid:…}``), so ``/projects/milestones/…``
is never read as a project's id. Every operation declares its error answers (401, 403, 404, 422)
so the OpenAPI document says what a client may get back.
"""

from ninja import Router

router = Router(tags=["projects"])

from . import budget, milestones, projects, updates  # noqa: E402,F401  (register the operations)
