import re

from django.core import mail
from django.test import Client

from consortia.accounts.models import ApiToken, User
from consortia.directory.models import Person


def _sign_up(client: Client, **overrides: str):
    data = {
        "full_name": "Айгерим Сапарова",
        "email": "aigerim@astanahub.example",
        "password1": "Stepp3-Nomad-Ledger",
        "password2": "Stepp3-Nomad-Ledger",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_sign_up_creates_person_in_visitors_language_and_mails_confirmation_in_it(db):
    client = Client(headers={"Accept-Language": "ru"})

    response = _sign_up(client)

    person = Person.objects.get(user__email="aigerim@astanahub.example")
    assert response.status_code == 302
    assert (person.full_name, person.ui_language) == ("Айгерим Сапарова", "ru")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigerim@astanahub.example"]
    assert "Подтвердите" in message.subject or "подтвер" in message.body.lower()
    assert re.search(r"http://testserver/accounts/confirm-email/[-:\w]+/", message.body)


def test_sign_up_with_bad_input_names_fields_and_creates_nothing(db):
    response = _sign_up(Client(), full_name=" ", email="not-an-address", password2="different")

    errors = response.context["form"].errors
    assert set(errors) >= {"full_name", "email"}
    assert not User.objects.exists()
    assert not Person.objects.exists()


def test_token_is_shown_once_and_works_until_revoked(world):
    client = world.client("member_b")

    created = client.post("/accounts/tokens/", {"name": "CRM sync"})
    raw = re.search(r'<code id="new-token">(cst_[\w-]+)</code>', created.content.decode()).group(1)
    listing = client.get("/accounts/tokens/").content.decode()
    before = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    client.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/")
    after = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert raw not in listing
    assert ApiToken.objects.get().key_hash != raw
    assert (
        before.status_code == 200
        and before.json()["full_name"] == world.users["member_b"].person.full_name
    )
    assert after.status_code == 401
    assert ApiToken.objects.get().last_used_at is not None


def test_allauth_pages_use_the_platform_layout(db):
    response = Client().get("/accounts/signup/")

    body = response.content.decode()
    assert '<a href="/" class="brand">' in body
    assert "Menu:" not in body  # allauth's bare layout


def test_password_reset_by_mailed_link(world):
    user = world.users["member_b"]
    client = Client()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    ).group(1)

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Fresh-Steppe-Wind-42", "password2": "Fresh-Steppe-Wind-42"},
    )

    assert mail.outbox[0].to == [user.email]
    assert client.login(email=user.email, password="Fresh-Steppe-Wind-42")


def test_chinese_visitor_sees_sign_up_in_chinese(db):
    response = Client(headers={"Accept-Language": "zh-hans"}).get("/accounts/signup/")

    body = response.content.decode()
    assert "注册" in body
    assert '<html lang="zh-hans">' in body


def test_signed_in_person_gets_their_interface_language(world):
    person = world.users["member_b"].person
    person.ui_language = "ru"
    person.save(update_fields=["ui_language"])

    response = world.client("member_b").get("/directory/")

    assert '<html lang="ru">' in response.content.decode()
