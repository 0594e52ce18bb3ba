"""Where uploads are stored: Django's file system storage that leaves no partial file behind when
a write fails, and says so plainly when the disk is full."""

import errno
import os
from typing import Any

from django.core.files.storage import FileSystemStorage

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageFull(OSError):
    """No room to store an upload (a full disk, a quota or a file-size limit)."""


class UploadStorage(FileSystemStorage):
    """A failed write removes the part already written; a full disk raises :class:`StorageFull`.
    (The database side of the same failure is rolled back by the caller's transaction, and
    ``uploads.atomic_with_files`` removes files stored earlier in it.)"""

    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)  # type: ignore[misc]  # not in the stubs
        except FileExistsError:
            raise
        except OSError as error:
            partial = self.path(name)
            if os.path.isfile(partial):
                os.unlink(partial)
            if error.errno in FULL:
                raise StorageFull(error.errno, os.strerror(error.errno), name) from error
            raise
