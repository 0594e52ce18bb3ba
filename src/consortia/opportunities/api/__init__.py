"""Opportunities over REST: the same selectors and services as the opportunity pages.

Opportunities, applications, answers, engagements and pilot sites are named by their public
UUID (``{uuid:…}`` paths, so ``/opportunities/applications`` is never read as an opportunity's
id) and fetched through the ``*_visible_to`` selectors. Published opportunities and the pilot
sites are public reads; everything about applications needs sign-in, and an application the
caller may not read — with its answers, files, scores and engagement — is 404, never 403: not
to other applicants, other organisations or the operator. Every operation declares its error
answers (401, 403, 404, 422).
"""

from ninja import Router

router = Router(tags=["opportunities"])

from . import (  # noqa: E402,F401  (register the operations)
    applications,
    engagements,
    opportunities,
    pilot_sites,
    review,
)
