"""Shared fixtures: the five roles every permission test uses, on real databases."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from consortia.directory.models import Organisation, Role, VerificationStatus
from consortia.matching import live

from .factories.accounts import PASSWORD, UserFactory
from .factories.directory import MembershipFactory, OrganisationFactory, PersonFactory
from .smtp import Mailbox, send_mail_to, smtp_server


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """pytest-django's hook before the test database is made: on SQLite, remove a -wal or -shm
    file a killed run may have left beside it. Django deletes only the database file, and SQLite
    would replay a stale log into the new one."""
    for alias in connections:
        connection = connections[alias]
        name = connection.settings_dict.get("TEST", {}).get("NAME")
        if connection.vendor == "sqlite" and name:
            for suffix in ("-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fresh cache per test: allauth keeps its rate limits there.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.CONSORTIA_OPERATOR_MFA = "optional"
    settings.LANGUAGE_CODE = "en"
    # Argon2 is deliberately slow; tests that need it check the production setting directly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Long tasks run inline, inside the test's transaction; tests of the thread turn it on.
    settings.CONSORTIA_BACKGROUND_THREADS = False
    # Each test's database starts afresh: so does this process's recommendation index.
    live.forget()


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server on localhost that Django sends all mail to."""
    with smtp_server() as box:
        send_mail_to(settings, box)
        yield box


@dataclass
class World:
    """Organisation A (verified) with an owner, an admin and a member; organisation B (verified)
    with a member; a pending organisation owned by A's member; an operator; a signed-in person
    without organisation."""

    org_a: Organisation
    org_b: Organisation
    pending: Organisation
    users: dict[str, Any]

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


ROLES = ["anonymous", "no_org", "member_a", "admin_a", "member_b", "operator"]


@pytest.fixture
def world(db: Any) -> World:
    org_a = OrganisationFactory(name="Alpha Robotics", topics=["artificial-intelligence"])
    org_b = OrganisationFactory(name="Beta Payments", topics=["digital-payments"])
    owner_a = MembershipFactory(organisation=org_a, role=Role.OWNER)
    admin_a = MembershipFactory(organisation=org_a, role=Role.ADMIN)
    member_a = MembershipFactory(organisation=org_a, role=Role.MEMBER)
    member_b = MembershipFactory(organisation=org_b, role=Role.MEMBER)
    pending = OrganisationFactory(
        name="Pending Labs", verification_status=VerificationStatus.PENDING, verified_at=None
    )
    MembershipFactory(organisation=pending, person=member_a.person, role=Role.OWNER)
    operator = UserFactory(is_staff=True)
    PersonFactory(user=operator, full_name="Operator Person")
    no_org = PersonFactory(full_name="Lonely Person").user
    users = {
        "owner_a": owner_a.person.user,
        "admin_a": admin_a.person.user,
        "member_a": member_a.person.user,
        "member_b": member_b.person.user,
        "operator": operator,
        "no_org": no_org,
    }
    return World(org_a=org_a, org_b=org_b, pending=pending, users=users)


__all__ = ["PASSWORD", "ROLES", "World"]
