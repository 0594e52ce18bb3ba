"""HTTP responses shared by pages and the API."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_download(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored upload as a download of its checked type, never cached by shared caches or
    sniffed into something else by the browser. Call only after the permission check."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
