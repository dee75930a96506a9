"""Private files on S3-compatible storage (``AWS_PRIVATE_BUCKET_NAME``):
export ZIPs and backups in a bucket no one lists or reads without the
site's credentials. Imported only when that bucket is configured."""

from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage


@deconstructible(path="privacy.s3.PrivateS3Storage")
class PrivateS3Storage(S3Storage):
    """Objects written with the ``private`` canned ACL, overwritten in place
    (a rebuilt export keeps its name), and no URLs at all: downloads stream
    through the site's own token-checked view, which checks the owner's
    session and the link's expiry on every request."""

    default_acl = "private"
    file_overwrite = True
    querystring_auth = True

    def get_default_settings(self):
        defaults = super().get_default_settings()
        # Not the media's public settings (AWS_LOCATION, a CDN's domain);
        # and reads spill to disk past 1 MB rather than load a whole file.
        defaults.update(
            default_acl="private",
            file_overwrite=True,
            querystring_auth=True,
            custom_domain=None,
            location="",
            max_memory_size=1024 * 1024,
        )
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; they leave through the site.")
