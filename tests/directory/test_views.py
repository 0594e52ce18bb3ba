from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.directory.models import Membership, Offer, Organisation, VerificationStatus
from tests.factories.directory import OfferFactory, OrganisationFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_directory_lists_only_verified_organisations(world):
    response = world.client("anonymous").get("/directory/")

    names = [o.name for o in response.context["page"]]
    assert response.status_code == 200
    assert names == ["Alpha Robotics", "Beta Payments"]


def test_directory_filters_combine(world):
    OrganisationFactory(
        name="Almaty Startup",
        kind="startup",
        country=world.org_a.country.__class__.objects.get(code="KZ"),
    )

    response = world.client("anonymous").get("/directory/?country=kz&kind=startup")

    assert [o.name for o in response.context["page"]] == ["Almaty Startup"]


def test_topic_area_filter_includes_its_topics(world):
    response = world.client("anonymous").get("/directory/?topic=digital-tech")

    assert [o.name for o in response.context["page"]] == ["Alpha Robotics"]


def test_unknown_filter_value_is_a_clear_400(world):
    response = world.client("anonymous").get("/directory/?country=ZZ&kind=bank")

    assert response.status_code == 400
    assert list(response.context["page"]) == []
    errors = response.context["form"].errors
    assert set(errors) == {"country", "kind"}
    assert "ZZ is not one of the available choices" in str(errors["country"])
    assert b'role="alert"' in response.content


def test_htmx_request_gets_only_the_results_fragment(world):
    response = world.client("anonymous").get("/directory/?q=alpha", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "Alpha Robotics" in body
    assert "<html" not in body


def test_russian_search_finds_english_profile_by_topic(world):
    response = world.client("anonymous").get(
        "/directory/", {"q": "искусственный"}, headers={"Accept-Language": "ru"}
    )

    assert [o.name for o in response.context["page"]] == ["Alpha Robotics"]
    assert "Каталог" in response.content.decode() or response.context["LANGUAGE_CODE"] == "ru"


def test_pending_organisation_page_is_404_for_outsiders_and_shows_to_owner(world):
    url = f"/directory/organisations/{world.pending.public_id}/"

    outsider, owner = world.client("member_b").get(url), world.client("member_a").get(url)

    assert outsider.status_code == 404
    assert "Pending Labs" not in outsider.content.decode()
    assert owner.status_code == 200
    assert "Waiting for verification" in owner.content.decode()


def test_contact_email_hidden_from_anonymous_shown_to_members(world):
    url = f"/directory/organisations/{world.org_a.public_id}/"

    anonymous, member = world.client("anonymous").get(url), world.client("member_b").get(url)

    assert world.org_a.contact_email not in anonymous.content.decode()
    assert world.org_a.contact_email in member.content.decode()


def test_person_email_visible_to_colleague_not_to_other_member(world):
    person = world.users["member_a"].person
    url = f"/directory/people/{person.public_id}/"

    colleague, other = world.client("admin_a").get(url), world.client("member_b").get(url)

    assert person.user.email in colleague.content.decode()
    assert person.user.email not in other.content.decode()


def test_register_form_with_errors_shows_them_and_saves_nothing(world):
    before = Organisation.objects.count()

    response = world.client("no_org").post(
        "/directory/register/",
        {"name": "", "kind": "corporation", "country": "RU", "language": "en", "stage": "mvp"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors
    assert Organisation.objects.count() == before


def test_register_form_service_error_lands_on_field(world):
    response = world.client("no_org").post(
        "/directory/register/",
        {"name": "Corp", "kind": "corporation", "country": "RU", "language": "en", "stage": "mvp"},
    )

    assert response.context["form"].errors["stage"] == ["Only startups have a stage."]
    assert not Organisation.objects.filter(name="Corp").exists()


def test_register_creates_pending_organisation_and_redirects(world):
    response = world.client("no_org").post(
        "/directory/register/",
        {
            "name": "Minsk Photonics",
            "kind": "startup",
            "country": "BY",
            "language": "ru",
            "stage": "mvp",
            "topics": ["photonics-lasers"],
        },
    )

    organisation = Organisation.objects.get(name="Minsk Photonics")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/organisations/{organisation.public_id}/"
    assert organisation.verification_status == VerificationStatus.PENDING
    assert Membership.objects.get(organisation=organisation).person.user == world.users["no_org"]


def test_oversized_logo_is_refused_and_old_logo_kept(world, settings):
    settings.CONSORTIA_MAX_LOGO_BYTES = 1024
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * 2048, content_type="image/png")

    response = world.client("admin_a").post(
        f"/directory/organisations/{world.org_a.public_id}/logo/upload/", {"logo": upload}
    )

    assert response.status_code == 400
    assert "too large" in response.content.decode()
    world.org_a.refresh_from_db()
    assert not world.org_a.logo


def test_logo_with_wrong_content_is_refused_whatever_its_name(world):
    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")

    response = world.client("admin_a").post(
        f"/directory/organisations/{world.org_a.public_id}/logo/upload/", {"logo": upload}
    )

    assert response.status_code == 400
    assert "PNG, JPEG or WebP" in response.content.decode()


def test_logo_upload_stores_generated_name_and_serves_it(world):
    upload = SimpleUploadedFile("../../etc/passwd.png", PNG, content_type="image/png")

    world.client("admin_a").post(
        f"/directory/organisations/{world.org_a.public_id}/logo/upload/", {"logo": upload}
    )
    served = world.client("anonymous").get(f"/directory/organisations/{world.org_a.public_id}/logo")

    world.org_a.refresh_from_db()
    assert world.org_a.logo.name.startswith("logos/") and "passwd" not in world.org_a.logo.name
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert b"".join(served.streaming_content) == PNG


def test_expired_offer_leaves_public_list_but_owner_still_sees_it(world):
    OfferFactory(organisation=world.org_a, title="Live offer")
    expired = OfferFactory(organisation=world.org_a, title="Old offer")
    Offer.objects.filter(pk=expired.pk).update(expires_on=clock.today() - timedelta(days=1))

    public = world.client("anonymous").get("/offers/")
    owner_page = world.client("member_a").get(f"/offers/{expired.public_id}/")

    assert [o.title for o in public.context["page"]] == ["Live offer"]
    assert owner_page.status_code == 200
    assert "Expired" in owner_page.content.decode()
    assert world.client("anonymous").get(f"/offers/{expired.public_id}/").status_code == 404


def test_operator_verifies_from_console(world):
    console = world.client("operator").get("/operator/")

    response = world.client("operator").post(
        f"/operator/organisations/{world.pending.public_id}/verify/"
    )

    assert [o.name for o in console.context["queue"]] == ["Pending Labs"]
    assert response.status_code == 302
    assert (
        Organisation.objects.get(pk=world.pending.pk).verification_status
        == VerificationStatus.VERIFIED
    )


def test_reject_without_reason_keeps_organisation_pending(world):
    response = world.client("operator").post(
        f"/operator/organisations/{world.pending.public_id}/reject/", {"reason": ""}, follow=True
    )

    assert "Give a reason" in response.content.decode()
    assert (
        Organisation.objects.get(pk=world.pending.pk).verification_status
        == VerificationStatus.PENDING
    )


@pytest.mark.parametrize("path", ["/operator/", "/admin/"])
def test_operator_without_totp_is_sent_to_set_it_up_when_required(world, settings, path):
    settings.CONSORTIA_OPERATOR_MFA = "required"

    response = world.client("operator").get(path)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_language_switch_sets_cookie_and_translates(world):
    client = world.client("anonymous")

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/directory/"})
    response = client.get("/directory/")

    assert response.context["LANGUAGE_CODE"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_owner_deletes_organisation_with_its_offers(world):
    owner = Membership.objects.get(organisation=world.org_a, role="owner").person.user
    OfferFactory(organisation=world.org_a)
    client = world.client("anonymous")
    client.force_login(owner)

    edit_page = client.get(f"/directory/organisations/{world.org_a.public_id}/edit/")
    response = client.post(f"/directory/organisations/{world.org_a.public_id}/delete/")

    assert "Delete Alpha Robotics" in edit_page.content.decode()
    assert response["Location"] == "/directory/mine/"
    assert not Organisation.objects.filter(pk=world.org_a.pk).exists()
    assert not Offer.objects.filter(organisation_id=world.org_a.pk).exists()
    assert AuditEvent.objects.filter(
        action="organisation.deleted", organisation_id=world.org_a.pk
    ).exists()


def test_admin_sees_no_delete_button(world):
    page = world.client("admin_a").get(f"/directory/organisations/{world.org_a.public_id}/edit/")

    assert "Delete Alpha Robotics" not in page.content.decode()
