"""Documents of agreements: the service, the pages and the API, on a real database and storage."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consortia.agreements import selectors, services
from consortia.agreements.models import Agreement, AgreementDocument
from consortia.agreements.services import PartyIn
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import ANONYMOUS, NotPermitted
from tests.conftest import ROLES, World

V1 = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXECUTABLE = b"MZ" + b"\x00" * 64


def _agreement(world: World, visibility: str = "public") -> Agreement:
    """In force, with organisation A and Kazakhstan as parties."""
    operator = world.users["operator"]
    agreement = services.record_agreement(
        by=operator,
        kind="memorandum",
        title=f"Memorandum ({visibility})",
        language="en",
        visibility=visibility,
        parties=[PartyIn(organisation=world.org_a), PartyIn(state="KZ")],
    )
    services.sign_agreement(agreement, by=operator, signed_on=clock.today())
    return services.bring_into_force(agreement, by=operator)


def _pdf(name: str = "memorandum.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _add(world: World, agreement: Agreement, *files: SimpleUploadedFile) -> AgreementDocument:
    [document] = services.add_documents(
        agreement, by=world.users["admin_a"], files=list(files or [_pdf()])
    )
    return document


def _stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def _download(response: Any) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


# --- The service ----------------------------------------------------------------------------
def test_add_documents_stores_each_file_under_a_generated_name_with_its_checked_type(
    world: World, settings: Any
):
    agreement = _agreement(world)

    added = services.add_documents(
        agreement,
        by=world.users["admin_a"],
        files=[_pdf("Меморандум.pdf"), SimpleUploadedFile("../../signatures.png", PNG)],
    )

    assert [(d.title, d.original_name, d.content_type, d.size) for d in added] == [
        ("Меморандум.pdf", "Меморандум.pdf", "application/pdf", len(PDF)),
        ("signatures.png", "signatures.png", "image/png", len(PNG)),
    ]
    first = added[0]
    assert first.file.name == f"agreements/{first.public_id.hex[:2]}/{first.public_id.hex}"
    assert (settings.MEDIA_ROOT / first.file.name).read_bytes() == PDF
    assert first.uploaded_by == world.users["admin_a"]
    assert list(agreement.documents.all()) == added
    assert list(
        AuditEvent.objects.filter(action="agreement.document_added")
        .order_by("id")
        .values_list("target_id", "data")
    ) == [
        (str(agreement.pk), {"document": str(d.public_id), "name": d.original_name}) for d in added
    ]


def test_add_documents_gives_every_file_the_title(world: World):
    agreement = _agreement(world)

    [document] = services.add_documents(
        agreement, by=world.users["operator"], files=[_pdf()], title="  Text of the memorandum "
    )

    assert (document.title, document.original_name) == ("Text of the memorandum", "memorandum.pdf")


def test_executable_named_pdf_is_refused_naming_the_file_and_nothing_is_stored(
    world: World, settings: Any
):
    agreement = _agreement(world)

    with pytest.raises(ValidationError) as refused:
        services.add_documents(
            agreement,
            by=world.users["admin_a"],
            files=[_pdf(), _pdf("annex.pdf", EXECUTABLE)],
        )

    assert refused.value.message_dict == {
        "files": [
            "annex.pdf is not a file type we accept: send PDF, office documents, images or "
            "plain text."
        ]
    }
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []
    assert not AuditEvent.objects.filter(action="agreement.document_added").exists()


def test_too_large_file_is_refused(world: World, settings: Any):
    settings.CONSORTIA_MAX_ATTACHMENT_BYTES = 100
    agreement = _agreement(world)

    with pytest.raises(ValidationError) as refused:
        services.add_documents(
            agreement, by=world.users["admin_a"], files=[_pdf("scan.pdf", PDF + b" " * 100)]
        )

    assert refused.value.message_dict == {
        "files": ["scan.pdf is too large: at most 100\xa0bytes per file."]
    }
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_too_many_files_at_once_are_refused(world: World, settings: Any):
    settings.CONSORTIA_MAX_ATTACHMENTS = 2
    agreement = _agreement(world)

    with pytest.raises(ValidationError) as refused:
        services.add_documents(agreement, by=world.users["admin_a"], files=[_pdf(), _pdf(), _pdf()])

    assert refused.value.message_dict == {"files": ["Attach at most 2 files at once."]}
    assert AgreementDocument.objects.count() == 0


def test_no_files_and_a_long_title_are_refused(world: World):
    agreement = _agreement(world)

    with pytest.raises(ValidationError) as no_files:
        services.add_documents(agreement, by=world.users["admin_a"], files=[])
    with pytest.raises(ValidationError) as long_title:
        services.add_documents(
            agreement, by=world.users["admin_a"], files=[_pdf()], title="x" * 301
        )

    assert no_files.value.message_dict == {"files": ["Choose at least one file."]}
    assert long_title.value.message_dict == {"title": ["At most 300 characters."]}
    assert AgreementDocument.objects.count() == 0


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_only_editors_add_documents(world: World, settings: Any, role: str):
    agreement = _agreement(world)

    with pytest.raises(NotPermitted):
        services.add_documents(agreement, by=world.users[role], files=[_pdf()])

    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_a_failed_write_leaves_no_row_and_no_file(world: World, settings: Any, monkeypatch: Any):
    agreement = _agreement(world)

    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("consortia.agreements.services.documents.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        services.add_documents(agreement, by=world.users["admin_a"], files=[_pdf(), _pdf()])

    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_remove_document_deletes_the_file_once_committed(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
):
    agreement = _agreement(world)
    document = _add(world, agreement)
    stored = settings.MEDIA_ROOT / document.file.name
    fetched = selectors.document_detail(world.users["admin_a"]).get(pk=document.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_document(fetched, by=world.users["admin_a"])
        assert stored.exists()  # still there until the deletion commits
    for callback in callbacks:
        callback()

    assert not stored.exists()
    assert AgreementDocument.objects.count() == 0
    event = AuditEvent.objects.get(action="agreement.document_removed")
    assert (event.target_id, event.data) == (
        str(agreement.pk),
        {"document": str(document.public_id), "name": "memorandum.pdf"},
    )


def test_only_editors_remove_documents(world: World, settings: Any):
    document = _add(world, _agreement(world))
    fetched = selectors.document_detail(world.users["member_a"]).get(pk=document.pk)

    with pytest.raises(NotPermitted):
        services.remove_document(fetched, by=world.users["member_a"])

    assert AgreementDocument.objects.get() == document
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PDF


# --- Who sees them --------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_documents_are_visible_exactly_when_the_agreement_is(world: World, role: str):
    public, secret = _agreement(world), _agreement(world, "parties")
    documents = {_add(world, public).pk: public.pk, _add(world, secret).pk: secret.pk}
    user = world.users.get(role, ANONYMOUS)

    seen = set(selectors.documents_visible_to(user).values_list("pk", flat=True))

    agreements = set(selectors.agreements_visible_to(user).values_list("pk", flat=True))
    assert seen == {pk for pk, agreement in documents.items() if agreement in agreements}
    assert len(seen) == (2 if role in {"member_a", "admin_a", "operator"} else 1)


# --- The pages ------------------------------------------------------------------------------
def test_upload_on_the_page_then_download_the_same_bytes(world: World):
    agreement = _agreement(world)
    client = world.client("admin_a")

    response = client.post(
        f"/agreements/{agreement.public_id}/documents/",
        {"files": [_pdf(), SimpleUploadedFile("signatures.png", PNG)], "title": ""},
        follow=True,
    )

    assert response.redirect_chain == [(f"/agreements/{agreement.public_id}/", 302)]
    page = response.content.decode()
    assert "2 documents added." in page
    assert "memorandum.pdf" in page and "signatures.png" in page
    document = agreement.documents.get(original_name="memorandum.pdf")
    assert f"/agreements/documents/{document.public_id}/" in page
    download = world.client("member_b").get(f"/agreements/documents/{document.public_id}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="memorandum.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert _download(download) == PDF


def test_the_page_shows_the_upload_form_and_delete_buttons_to_editors_only(world: World):
    agreement = _agreement(world)
    document = _add(world, agreement)
    url = f"/agreements/{agreement.public_id}/"

    editor = world.client("admin_a").get(url).content.decode()
    member = world.client("member_a").get(url).content.decode()
    anonymous = Client().get(url).content.decode()

    form = 'enctype="multipart/form-data"'
    delete = f"/agreements/documents/{document.public_id}/delete/"
    assert form in editor and delete in editor
    assert "agreement.document_added" in editor  # the history
    for page in (member, anonymous):
        assert "memorandum.pdf" in page
        assert f"/agreements/documents/{document.public_id}/" in page
        assert form not in page and delete not in page


def test_a_refused_file_is_named_back_on_the_page_and_nothing_is_stored(
    world: World, settings: Any
):
    agreement = _agreement(world)

    response = world.client("admin_a").post(
        f"/agreements/{agreement.public_id}/documents/",
        {"files": [_pdf("annex.pdf", EXECUTABLE)]},
        follow=True,
    )

    assert response.redirect_chain == [(f"/agreements/{agreement.public_id}/", 302)]
    assert "annex.pdf is not a file type we accept" in response.content.decode()
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_a_parties_only_document_is_404_for_others(world: World):
    document = _add(world, _agreement(world, "parties"))

    response = world.client("member_b").get(f"/agreements/documents/{document.public_id}/")

    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_non_editor_gets_403_on_upload_and_nothing_is_stored(world: World, settings: Any):
    agreement = _agreement(world)

    response = world.client("member_a").post(
        f"/agreements/{agreement.public_id}/documents/", {"files": [_pdf()]}
    )

    assert response.status_code == 403
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_an_editor_deletes_a_document_on_the_page(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
):
    agreement = _agreement(world)
    document = _add(world, agreement)

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("operator").post(
            f"/agreements/documents/{document.public_id}/delete/", follow=True
        )

    assert response.redirect_chain == [(f"/agreements/{agreement.public_id}/", 302)]
    assert "Document removed: memorandum.pdf." in response.content.decode()
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


# --- The API --------------------------------------------------------------------------------
def test_api_lists_the_documents_with_every_field(world: World):
    agreement = _agreement(world)
    document = _add(world, agreement)

    response = Client().get(f"{V1}/agreements/{agreement.public_id}/documents")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": str(document.public_id),
                "title": "memorandum.pdf",
                "name": "memorandum.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "uploaded_at": response.json()["items"][0]["uploaded_at"],
                "url": f"{V1}/agreements/documents/{document.public_id}",
            }
        ],
    }


def test_api_upload_then_download_the_same_bytes(world: World):
    agreement = _agreement(world)
    client = world.client("admin_a")

    response = client.post(
        f"{V1}/agreements/{agreement.public_id}/documents",
        {"files": [_pdf(), SimpleUploadedFile("signatures.png", PNG)], "title": "Signed text"},
    )

    assert response.status_code == 201
    body = response.json()
    assert [(d["title"], d["name"], d["content_type"]) for d in body] == [
        ("Signed text", "memorandum.pdf", "application/pdf"),
        ("Signed text", "signatures.png", "image/png"),
    ]
    download = Client().get(body[1]["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="signatures.png"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert _download(download) == PNG


def test_api_refused_file_is_422_on_files_and_nothing_is_stored(world: World, settings: Any):
    agreement = _agreement(world)

    response = world.client("admin_a").post(
        f"{V1}/agreements/{agreement.public_id}/documents",
        {"files": [_pdf("annex.pdf", EXECUTABLE)]},
    )

    assert response.status_code == 422
    assert [(e["field"], e["message"][:30]) for e in response.json()["errors"]] == [
        ("files", "annex.pdf is not a file type w")
    ]
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_api_upload_without_files_is_422(world: World):
    agreement = _agreement(world)

    response = world.client("admin_a").post(
        f"{V1}/agreements/{agreement.public_id}/documents", {"title": "Nothing"}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["files"]


def test_api_non_editor_gets_403_and_an_outsider_404(world: World, settings: Any):
    public, secret = _agreement(world), _agreement(world, "parties")

    denied = world.client("member_a").post(
        f"{V1}/agreements/{public.public_id}/documents", {"files": [_pdf()]}
    )
    hidden = world.client("member_b").post(
        f"{V1}/agreements/{secret.public_id}/documents", {"files": [_pdf()]}
    )

    assert (denied.status_code, hidden.status_code) == (403, 404)
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


def test_api_parties_only_document_is_404_to_outsiders(world: World):
    agreement = _agreement(world, "parties")
    document = _add(world, agreement)

    listed = world.client("member_b").get(f"{V1}/agreements/{agreement.public_id}/documents")
    download = world.client("member_b").get(f"{V1}/agreements/documents/{document.public_id}")
    removed = world.client("member_b").delete(f"{V1}/agreements/documents/{document.public_id}")

    assert (listed.status_code, download.status_code, removed.status_code) == (404, 404, 404)
    assert b"%PDF" not in download.content
    assert AgreementDocument.objects.get() == document


def test_api_delete_is_204_for_an_editor_and_403_for_a_member(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
):
    document = _add(world, _agreement(world))
    url = f"{V1}/agreements/documents/{document.public_id}"

    denied = world.client("member_a").delete(url)
    with django_capture_on_commit_callbacks(execute=True):
        removed = world.client("admin_a").delete(url)
    again = world.client("admin_a").delete(url)

    assert (denied.status_code, removed.status_code, again.status_code) == (403, 204, 404)
    assert AgreementDocument.objects.count() == 0
    assert _stored(settings.MEDIA_ROOT) == []


# --- Query counts ---------------------------------------------------------------------------
def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", ["/agreements/{id}/", "/api/v1/agreements/{id}/documents"])
def test_document_lists_query_count_does_not_grow(world: World, url: str):
    agreement = _agreement(world)
    url = url.format(id=agreement.public_id)
    client = world.client("admin_a")
    _add(world, agreement)
    client.get(url)  # warm up: sessions, content types

    one = _queries(client, url)
    for _ in range(2):
        _add(world, agreement)
    three = _queries(client, url)

    assert one == three
