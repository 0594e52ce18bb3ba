"""Posts about a project's progress, with attachments checked by content."""

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.core.uploads import atomic_with_files, check_uploads
from consortia.directory import policies as directory
from consortia.directory.services.validation import require_text

from .. import policies
from ..models import Project, Update, UpdateAttachment


def post_update(
    project: Project, *, by: Any, text: str, files: Sequence[UploadedFile] = ()
) -> Update:
    """A member of a partner organisation (or the operator) tells how the project is going."""
    require(
        policies.can_post_update(by, project),
        _("Only members of the partner organisations post updates."),
    )
    text = require_text("text", text, max_length=10_000)
    checked = check_uploads(list(files))
    memberships = directory.memberships_by_organisation(by)
    on_behalf = next(
        (
            memberships[p.organisation_id].organisation
            for p in project.partners.all()
            if p.organisation_id in memberships
        ),
        None,
    )
    with atomic_with_files() as saved:
        update = Update.objects.create(
            project=project, text=text, author=by, organisation=on_behalf, posted_at=clock.now()
        )
        for item in checked:
            attachment = UpdateAttachment(
                update=update,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
            )
            attachment.file.save(item.name, item.upload, save=False)
            saved.append(attachment)
            attachment.save()
        audit.record(
            "project.update_posted",
            actor=by,
            target=project,
            data={"update": str(update.public_id), "files": len(checked)},
        )
    return update
