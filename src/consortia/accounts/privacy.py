"""What accounts hold about a person (core.privacy): the account itself, its tokens, e-mail
addresses and authenticators (allauth), its groups, and the admin's log."""

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from consortia.core.privacy import Erase, Holding

from .models import User

ERASED_DOMAIN = "erased.invalid"


def pseudonymous_email(user: Any) -> str:
    """The address an erased account keeps: unique, and in a domain that never receives mail."""
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def _scrub_account(rows: QuerySet[User], user: Any) -> None:
    rows.update(
        email=pseudonymous_email(user),
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
        last_login=None,
    )


def _log_about(user: Any) -> QuerySet[LogEntry]:
    """Admin log entries whose object is this account or its person: they name it by address."""
    about = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )
    person = getattr(user, "person", None)
    if person is not None:
        about |= LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(person)), object_id=str(person.pk)
        )
    return about


HOLDINGS = [
    Holding(
        "accounts.User",
        refs=(),
        erase=Erase.SCRUB,
        mine="pk",
        columns=("email", "date_joined", "last_login", "is_staff"),
        scrub=_scrub_account,
    ),
    Holding(
        "accounts.User_groups",
        refs=("user",),
        erase=Erase.DELETE,
        mine=lambda user: User.groups.through.objects.filter(user_id=user.pk),
        columns=("group__name",),
    ),
    Holding(
        "accounts.User_user_permissions",
        refs=("user",),
        erase=Erase.DELETE,
        mine=lambda user: User.user_permissions.through.objects.filter(user_id=user.pk),
        columns=("permission__codename",),
    ),
    Holding(
        "accounts.ApiToken",
        refs=("user",),
        erase=Erase.DELETE,
        mine="user_id",
        columns=("name", "hint", "created_at", "last_used_at", "revoked_at"),
    ),
    Holding(
        "account.EmailAddress",
        refs=("user",),
        erase=Erase.DELETE,
        mine="user_id",
        columns=("email", "verified", "primary"),
    ),
    Holding(
        "mfa.Authenticator",
        refs=("user",),
        erase=Erase.DELETE,
        mine="user_id",
        columns=("type", "created_at", "last_used_at"),
        why="The authenticator's secret and recovery codes are not exported: they would let "
        "whoever holds the file pass the second factor.",
    ),
    Holding(
        "admin.LogEntry",
        refs=("user",),
        erase=Erase.KEEP,
        mine="user_id",
        columns=("action_time", "content_type__model", "object_repr", "action_flag"),
        why="What staff did in the admin is the operator's record; it names only the "
        "pseudonymised account.",
    ),
    Holding(
        "admin.LogEntry",
        refs=(),
        erase=Erase.SCRUB,
        mine=_log_about,
        scrub=lambda rows, user: rows.update(object_repr=pseudonymous_email(user)),
        why="Entries about the account name it by its address; they are the operator's record "
        "and are not exported, the address in them is replaced.",
    ),
]
