"""Agreements over REST: the same selectors and services as the registry pages.

Agreements, commitments and documents are named by their public UUID and fetched through the
``*_visible_to`` selectors, so an agreement someone may not see is 404, never 403. Their paths
take only UUIDs (``{uuid:…}``), so ``/agreements/export.csv`` is never read as an id.
"""

from ninja import Router

router = Router(tags=["agreements"])

from . import agreements, commitments, documents, exports  # noqa: E402,F401  (register them)
