"""Where export files live: a private folder on disk, never served by the web
server, readable only by the site's own user."""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from .conf import conf


@deconstructible(path="privacy.storage.PrivateExportStorage")
class PrivateExportStorage(FileSystemStorage):
    """File storage under ``PRIVACY_EXPORT_STORAGE_DIR``, read when used (so a
    changed setting applies at once). It has no URL: files leave only through
    the signed download view."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return str(conf.EXPORT_STORAGE_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Export files have no public URL.")


export_storage = PrivateExportStorage()


def get_export_storage():
    return export_storage


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
