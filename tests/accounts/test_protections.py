"""What protects an account: sign-in throttling (also for the admin), MFA for operator staff
that a password reset does not get round, and deactivation that ends every session and token."""

import re
import time
from typing import Any

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client

from consortia.accounts.models import ApiToken
from consortia.accounts.services import create_api_token, suspend_account

from ..factories.accounts import PASSWORD, UserFactory
from ..factories.directory import PersonFactory

TOO_MANY = "Too many failed login attempts"


def _sign_in(email: str, password: str, address: str = "203.0.113.7", client: Client | None = None):
    return (client or Client(REMOTE_ADDR=address)).post(
        "/accounts/login/", {"login": email, "password": password}
    )


def _signed_in(client: Client) -> bool:
    return client.get("/accounts/email/").status_code == 200


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """allauth's rate limits read time.time(): a clock the test moves."""

    class Clock:
        now = time.time()

        def time(self) -> float:
            return self.now

        def monotonic(self) -> float:
            return time.monotonic()

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    moved = Clock()
    monkeypatch.setattr(allauth_ratelimit, "time", moved)
    return moved


def test_the_eleventh_failed_sign_in_from_one_address_in_a_minute_is_refused(db, clock):
    people = [UserFactory() for _ in range(12)]

    tries = [_sign_in(person.email, "wrong-password") for person in people[:10]]
    eleventh = _sign_in(people[10].email, "wrong-password")
    right_password = Client(REMOTE_ADDR="203.0.113.7")
    refused = _sign_in(people[11].email, PASSWORD, client=right_password)
    elsewhere = _sign_in(people[11].email, PASSWORD, address="198.51.100.4")
    clock.now += 61
    later = Client(REMOTE_ADDR="203.0.113.7")
    _sign_in(people[11].email, PASSWORD, client=later)

    assert all(TOO_MANY not in r.content.decode() for r in tries)
    assert all("email address and/or password" in r.content.decode() for r in tries)
    assert TOO_MANY in eleventh.content.decode()
    assert TOO_MANY in refused.content.decode() and not _signed_in(right_password)
    assert elsewhere.status_code == 302  # another address is not held back
    assert _signed_in(later)  # a minute later the address may try again


def test_the_sixth_failed_sign_in_for_one_account_in_five_minutes_is_refused(db, clock):
    person = UserFactory()

    tries = [_sign_in(person.email, "wrong", address=f"192.0.2.{n}") for n in range(1, 6)]
    right_password = Client(REMOTE_ADDR="192.0.2.99")
    sixth = _sign_in(person.email, PASSWORD, client=right_password)
    clock.now += 4 * 60
    still = _sign_in(person.email, PASSWORD, address="192.0.2.100")
    clock.now += 61
    later = Client(REMOTE_ADDR="192.0.2.101")
    _sign_in(person.email, PASSWORD, client=later)

    assert all(TOO_MANY not in r.content.decode() for r in tries)
    assert TOO_MANY in sixth.content.decode() and not _signed_in(right_password)
    assert TOO_MANY in still.content.decode()
    assert _signed_in(later)


def test_the_admin_signs_in_through_the_same_throttled_page(db, clock):
    operator = UserFactory(is_staff=True, is_superuser=True)

    page = Client().get("/admin/login/")
    for n in range(5):
        _sign_in(operator.email, "wrong", address=f"192.0.2.{n + 1}")
    client = Client(REMOTE_ADDR="192.0.2.50")
    refused = client.post(
        "/accounts/login/?next=/admin/", {"login": operator.email, "password": PASSWORD}
    )

    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert TOO_MANY in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_operator_staff_must_set_up_totp_before_the_console_or_the_admin(db, settings):
    settings.CONSORTIA_OPERATOR_MFA = "required"
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)

    console = client.get("/operator/")
    admin = client.get("/admin/")

    assert console.status_code == admin.status_code == 302
    assert console["Location"] == admin["Location"] == "/accounts/2fa/totp/activate/"


def test_a_password_reset_does_not_get_round_the_second_factor(db, settings):
    settings.CONSORTIA_OPERATOR_MFA = "required"
    operator = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(operator, generate_totp_secret())
    client = Client()

    client.post("/accounts/password/reset/", {"email": operator.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "Fresh-Steppe-Wind-42", "password2": "Fresh-Steppe-Wind-42"},
    )
    after_reset = client.get("/operator/")
    signed = _sign_in(operator.email, "Fresh-Steppe-Wind-42", client=client)

    assert after_reset.status_code == 302 and after_reset["Location"].startswith("/accounts/login/")
    assert signed.status_code == 302 and signed["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/operator/").status_code == 302  # not signed in without the code
    assert not _signed_in(client)
    assert Authenticator.objects.filter(user=operator, type="totp").exists()


def test_a_suspended_account_loses_every_session_and_token(db):
    operator = UserFactory(is_staff=True)
    person = PersonFactory().user
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(person)
    raw = create_api_token(person, name="CRM").raw
    before = [_signed_in(browser) for browser in browsers]
    api_before = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    suspend_account(person, by=operator, reason="Spam")
    signed_again = _sign_in(person.email, PASSWORD)

    assert before == [True, True] and api_before.status_code == 200
    assert (
        Client()
        .get(
            "/api/v1/me",
            headers={"Authorization": f"Bearer {create_api_token(operator, name='x').raw}"},
        )
        .status_code
        == 404
    )  # no person: 404, not an error
    assert [_signed_in(browser) for browser in browsers] == [False, False]
    api_after = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api_after.status_code == 401
    assert signed_again.status_code != 302 or "/accounts/inactive/" in signed_again["Location"]
    assert ApiToken.objects.filter(user=person).exists()  # kept for the record, not usable


def test_an_account_switched_off_in_the_database_is_signed_out_at_once(db):
    person = PersonFactory().user
    browser = Client()
    browser.force_login(person)
    raw = create_api_token(person, name="CRM").raw

    type(person).objects.filter(pk=person.pk).update(is_active=False)

    assert not _signed_in(browser)
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_the_admin_cannot_switch_an_account_off_around_the_suspension(db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    person = UserFactory()

    page = client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()

    assert 'name="is_active"' not in page
    assert "Suspend accounts on the operator console" in page
