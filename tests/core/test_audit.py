import pytest
from django.test import Client

from consortia.core import audit
from consortia.core.models import AuditEvent
from tests.factories.directory import OrganisationFactory


def test_record_takes_organisation_from_target(db):
    organisation = OrganisationFactory()

    event = audit.record("organisation.tested", target=organisation, data={"x": 1})

    assert (
        event.action,
        event.organisation_id,
        event.target_type,
        event.target_id,
        event.data,
    ) == (
        "organisation.tested",
        organisation.pk,
        "directory.organisation",
        str(organisation.pk),
        {"x": 1},
    )


def test_audit_events_cannot_be_changed_or_deleted(db):
    event = audit.record("something.happened")

    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.update(action="changed")

    assert AuditEvent.objects.get(pk=event.pk).action == "something.happened"


def test_request_id_reaches_the_audit_log_and_the_response(world):
    client = world.client("admin_a")

    response = client.post(
        f"/api/v1/organisations/{world.org_a.public_id}/invitations",
        {"email": "new.colleague@example.org", "role": "member"},
        content_type="application/json",
        headers={"X-Request-ID": "trace-123"},
    )

    assert response.status_code == 201
    assert response["X-Request-ID"] == "trace-123"
    assert AuditEvent.objects.get(action="invitation.created").request_id == "trace-123"


def test_unsafe_request_id_is_replaced(db):
    response = Client().get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})

    assert len(response["X-Request-ID"]) == 32
