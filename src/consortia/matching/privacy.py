"""What recommendations hold about a person (core.privacy): "not interested" marks and what the
weekly digest suggested to them. Profiles are of organisations, offers, opportunities, events and
B2B participants, never of people."""

from consortia.core.privacy import Erase, Holding

from .models import Dismissal, Suggested, SuggestionRound

HOLDINGS = [
    Holding(
        "matching.Dismissal",
        refs=("by",),
        erase=Erase.KEEP,
        mine=lambda user: Dismissal.objects.filter(by_id=user.pk),
        columns=("subject", "item", "created_at"),
        why='A "not interested" mark is made for an organisation, an offer or a participant '
        "and holds for its whole team until one of them undoes it; it names only the "
        "pseudonymised account.",
    ),
    Holding(
        "matching.Suggested",
        refs=("person",),
        erase=Erase.DELETE,
        mine=lambda user: Suggested.objects.filter(person__user_id=user.pk),
        columns=("item", "suggested_at"),
    ),
    Holding(
        "matching.SuggestionRound",
        refs=("person",),
        erase=Erase.DELETE,
        mine=lambda user: SuggestionRound.objects.filter(person__user_id=user.pk),
        columns=("week", "created_at"),
    ),
]
