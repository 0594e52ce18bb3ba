"""A conversation never shows outside it: every page and API read of every role is walked.

The walk takes every GET route of the authorization matrix (so a new list or search joins it
automatically), asks each once plainly and once searching for the conversation's secret word,
and looks for that word in the answer. The participants' own inbox is the control: there the
word must appear, or the check would prove nothing.
"""

from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse

from consortia.messaging import services
from tests.test_authorization_matrix import MATRIX, Objects, objects  # noqa: F401 (fixture)

SECRET = "quokkazephyr"
QUERY = SECRET[:8]  # a prefix finds it; pages that echo the query never echo the whole word
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
GET_ROUTES = [
    (name, index)
    for name, cases in MATRIX.items()
    for index, case in enumerate(cases)
    if case.method == "GET"
]
OUTSIDERS = ["anonymous", "no_org", "member_b", "operator"]


def _searching(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in [parts.query, urlencode({"q": QUERY})] if q)
    return urlunsplit(parts._replace(query=query))


def _content(response: Any) -> bytes:
    if isinstance(response, FileResponse) or getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.fixture
def secret_conversation(objects: Objects) -> Any:  # noqa: F811
    users = objects.world.users
    conversation = services.start_conversation(
        by=users["member_a"],
        recipients=[users["admin_a"].person],
        subject=f"Pilot {SECRET}",
        body=f"Confidential pilot terms {SECRET} 机密",
        files=[SimpleUploadedFile(f"{SECRET}.pdf", PDF)],
    )
    services.send_message(conversation, by=users["admin_a"], body=f"Agreed on {SECRET}")
    return conversation


def test_participants_find_the_conversation(objects: Objects, secret_conversation: Any):  # noqa: F811
    for role in ["member_a", "admin_a"]:
        client = objects.world.client(role)

        page = client.get(f"/messages/?q={QUERY}")
        api = client.get(f"/api/v1/conversations?q={QUERY}")

        assert SECRET.encode() in page.content
        assert SECRET.encode() in api.content


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_page_or_api_read_shows_the_conversation_to_an_outsider(
    objects: Objects,  # noqa: F811
    secret_conversation: Any,
    role: str,
):
    client = objects.world.client(role)
    attachment = secret_conversation.messages.first().attachments.get()
    direct = [
        f"/messages/{secret_conversation.public_id}/",
        f"/messages/attachments/{attachment.public_id}/",
        f"/api/v1/conversations/{secret_conversation.public_id}",
        f"/api/v1/conversations/{secret_conversation.public_id}/messages",
        f"/api/v1/attachments/{attachment.public_id}",
    ]
    urls = [MATRIX[name][index].url(objects) for name, index in GET_ROUTES]
    walked = 0

    for url in [*urls, *[_searching(u) for u in urls], *direct]:
        response = client.get(url)
        walked += 1

        assert SECRET.encode() not in _content(response), f"{url} as {role}"
    for url in direct:
        assert client.get(url).status_code in {302, 401, 404}, url

    assert walked == 2 * len(GET_ROUTES) + len(direct)
    assert len(GET_ROUTES) > 60
