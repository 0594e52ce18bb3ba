"""Writes for accounts: API tokens, suspending and reinstating accounts, erasing one's own."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock, privacy
from consortia.core.permissions import NotPermitted, is_operator, require

from .models import ApiToken, User, hash_token

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


def create_api_token(user: User, *, name: str) -> IssuedToken:
    """Issue a personal token; the raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValueError("A token needs a name")
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], key_hash=hash_token(raw), hint=raw[:8]
        )
        audit.record("api_token.created", actor=user, target=token, data={"name": token.name})
    return IssuedToken(token=token, raw=raw)


def revoke_api_token(token: ApiToken, *, by: User) -> ApiToken:
    require(token.user_id == by.pk, "Only the owner can revoke a token.")
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = clock.now()
            token.save(update_fields=["revoked_at"])
            audit.record("api_token.revoked", actor=by, target=token)
    return token


def authenticate_api_token(raw: str) -> User | None:
    """The active user owning this token, or None. Marks the token used (at most once a minute)."""
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _end_sessions(user: User) -> int:
    """Sign the user out everywhere (database sessions; cache sessions expire on their own)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def suspend_account(user: User, *, by: User, reason: str) -> User:
    """The operator stops an account: no sign-in, no sessions, no API tokens, no e-mail."""
    require(is_operator(by), _("Only the operator suspends accounts."))
    if user.pk == by.pk:
        raise NotPermitted(_("You cannot suspend your own account."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions = _end_sessions(user)
        audit.record(
            "account.suspended",
            actor=by,
            target=user,
            data={"reason": reason[:500], "sessions_ended": sessions},
        )
    return user


def reinstate_account(user: User, *, by: User) -> User:
    require(is_operator(by), _("Only the operator reinstates accounts."))
    if user.erased_at is not None:
        raise NotPermitted(_("An erased account cannot be reinstated."))
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record("account.reinstated", actor=by, target=user)
    return user


def erase_account(user: User, *, by: User, confirm: str) -> dict[str, int]:
    """The person erases their own account: every holding of every app (core.privacy) deletes,
    scrubs or keeps its rows about them, the account and the person are pseudonymised, and every
    session and token ends. ``confirm`` is the account's address, typed again. Returns the rows
    touched per section (also in the audit record, which names nobody)."""
    require(user.pk == by.pk, _("Only the person themselves erases their account."))
    if user.is_staff or user.is_superuser:
        raise NotPermitted(
            _(
                "Operator staff accounts are not erased here: another operator first ends the staff role."
            )
        )
    if user.erased_at is not None:
        raise NotPermitted(_("This account is already erased."))
    if (confirm or "").strip().lower() != user.email.lower():
        raise ValidationError({"confirm": _("Type your e-mail address exactly to confirm.")})
    reasons = privacy.obstacles(user)
    if reasons:
        raise NotPermitted(" ".join(reasons))
    return _erase(user)


def erase_again_after_restore(accounts: Iterable[tuple[int, datetime]]) -> list[int]:
    """A restored backup brings back accounts erased after it was made (``accounts``: id and
    joining time, read from the database it replaced): erase each again. Only an account whose
    id and joining time both match is touched, so a backup of another deployment (production
    restored over staging) never loses a stranger who shares an id. No confirmation and no
    sole-owner check: the person decided and was erased once; an organisation they now own alone
    again keeps its other members, and the operator gives it an owner. One account that fails is
    logged and the others go on. Returns the ids erased again."""
    again: list[int] = []
    for pk, joined in accounts:
        user = User.objects.filter(pk=pk, date_joined=joined, erased_at__isnull=True).first()
        if user is None:
            continue
        try:
            _erase(user, after_restore=True)
        except Exception:
            logger.exception("account %s could not be erased again after the restore", pk)
        else:
            again.append(pk)
    return again


def _erase(user: User, *, after_restore: bool = False) -> dict[str, int]:
    touched: dict[str, int] = {}
    with transaction.atomic():
        if User.objects.select_for_update().get(pk=user.pk).erased_at is not None:
            raise NotPermitted(_("This account is already erased."))  # by a request just before
        for holding in privacy.in_erasure_order():
            count = holding.apply(user)
            if count:
                touched[holding.section] = touched.get(holding.section, 0) + count
        erased_at = clock.now()
        User.objects.filter(pk=user.pk).update(erased_at=erased_at)
        sessions = _end_sessions(user)
        data: dict[str, Any] = {"rows": touched, "sessions_ended": sessions}
        if after_restore:
            data["after_restore"] = True
        audit.record("account.erased", target=user, data=data)
    # Outside the database too: a restore onto an empty database learns from the log whom to
    # erase again (deploy.md).
    logger.info("account erased: %s (joined %s)", user.pk, user.date_joined.isoformat())
    user.erased_at = erased_at
    return touched
