"""Messaging over REST: the same selectors and services as the web pages.

Everything in a conversation is fetched through ``*_visible_to`` selectors, so a person who does
not take part gets 404, never 403. Conversations, messages, attachments, contact requests and
people are named by their public UUID; notifications and reports by their number.
"""

from ninja import Router

router = Router(tags=["messaging"])

from . import contacts, conversations, notifications  # noqa: E402,F401  (register the operations)
