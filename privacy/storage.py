"""Where private files live: export ZIPs (and, beside them, the backups)
are never served by the web server and have no public URL.

The ``private`` alias of ``STORAGES`` holds the export files. The embedded
default is a folder outside ``MEDIA_ROOT`` (``PRIVACY_EXPORT_STORAGE_DIR``)
readable only by the site's own user; with more than one web machine it is a
private S3-compatible bucket (``AWS_PRIVATE_BUCKET_NAME``, see
``venue/settings/base.py``), so that a link mailed by one machine's worker
downloads through any other. Code reaches the files only through the storage
API (``private_storage()``): never through a local path."""

import os

from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible

from .conf import conf

PRIVATE_ALIAS = "private"


@deconstructible(path="privacy.storage.PrivateExportStorage")
class PrivateExportStorage(FileSystemStorage):
    """File storage under ``PRIVACY_EXPORT_STORAGE_DIR``, read when used (so a
    changed setting applies at once). It has no URL: files leave only through
    the signed download view."""

    def __init__(self, **kwargs):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return str(conf.EXPORT_STORAGE_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Export files have no public URL.")


def private_storage():
    """The storage of export files (``STORAGES["private"]``), as configured
    now."""
    return storages[PRIVATE_ALIAS]


def get_export_storage():
    """The export file field's storage (the field keeps what this returned
    when the model was loaded; code that opens or deletes files asks
    ``private_storage()`` instead, which follows the settings)."""
    return private_storage()


def local_scratch_dir(storage) -> str | None:
    """A folder on this machine for files being built before they go into
    ``storage``: its own folder when it is a local one (the data never
    leaves it), else None (the system's temporary folder, for a nameless
    file)."""
    if isinstance(storage, FileSystemStorage):
        os.makedirs(storage.location, mode=0o700, exist_ok=True)
        return storage.location
    return None


@deconstructible(path="privacy.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    """A private folder (the ``backups`` storage in ``STORAGES``): readable
    only by the site's user and without URLs. A private S3-compatible bucket
    replaces it when configured."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL.")
