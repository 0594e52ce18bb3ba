"""The agreement pages through Django's test client, on a real database."""

from datetime import date, timedelta

from consortia.agreements.models import Agreement, AgreementStatus, Commitment, ProgressReport
from consortia.core import clock
from tests.conftest import World
from tests.factories.directory import OrganisationFactory, country


def _record(world: World, role: str = "operator", **changes: str) -> Agreement:
    data = {
        "kind": "declaration",
        "title": "Moscow Declaration of Innovation Development",
        "language": "en",
        "states": ["KZ", "BY"],
        "organisations": f"{world.org_a.name}\n{world.org_b.name.upper()}",
        "topics": ["artificial-intelligence"],
        "visibility": "public",
        "value_amount": "",
        "value_currency": "",
    } | changes
    response = world.client(role).post("/agreements/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Agreement.objects.get(title=data["title"])


def test_operator_records_signs_and_follows_a_declaration(world: World):
    agreement = _record(world)
    client = world.client("operator")

    signed = client.post(
        f"/agreements/{agreement.public_id}/sign/",
        {"signed_on": "2024-09-12", "place": "Moscow", "country": "RU", "event": "Forum"},
    )
    client.post(f"/agreements/{agreement.public_id}/in-force/")
    client.post(
        f"/agreements/{agreement.public_id}/commitments/",
        {
            "text": "Hold the forum every year",
            "responsible": str(agreement.parties.get(organisation=world.org_a).pk),
        },
    )

    agreement.refresh_from_db()
    assert signed.status_code == 302
    assert (agreement.status, agreement.signed_on) == (AgreementStatus.IN_FORCE, date(2024, 9, 12))
    assert sorted(agreement.countries.values_list("code", flat=True)) == sorted(
        {"KZ", "BY", world.org_a.country_id, world.org_b.country_id}
    )
    page = client.get(f"/agreements/{agreement.public_id}/").content.decode()
    assert "Hold the forum every year" in page
    assert "Government of Kazakhstan" in page
    assert "agreement.in_force" in page  # the history
    # Signed in 2024 and never reported on: silent for over 12 months.
    assert 'class="light light-red"' in page


def test_unknown_organisation_names_are_named_back(world: World):
    response = world.client("operator").post(
        "/agreements/new/",
        {
            "kind": "memorandum",
            "title": "MoU",
            "language": "en",
            "organisations": "Nowhere Ltd\nAlpha Robotics",
            "visibility": "public",
        },
    )

    assert response.status_code == 400
    assert "Nowhere Ltd" in response.content.decode()
    assert Agreement.objects.count() == 0


def test_ambiguous_organisation_name_is_refused(world: World):
    OrganisationFactory(name=world.org_a.name, country=country("CN"))

    response = world.client("operator").post(
        "/agreements/new/",
        {
            "kind": "memorandum",
            "title": "MoU",
            "language": "en",
            "organisations": world.org_a.name,
            "visibility": "public",
        },
    )

    assert response.status_code == 400
    assert Agreement.objects.count() == 0


def test_responsible_admin_reports_progress_and_the_light_turns_green(world: World):
    agreement = _record(world)
    operator = world.client("operator")
    operator.post(f"/agreements/{agreement.public_id}/sign/", {"signed_on": "2024-09-12"})
    operator.post(
        f"/agreements/{agreement.public_id}/commitments/",
        {
            "text": "Open a lab",
            "responsible": str(agreement.parties.get(organisation=world.org_a).pk),
        },
    )
    commitment = Commitment.objects.get()
    assert commitment.light == "red"

    response = world.client("admin_a").post(
        f"/agreements/commitments/{commitment.public_id}/report/",
        {
            "text": "Lab opened in Kazan",
            "evidence_url": "https://example.org/lab",
            "status": "in_progress",
        },
    )

    commitment.refresh_from_db()
    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (commitment.light, agreement.light) == ("green", "green")
    assert ProgressReport.objects.get().text == "Lab opened in Kazan"
    registry = world.client("anonymous").get("/agreements/?light=green").content.decode()
    assert agreement.title in registry


def test_timeline_groups_by_year_and_filters(world: World):
    operator = world.client("operator")
    for title, signed_on in [
        ("First", "2019-10-22"),
        ("Second", "2024-03-01"),
        ("Third", "2024-11-05"),
    ]:
        agreement = _record(world, title=title)
        operator.post(f"/agreements/{agreement.public_id}/sign/", {"signed_on": signed_on})

    page = world.client("anonymous").get("/agreements/timeline/").content.decode()

    assert page.index('id="y2024"') < page.index('id="y2019"')
    assert page.index("Third") < page.index("Second") < page.index("First")
    filtered = world.client("anonymous").get("/agreements/?year=2019").content.decode()
    assert "First" in filtered and "Second" not in filtered


def test_timeline_shows_the_latest_few_of_a_year_and_links_to_the_rest(world: World):
    from django.contrib.auth.models import AnonymousUser

    from consortia.agreements import selectors

    operator = world.client("operator")
    for day in range(1, 15):
        agreement = _record(world, title=f"Memorandum of March {day:02d}")
        operator.post(
            f"/agreements/{agreement.public_id}/sign/", {"signed_on": f"2024-03-{day:02d}"}
        )

    (year,) = selectors.timeline(AnonymousUser(), selectors.RegistryFilters(), per_year=12)
    page = world.client("anonymous").get("/agreements/timeline/").content.decode()

    assert (year.year, year.count) == (2024, 14)
    assert [a.title for a in year.agreements] == [
        f"Memorandum of March {day:02d}" for day in range(14, 2, -1)
    ]
    assert "Memorandum of March 02" not in page
    assert "/agreements/?year=2024" in page


def test_parties_only_agreement_is_absent_from_lists_of_others(world: World):
    secret = _record(
        world,
        title="Confidential pilot memorandum",
        visibility="parties",
        organisations=world.org_a.name,
    )
    world.client("operator").post(
        f"/agreements/{secret.public_id}/sign/",
        {"signed_on": str(clock.today() - timedelta(days=1))},
    )

    for role in ["anonymous", "no_org", "member_b"]:
        for url in ["/agreements/", "/agreements/timeline/", "/agreements/?q=confidential"]:
            assert "Confidential pilot" not in world.client(role).get(url).content.decode(), (
                role,
                url,
            )
    # Organisation A is a party: its members see it.
    assert (
        "Confidential pilot" in world.client("member_a").get("/agreements/mine/").content.decode()
    )


def test_a_month_known_signing_shows_only_the_month(world: World):
    agreement = _record(world)

    world.client("operator").post(
        f"/agreements/{agreement.public_id}/sign/",
        {"signed_on": "2023-08-01", "precision": "month"},
    )

    agreement.refresh_from_db()
    page = world.client("anonymous").get(f"/agreements/{agreement.public_id}/").content.decode()
    registry = world.client("anonymous").get("/agreements/").content.decode()
    assert agreement.signed_on_precision == "month"
    assert '<time datetime="2023-08">August 2023</time>' in page
    assert '<time datetime="2023-08">August 2023</time>' in registry
    assert "Aug. 1, 2023" not in page
