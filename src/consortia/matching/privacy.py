"""What recommendations hold about a person (core.privacy): "not interested" marks and what the
weekly digest suggested to them. Profiles are of organisations, offers, opportunities, events and
B2B participants, never of people."""

from consortia.core.privacy import Erase, Holding

HOLDINGS = [
    Holding(
        "matching.Dismissal",
        refs=("by",),
        erase=Erase.KEEP,
        mine="by_id",
        columns=("subject", "item", "created_at"),
        why='A "not interested" mark is made for an organisation, an offer or a participant '
        "and holds for its whole team until one of them undoes it; it names only the "
        "pseudonymised account.",
    ),
    Holding(
        "matching.Suggested",
        refs=("person",),
        erase=Erase.DELETE,
        mine="person__user_id",
        columns=("item", "suggested_at"),
    ),
    Holding(
        "matching.SuggestionRound",
        refs=("person",),
        erase=Erase.DELETE,
        mine="person__user_id",
        columns=("week", "created_at"),
    ),
]
